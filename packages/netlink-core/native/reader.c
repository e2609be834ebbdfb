/* Reading, driven by the event loop: libuv polls the fd and each readable wake-up drains at most
 * max_per_wakeup datagrams (up to SHIM_BATCH_MAX per recvmmsg) before returning to the loop, so
 * a multicast flood cannot starve timers and other I/O. All JS callbacks of one wake-up run
 * inside one callback scope, so promises resolved by them settle before the loop goes on. */
#define _GNU_SOURCE /* recvmmsg */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/netlink.h>

#include "shim.h"

static napi_value undefined(napi_env env) {
  napi_value u;
  napi_get_undefined(env, &u);
  return u;
}

/* Calls onEvent(kind, ...args); a listener that throws becomes an uncaught exception and ends
 * this wake-up (returns 0). Returns 1 to keep reading. */
static int emit(shim_socket *s, napi_value callback, int kind, size_t argc, napi_value *args) {
  napi_env env = s->env;
  napi_value argv[7], result, global;
  napi_create_int32(env, kind, &argv[0]);
  for (size_t i = 0; i < argc && i < 6; i++) argv[i + 1] = args[i];
  napi_get_global(env, &global);
  if (napi_call_function(env, global, callback, argc + 1, argv, &result) == napi_ok) return 1;
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (pending) {
    napi_value error;
    napi_get_and_clear_last_exception(env, &error);
    napi_fatal_exception(env, error);
  }
  return 0;
}

static napi_value u32(napi_env env, uint32_t v) {
  napi_value out;
  napi_create_uint32(env, v, &out);
  return out;
}

static size_t next_power_of_two(size_t n) {
  size_t size = 4096;
  while (size < n) size <<= 1;
  return size;
}

static int emit_error(shim_socket *s, napi_value callback, int err, const char *syscall) {
  napi_value error = shim_errno_error(s->env, err, syscall);
  return emit(s, callback, SHIM_EV_ERROR, 1, &error);
}

/* With NETLINK_LISTEN_ALL_NSID, messages from other namespaces carry the sender's namespace id
 * (as seen from ours) in a control message; -1 when absent. */
static int sender_nsid(struct msghdr *msg) {
  for (struct cmsghdr *c = CMSG_FIRSTHDR(msg); c != NULL; c = CMSG_NXTHDR(msg, c))
    if (c->cmsg_level == SOL_NETLINK && c->cmsg_type == NETLINK_LISTEN_ALL_NSID) {
      int nsid;
      memcpy(&nsid, CMSG_DATA(c), sizeof nsid);
      return nsid;
    }
  return -1;
}

/* Where each datagram of a batch was received and how it went. */
struct batch {
  struct mmsghdr msgs[SHIM_BATCH_MAX];
  struct iovec iov[SHIM_BATCH_MAX];
  struct sockaddr_nl from[SHIM_BATCH_MAX];
  union {
    struct cmsghdr align;
    char space[CMSG_SPACE(sizeof(int))];
  } control[SHIM_BATCH_MAX];
};

/* Reports a failed receive. Returns 1 to keep reading, 0 to stop this wake-up. */
static int receive_failed(shim_socket *s, napi_value callback, int err) {
  if (err == EAGAIN || err == EWOULDBLOCK) {
    /* After an overrun the kernel drops everything for this socket (NETLINK_S_CONGESTED)
     * until a read finds its queue empty, as this one did: from now on it delivers again. */
    if (s->drain_pending) {
      s->drain_pending = 0;
      emit(s, callback, SHIM_EV_DRAINED, 0, NULL);
    }
    return 0;
  }
  if (err == EINTR) return 1;
  if (err == ENOBUFS) {
    s->drain_pending = 1;
    return emit(s, callback, SHIM_EV_OVERRUN, 0, NULL);
  }
  /* Not expected on netlink: stop reading rather than spin on a broken socket. */
  s->polling = 0;
  uv_poll_stop(&s->poll);
  emit_error(s, callback, err, "recvmsg");
  return 0;
}

static int emit_datagram(shim_socket *s, napi_value callback, struct mmsghdr *m, size_t offset) {
  napi_env env = s->env;
  struct sockaddr_nl *from = m->msg_hdr.msg_name;
  napi_value arraybuffer;
  napi_get_reference_value(env, s->slab_ref, &arraybuffer);
  napi_value args[6] = {arraybuffer, u32(env, (uint32_t)offset), u32(env, m->msg_len), u32(env, from->nl_pid),
                        u32(env, from->nl_groups), NULL};
  int nsid = sender_nsid(&m->msg_hdr);
  if (nsid < 0) return emit(s, callback, SHIM_EV_DATAGRAM, 5, args);
  napi_create_int32(env, nsid, &args[5]);
  return emit(s, callback, SHIM_EV_DATAGRAM, 6, args);
}

