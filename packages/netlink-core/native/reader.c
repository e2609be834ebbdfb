/* Reading, driven by the event loop: libuv polls the fd and each readable wake-up drains at most
 * max_per_wakeup datagrams (one recvmsg each) before returning to the loop, so a multicast flood
 * cannot starve timers and other I/O. All JS callbacks of one wake-up run inside one callback
 * scope, so promises resolved by them settle before the loop goes on. */
#include <errno.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/netlink.h>

#include "shim.h"

static napi_value undefined(napi_env env) {
  napi_value u;
  napi_get_undefined(env, &u);
  return u;
}

/* Calls onEvent(kind, a, b, c); a listener that throws becomes an uncaught exception. Returns -1 then. */
static int emit(shim_socket *s, napi_value callback, int kind, napi_value a, napi_value b, napi_value c) {
  napi_env env = s->env;
  napi_value argv[4], result, global;
  napi_create_int32(env, kind, &argv[0]);
  argv[1] = a ? a : undefined(env);
  argv[2] = b ? b : undefined(env);
  argv[3] = c ? c : undefined(env);
  napi_get_global(env, &global);
  if (napi_call_function(env, global, callback, 4, argv, &result) == napi_ok) return 0;
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (pending) {
    napi_value error;
    napi_get_and_clear_last_exception(env, &error);
    napi_fatal_exception(env, error);
  }
  return -1;
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

/* One recvmsg; emits what it got. Returns 1 to keep reading, 0 to stop this wake-up. */
static int read_one(shim_socket *s, napi_value callback) {
  napi_env env = s->env;
  struct sockaddr_nl from;
  struct iovec iov = {.iov_base = s->buf, .iov_len = s->buf_size};
  struct msghdr msg = {.msg_name = &from, .msg_namelen = sizeof from, .msg_iov = &iov, .msg_iovlen = 1};
  /* MSG_TRUNC makes recvmsg return the datagram's full length even when it did not fit. */
  ssize_t n = recvmsg(s->fd, &msg, MSG_TRUNC);
  if (n < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK) return 0;
    if (errno == EINTR) return 1;
    if (errno == ENOBUFS) return emit(s, callback, SHIM_EV_OVERRUN, NULL, NULL, NULL) == 0;
    /* Not expected on netlink: stop reading rather than spin on a broken socket. */
    int err = errno;
    s->polling = 0;
    uv_poll_stop(&s->poll);
    emit(s, callback, SHIM_EV_ERROR, shim_errno_error(env, err, "recvmsg"), NULL, NULL);
    return 0;
  }
  if (msg.msg_flags & MSG_TRUNC) {
    /* The datagram is lost; grow so the next one of this size fits, and say so. */
    size_t grown = next_power_of_two((size_t)n);
    unsigned char *bigger = grown > s->buf_size ? realloc(s->buf, grown) : NULL;
    if (bigger != NULL) {
      s->buf = bigger;
      s->buf_size = grown;
    }
    return emit(s, callback, SHIM_EV_TRUNCATED, u32(env, (uint32_t)n), u32(env, (uint32_t)s->buf_size), NULL) == 0;
  }
  napi_value data;
  void *copy;
  napi_create_buffer_copy(env, (size_t)n, s->buf, &copy, &data);
  return emit(s, callback, SHIM_EV_DATAGRAM, data, u32(env, from.nl_pid), u32(env, from.nl_groups)) == 0;
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
    emit(s, callback, SHIM_EV_ERROR, shim_errno_error(env, -status, "uv_poll"), NULL, NULL);
  } else {
    for (unsigned i = 0; i < s->max_per_wakeup && s->polling && !s->closing; i++)
      if (!read_one(s, callback)) break;
  }
  napi_close_callback_scope(env, scope);
  napi_close_handle_scope(env, handles);
}

static void on_poll_closed(uv_handle_t *handle) {
  shim_socket *s = handle->data;
  napi_delete_reference(s->env, s->on_event);
  napi_delete_reference(s->env, s->resource);
  napi_async_destroy(s->env, s->async_context);
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

/* setBufferSize(handle, bytes): the receive buffer, i.e. the largest datagram read whole. */
napi_value shim_set_buffer_size(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  shim_socket *s = shim_unwrap(env, argv[0]);
  if (s == NULL) return NULL;
  uint32_t size = 0;
  if (argc < 2 || napi_get_value_uint32(env, argv[1], &size) != napi_ok || size < 16) {
    napi_throw_range_error(env, "ERR_OUT_OF_RANGE", "buffer size must be at least 16 bytes");
    return NULL;
  }
  unsigned char *buf = realloc(s->buf, size);
  if (buf == NULL) return shim_throw_errno(env, ENOMEM, "realloc");
  s->buf = buf;
  s->buf_size = size;
  return undefined(env);
}
