/* Opening a socket inside another network namespace without moving the Node process.
 *
 * setns(CLONE_NEWNET) changes the namespace of the calling thread only, and a socket keeps the
 * namespace it was created in for its whole life. So a short-lived thread enters the namespace,
 * creates the socket and exits; the main thread and libuv's workers never leave their own. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/netlink.h>

#include "shim.h"

static int create_netlink_fd(int protocol) {
  int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, protocol);
  return fd < 0 ? -errno : fd;
}

typedef struct {
  int protocol;
  const char *netns_path;
  int result; /* fd or -errno */
} netns_job;

static void *open_in_namespace(void *arg) {
  netns_job *job = arg;
  int ns = open(job->netns_path, O_RDONLY | O_CLOEXEC);
  if (ns < 0) {
    job->result = -errno;
    return NULL;
  }
  if (setns(ns, CLONE_NEWNET) < 0) {
    job->result = -errno;
  } else {
    job->result = create_netlink_fd(job->protocol);
  }
  close(ns);
  return NULL;
}

int shim_open_socket(int protocol, const char *netns_path) {
  if (netns_path == NULL) return create_netlink_fd(protocol);
  netns_job job = {protocol, netns_path, -EINVAL};
  pthread_t thread;
  int err = pthread_create(&thread, NULL, open_in_namespace, &job);
  if (err != 0) return -err;
  pthread_join(thread, NULL);
  return job.result;
}