static int emit_truncated(shim_socket *s, napi_value callback, size_t length) {
  /* The datagram is lost; grow so the next one of this size fits, and say so. */
  if (length > s->buf_size) s->buf_size = next_power_of_two(length);
  napi_value args[2] = {u32(s->env, (uint32_t)length), u32(s->env, (uint32_t)s->buf_size)};
  return emit(s, callback, SHIM_EV_TRUNCATED, 2, args);
}

static int truncated(const struct mmsghdr *m) { return (m->msg_hdr.msg_flags & MSG_TRUNC) != 0; }

/* Copies datagrams first..n-1 of a batch from the current slab into a new one. */
static int rehome(shim_socket *s, struct batch *batch, size_t *offsets, int first, int n) {
  const unsigned char *old = s->slab;
  size_t total = 0;
  for (int j = first; j < n; j++)
    if (!truncated(&batch->msgs[j])) total += shim_align8(batch->msgs[j].msg_len);
  if (shim_slab_fresh(s, total) < 0) return -1;
  for (int j = first; j < n; j++) {
    if (truncated(&batch->msgs[j])) continue;
    size_t offset = shim_slab_commit(s, batch->msgs[j].msg_len);
    memcpy(s->slab + offset, old + offsets[j], batch->msgs[j].msg_len);
    offsets[j] = offset;
  }
  return 0;
}

/*
 * One recvmmsg of up to `budget` datagrams into consecutive slots of the slab, which are then
 * packed together so the slab fills as densely as with one recvmsg each. A request's reply and
 * its ACK come in one system call instead of three (two reads and the one that finds the queue
 * empty). Every datagram received is emitted, even if a listener throws or pauses the socket,
 * since it is no longer in the kernel. Returns how many were received when the batch was full
 * (more may be queued), 0 to stop this wake-up.
 */
static unsigned read_batch(shim_socket *s, napi_value callback, unsigned budget) {
  struct batch batch_storage;
  struct batch *batch = &batch_storage;
  size_t stride = shim_align8(s->buf_size);
  unsigned slots = 0;
  int err = 0;
  unsigned char *into = shim_slab_reserve(s, stride, &slots, &err);
  if (into == NULL) return emit_error(s, callback, err, "recvmsg"), 0;
  unsigned vlen = budget < slots ? budget : slots;
  for (unsigned i = 0; i < vlen; i++) {
    batch->iov[i] = (struct iovec){.iov_base = into + i * stride, .iov_len = s->buf_size};
    batch->msgs[i].msg_hdr = (struct msghdr){.msg_name = &batch->from[i],
                                             .msg_namelen = sizeof batch->from[i],
                                             .msg_iov = &batch->iov[i],
                                             .msg_iovlen = 1,
                                             .msg_control = &batch->control[i],
                                             .msg_controllen = sizeof batch->control[i]};
  }
  /* MSG_TRUNC makes each entry's length the datagram's full length even when it did not fit. A
   * failure after the first datagram is kept by the kernel for the next call (do_recvmmsg). */
  int n = recvmmsg(s->fd, batch->msgs, vlen, MSG_TRUNC | MSG_DONTWAIT, NULL);
  if (n < 0) return receive_failed(s, callback, errno);
  /* Pack the datagrams first, before any JS runs: each moves down, never over one unread. */
  size_t offsets[SHIM_BATCH_MAX];
  for (int i = 0; i < n; i++) {
    struct mmsghdr *m = &batch->msgs[i];
    if (truncated(m)) continue;
    offsets[i] = shim_slab_commit(s, m->msg_len);
    if (s->slab + offsets[i] != (unsigned char *)batch->iov[i].iov_base)
      memmove(s->slab + offsets[i], batch->iov[i].iov_base, m->msg_len);
  }
  int keep_going = 1;
  for (int i = 0; i < n && !s->closing; i++) {
    struct mmsghdr *m = &batch->msgs[i];
    if (truncated(m)) {
      keep_going &= emit_truncated(s, callback, m->msg_len);
      continue;
    }
    /* A listener that transferred the slab away took the later datagrams' memory with it;
     * copy them into a new slab before any more JS runs. */
    if (i > 0 && shim_slab_detached(s) && rehome(s, batch, offsets, i, n) < 0)
      return emit_error(s, callback, ENOMEM, "recvmsg"), 0;
    keep_going &= emit_datagram(s, callback, m, offsets[i]);
  }
  if (!keep_going || s->closing) return 0;
  /* A short batch means the queue read empty, or that an error waits for the next call; after
   * an overrun, that next call is what tells the two apart. */
  if ((unsigned)n < vlen && !s->drain_pending) return 0;
  return (unsigned)n;
}

