/* Shared declarations of the netlink socket shim (Node-API, C). */
#ifndef NETLINK_SHIM_H
#define NETLINK_SHIM_H

#include <node_api.h>
#include <stddef.h>
#include <uv.h>

/* One netlink socket and, once reading starts, its event-loop poll handle. */
typedef struct shim_socket {
  int fd;
  napi_env env;
  uv_poll_t poll;
  int poll_initialised; /* uv_poll_init done: the handle must be uv_close()d */
  int polling;          /* uv_poll_start active (not paused) */
  int closing;          /* shim_close() called: no more callbacks to JS */
  int poll_closing;     /* uv_close() requested; the fd closes in its callback */
  int finalized;        /* JS dropped the handle: free the struct once the poll handle closed */
  napi_ref on_event;    /* JS callback (kind, a, b, c) */
  napi_async_context async_context;
  napi_ref resource;    /* the async resource object for callback scopes */
  size_t buf_size;      /* bytes offered to each datagram's receive: the largest datagram read whole */
  napi_ref slab_ref;    /* ArrayBuffer that received datagrams are views of (see slab.c) */
  unsigned char *slab;
  size_t slab_size, slab_used;
  unsigned max_per_wakeup; /* bounds the work per readable event */
  int drain_pending;       /* an overrun was reported; say so once the queue reads empty */
} shim_socket;

/* Event kinds passed to the JS callback as the first argument. */
enum shim_event {
  SHIM_EV_DATAGRAM = 0, /* (slab: ArrayBuffer, offset, length, port, groups[, nsid]) */
  SHIM_EV_OVERRUN = 1,  /* () the kernel dropped messages: ENOBUFS */
  SHIM_EV_TRUNCATED = 2, /* (fullLength, newBufferSize) a datagram did not fit and was lost */
  SHIM_EV_ERROR = 3,    /* (Error) */
  SHIM_EV_DRAINED = 4,  /* () after an overrun, a read found the queue empty: delivery resumed */
};

/* Throws a Node error whose code is the errno name (e.g. "EPERM"); returns NULL for convenience. */
napi_value shim_throw_errno(napi_env env, int err, const char *syscall);
/* Builds, without throwing, the same error object. */
napi_value shim_errno_error(napi_env env, int err, const char *syscall);

/* Opens an AF_NETLINK socket; in netns_path's namespace when it is non-NULL. Returns fd or -errno. */
int shim_open_socket(int protocol, const char *netns_path);

/* Unwraps the socket external in argv[0]; throws and returns NULL when it is not an open socket. */
shim_socket *shim_unwrap(napi_env env, napi_value value);

/* Datagrams read by one recvmmsg at most. */
#define SHIM_BATCH_MAX 8

static inline size_t shim_align8(size_t n) { return (n + 7) & ~(size_t)7; }

/* Makes sure the slab has room for at least three receives of `stride` bytes; returns where to
 * receive and in *slots how many fit (at most SHIM_BATCH_MAX), or NULL (errno in *err). */
unsigned char *shim_slab_reserve(shim_socket *s, size_t stride, unsigned *slots, int *err);
/* Marks `length` bytes at the slab's first free place as used; returns their offset. */
size_t shim_slab_commit(shim_socket *s, size_t length);
/* Replaces the slab with a new one of at least `at_least` bytes; 0 or -ENOMEM. */
int shim_slab_fresh(shim_socket *s, size_t at_least);
/* The slab's ArrayBuffer was detached by JS (transferred): its memory is no longer ours. */
int shim_slab_detached(shim_socket *s);
void shim_slab_release(shim_socket *s);

napi_value shim_start(napi_env env, napi_callback_info info);
napi_value shim_pause(napi_env env, napi_callback_info info);
napi_value shim_resume(napi_env env, napi_callback_info info);
napi_value shim_set_buffer_size(napi_env env, napi_callback_info info);
/* Stops watching the fd and closes the poll handle; the fd closes in its close callback. */
void shim_stop_reading(shim_socket *s);
/* Closes the fd (if open) and frees the socket. */
void shim_release_socket(shim_socket *s);

#endif