static void on_readable(uv_poll_t *handle, int status, int events) {
  (void)events;
  shim_socket *s = handle->data;
  if (s->closing) return;
  napi_env env = s->env;
  napi_handle_scope handles;
  napi_open_handle_scope(env, &handles);
  napi_value callback, resource;
  napi_get_reference_value(env, s->on_event, &callback);
  napi_get_reference_value(env, s->resource, &resource);
  napi_callback_scope scope;
  napi_open_callback_scope(env, resource, s->async_context, &scope);
  /* A netlink overrun sets sk_err, so epoll reports POLLERR; libuv turns that into UV_EBADF and
   * stops the handle. The socket is fine: restart polling and let recvmsg report ENOBUFS. */
  if (status == UV_EBADF && s->polling) status = uv_poll_start(&s->poll, UV_READABLE, on_readable);
  if (status < 0) {
    s->polling = 0;
    emit_error(s, callback, -status, "uv_poll");
  } else {
    unsigned budget = s->max_per_wakeup;
    while (budget > 0 && s->polling && !s->closing) {
      unsigned got = read_batch(s, callback, budget);
      if (got == 0) break;
      budget -= got < budget ? got : budget;
    }
  }
  napi_close_callback_scope(env, scope);
  napi_close_handle_scope(env, handles);
}

static void on_poll_closed(uv_handle_t *handle) {
  shim_socket *s = handle->data;
  /* A socket finalized while reading is one whose environment is being torn down (while it
   * reads, the JS callback holds the socket alive): Node-API must not be called any more. */
  if (!s->finalized) {
    napi_delete_reference(s->env, s->on_event);
    napi_delete_reference(s->env, s->resource);
    shim_slab_release(s);
    napi_async_destroy(s->env, s->async_context);
  }
  s->poll_initialised = 0;
  close(s->fd);
  s->fd = -1;
  if (s->finalized) shim_release_socket(s);
}

void shim_stop_reading(shim_socket *s) {
  if (!s->poll_initialised || s->poll_closing) return;
  s->poll_closing = 1;
  s->polling = 0;
  uv_poll_stop(&s->poll);
  uv_close((uv_handle_t *)&s->poll, on_poll_closed);
}

/* start(handle, onEvent: (kind, a, b, c) => void, maxPerWakeup?: number): void */
napi_value shim_start(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  shim_socket *s = shim_unwrap(env, argv[0]);
  if (s == NULL) return NULL;
  napi_valuetype type = napi_undefined;
  if (argc > 1) napi_typeof(env, argv[1], &type);
  if (type != napi_function) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "onEvent must be a function");
    return NULL;
  }
  if (s->poll_initialised) return shim_throw_errno(env, EALREADY, "start");
  uint32_t max = 0;
  if (argc > 2 && napi_get_value_uint32(env, argv[2], &max) == napi_ok && max > 0) s->max_per_wakeup = max;
  uv_loop_t *loop;
  napi_get_uv_event_loop(env, &loop);
  int err = uv_poll_init(loop, &s->poll, s->fd);
  if (err < 0) return shim_throw_errno(env, -err, "uv_poll_init");
  s->poll.data = s;
  s->poll_initialised = 1;
  napi_value resource, name;
  napi_create_object(env, &resource);
  napi_create_string_utf8(env, "NetlinkSocket", NAPI_AUTO_LENGTH, &name);
  napi_async_init(env, resource, name, &s->async_context);
  napi_create_reference(env, resource, 1, &s->resource);
  napi_create_reference(env, argv[1], 1, &s->on_event);
  err = uv_poll_start(&s->poll, UV_READABLE, on_readable);
  if (err < 0) return shim_throw_errno(env, -err, "uv_poll_start");
  s->polling = 1;
  return undefined(env);
}

static napi_value set_polling(napi_env env, napi_callback_info info, int on) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  shim_socket *s = shim_unwrap(env, argv[0]);
  if (s == NULL) return NULL;
  if (!s->poll_initialised || s->polling == on) return undefined(env);
  int err = on ? uv_poll_start(&s->poll, UV_READABLE, on_readable) : uv_poll_stop(&s->poll);
  if (err < 0) return shim_throw_errno(env, -err, on ? "uv_poll_start" : "uv_poll_stop");
  s->polling = on;
  return undefined(env);
}

/* pause(handle) / resume(handle): stop and restart reading; datagrams wait in the kernel. */
napi_value shim_pause(napi_env env, napi_callback_info info) { return set_polling(env, info, 0); }
napi_value shim_resume(napi_env env, napi_callback_info info) { return set_polling(env, info, 1); }

/* setBufferSize(handle, bytes): what each recvmsg offers, i.e. the largest datagram read whole. */
napi_value shim_set_buffer_size(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  shim_socket *s = shim_unwrap(env, argv[0]);
  if (s == NULL) return NULL;
  uint32_t size = 0;
  if (argc < 2 || napi_get_value_uint32(env, argv[1], &size) != napi_ok || size < 16 || size > (1u << 26)) {
    napi_throw_range_error(env, "ERR_OUT_OF_RANGE", "buffer size must be between 16 bytes and 64 MiB");
    return NULL;
  }
  s->buf_size = size;
  return undefined(env);
}
