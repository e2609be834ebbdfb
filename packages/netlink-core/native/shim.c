/* Node-API entry points of the netlink socket shim: open, bind, options, send, close.
 * Reading (uv_poll) lives in reader.c, namespace switching in netns.c. Every function takes the
 * socket external returned by open() as its first argument. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/netlink.h>

#include "shim.h"

#define DEFAULT_BUFFER_SIZE (32 * 1024)
#define DEFAULT_MAX_PER_WAKEUP 64

static napi_value undefined(napi_env env) {
  napi_value u;
  napi_get_undefined(env, &u);
  return u;
}

static napi_value throw_type(napi_env env, const char *message) {
  napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", message);
  return NULL;
}

/* Reads a uint32 argument; an int32 result is enough for everything but groups masks. */
static int get_u32(napi_env env, napi_value v, uint32_t *out) {
  return napi_get_value_uint32(env, v, out) == napi_ok ? 0 : -1;
}

void shim_release_socket(shim_socket *s) {
  if (s->fd >= 0) close(s->fd);
  free(s);
}

/* The external's finalizer: only called once JS can no longer reach the socket. */
static void finalize_socket(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  shim_socket *s = data;
  s->finalized = 1;
  s->closing = 1;
  if (s->poll_initialised) {
    /* Reading still set up: reader.c frees the socket when the poll handle has closed. */
    shim_stop_reading(s);
    return;
  }
  shim_release_socket(s);
}

shim_socket *shim_unwrap(napi_env env, napi_value value) {
  void *data = NULL;
  if (napi_get_value_external(env, value, &data) != napi_ok || data == NULL) {
    throw_type(env, "expected a netlink socket handle");
    return NULL;
  }
  shim_socket *s = data;
  if (s->closing) {
    shim_throw_errno(env, EBADF, "netlink");
    return NULL;
  }
  return s;
}

/* open(protocol: number, netnsPath?: string): handle */
static napi_value shim_open(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  uint32_t protocol;
  if (argc < 1 || get_u32(env, argv[0], &protocol) != 0) return throw_type(env, "protocol must be a number");
  char path[4096];
  const char *netns_path = NULL;
  napi_valuetype type = napi_undefined;
  if (argc > 1) napi_typeof(env, argv[1], &type);
  if (type == napi_string) {
    size_t len;
    napi_get_value_string_utf8(env, argv[1], path, sizeof path, &len);
    if (len >= sizeof path - 1) return throw_type(env, "netns path too long");
    netns_path = path;
  }
  int fd = shim_open_socket((int)protocol, netns_path);
  if (fd < 0) return shim_throw_errno(env, -fd, netns_path ? "setns/socket" : "socket");

  shim_socket *s = calloc(1, sizeof *s);
  if (s == NULL) {
    close(fd);
    return shim_throw_errno(env, ENOMEM, "calloc");
  }
  s->fd = fd;
  s->env = env;
  s->buf_size = DEFAULT_BUFFER_SIZE;
  s->max_per_wakeup = DEFAULT_MAX_PER_WAKEUP;
  napi_value handle;
  napi_create_external(env, s, finalize_socket, NULL, &handle);
  return handle;
}

/* bind(handle, groups: number): void. Port 0: the kernel assigns a unique port id. */
static napi_value shim_bind(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  shim_socket *s = shim_unwrap(env, argv[0]);
  if (s == NULL) return NULL;
  uint32_t groups = 0;
  if (argc > 1 && get_u32(env, argv[1], &groups) != 0) return throw_type(env, "groups must be a number");
  struct sockaddr_nl addr = {.nl_family = AF_NETLINK, .nl_pid = 0, .nl_groups = groups};
  if (bind(s->fd, (struct sockaddr *)&addr, sizeof addr) < 0) return shim_throw_errno(env, errno, "bind");
  return undefined(env);
}

/* portId(handle): number, from getsockname. */
static napi_value shim_port_id(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  shim_socket *s = shim_unwrap(env, argv[0]);
  if (s == NULL) return NULL;
  struct sockaddr_nl addr;
  socklen_t len = sizeof addr;
  if (getsockname(s->fd, (struct sockaddr *)&addr, &len) < 0) return shim_throw_errno(env, errno, "getsockname");
  napi_value port;
  napi_create_uint32(env, addr.nl_pid, &port);
  return port;
}

/* setOption(handle, level, name, value: number): void. Every option we use takes an int. */
static napi_value shim_set_option(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  shim_socket *s = shim_unwrap(env, argv[0]);
  if (s == NULL) return NULL;
  uint32_t level, name, value;
  if (argc < 4 || get_u32(env, argv[1], &level) || get_u32(env, argv[2], &name) || get_u32(env, argv[3], &value))
    return throw_type(env, "setOption(handle, level, name, value) takes numbers");
  int v = (int)value;
  if (setsockopt(s->fd, (int)level, (int)name, &v, sizeof v) < 0) return shim_throw_errno(env, errno, "setsockopt");
  return undefined(env);
}

/* getOption(handle, level, name): number */
static napi_value shim_get_option(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  shim_socket *s = shim_unwrap(env, argv[0]);
  if (s == NULL) return NULL;
  uint32_t level, name;
  if (argc < 3 || get_u32(env, argv[1], &level) || get_u32(env, argv[2], &name))
    return throw_type(env, "getOption(handle, level, name) takes numbers");
  int v = 0;
  socklen_t len = sizeof v;
  if (getsockopt(s->fd, (int)level, (int)name, &v, &len) < 0) return shim_throw_errno(env, errno, "getsockopt");
  napi_value out;
  napi_create_int32(env, v, &out);
  return out;
}

/* listMemberships(handle): number[] (group ids), from NETLINK_LIST_MEMBERSHIPS' bitmap. */
static napi_value shim_list_memberships(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  shim_socket *s = shim_unwrap(env, argv[0]);
  if (s == NULL) return NULL;
  uint32_t words[64] = {0}; /* 2048 groups; the kernel reports the needed length if more */
  socklen_t len = sizeof words;
  if (getsockopt(s->fd, SOL_NETLINK, NETLINK_LIST_MEMBERSHIPS, words, &len) < 0)
    return shim_throw_errno(env, errno, "getsockopt");
  napi_value list;
  napi_create_array(env, &list);
  uint32_t count = 0;
  size_t nwords = len / sizeof words[0] < 64 ? len / sizeof words[0] : 64;
  for (size_t w = 0; w < nwords; w++)
    for (unsigned bit = 0; bit < 32; bit++)
      if (words[w] & (1u << bit)) {
        napi_value group;
        napi_create_uint32(env, (uint32_t)(w * 32 + bit + 1), &group);
        napi_set_element(env, list, count++, group);
      }
  return list;
}

/* send(handle, data: Uint8Array, port: number, groups: number): number of bytes sent */
static napi_value shim_send(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  shim_socket *s = shim_unwrap(env, argv[0]);
  if (s == NULL) return NULL;
  napi_typedarray_type type;
  size_t length;
  void *data;
  napi_value arraybuffer;
  size_t offset;
  bool is_typed = false;
  if (argc > 1) napi_is_typedarray(env, argv[1], &is_typed);
  if (!is_typed) return throw_type(env, "data must be a Uint8Array");
  napi_get_typedarray_info(env, argv[1], &type, &length, &data, &arraybuffer, &offset);
  if (type != napi_uint8_array && type != napi_uint8_clamped_array) return throw_type(env, "data must be a Uint8Array");
  uint32_t port = 0, groups = 0;
  if (argc > 2) get_u32(env, argv[2], &port);
  if (argc > 3) get_u32(env, argv[3], &groups);
  struct sockaddr_nl to = {.nl_family = AF_NETLINK, .nl_pid = port, .nl_groups = groups};
  ssize_t n;
  do {
    n = sendto(s->fd, data, length, 0, (struct sockaddr *)&to, sizeof to);
  } while (n < 0 && errno == EINTR);
  if (n < 0) return shim_throw_errno(env, errno, "sendto");
  napi_value sent;
  napi_create_uint32(env, (uint32_t)n, &sent);
  return sent;
}

/* close(handle): void. Idempotent. The fd closes now unless reading is set up, in which case it
 * closes with the poll handle (libuv must stop watching an fd before it is closed). */
static napi_value shim_close(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  void *data = NULL;
  if (napi_get_value_external(env, argv[0], &data) != napi_ok || data == NULL)
    return throw_type(env, "expected a netlink socket handle");
  shim_socket *s = data;
  if (s->closing) return undefined(env);
  s->closing = 1;
  if (s->poll_initialised) {
    shim_stop_reading(s);
  } else {
    close(s->fd);
    s->fd = -1;
  }
  return undefined(env);
}

/* ref(handle, on: boolean): whether an active reader keeps the event loop alive. */
static napi_value shim_ref(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  shim_socket *s = shim_unwrap(env, argv[0]);
  if (s == NULL) return NULL;
  bool on = true;
  if (argc > 1) napi_get_value_bool(env, argv[1], &on);
  if (s->poll_initialised) {
    if (on) uv_ref((uv_handle_t *)&s->poll);
    else uv_unref((uv_handle_t *)&s->poll);
  }
  return undefined(env);
}

static void set_constant(napi_env env, napi_value obj, const char *name, int value) {
  napi_value v;
  napi_create_int32(env, value, &v);
  napi_set_named_property(env, obj, name, v);
}

/* Option numbers come from the C headers, so TS never hard-codes them. */
static napi_value make_constants(napi_env env) {
  napi_value c;
  napi_create_object(env, &c);
  set_constant(env, c, "SOL_SOCKET", SOL_SOCKET);
  set_constant(env, c, "SOL_NETLINK", SOL_NETLINK);
  set_constant(env, c, "SO_RCVBUF", SO_RCVBUF);
  set_constant(env, c, "SO_RCVBUFFORCE", SO_RCVBUFFORCE);
  set_constant(env, c, "SO_SNDBUF", SO_SNDBUF);
  set_constant(env, c, "SO_SNDBUFFORCE", SO_SNDBUFFORCE);
  set_constant(env, c, "NETLINK_ADD_MEMBERSHIP", NETLINK_ADD_MEMBERSHIP);
  set_constant(env, c, "NETLINK_DROP_MEMBERSHIP", NETLINK_DROP_MEMBERSHIP);
  set_constant(env, c, "NETLINK_PKTINFO", NETLINK_PKTINFO);
  set_constant(env, c, "NETLINK_BROADCAST_ERROR", NETLINK_BROADCAST_ERROR);
  set_constant(env, c, "NETLINK_NO_ENOBUFS", NETLINK_NO_ENOBUFS);
  set_constant(env, c, "NETLINK_LISTEN_ALL_NSID", NETLINK_LISTEN_ALL_NSID);
  set_constant(env, c, "NETLINK_CAP_ACK", NETLINK_CAP_ACK);
  set_constant(env, c, "NETLINK_EXT_ACK", NETLINK_EXT_ACK);
  set_constant(env, c, "NETLINK_GET_STRICT_CHK", NETLINK_GET_STRICT_CHK);
  set_constant(env, c, "DEFAULT_BUFFER_SIZE", DEFAULT_BUFFER_SIZE);
  set_constant(env, c, "DEFAULT_MAX_PER_WAKEUP", DEFAULT_MAX_PER_WAKEUP);
  return c;
}

NAPI_MODULE_INIT(/* napi_env env, napi_value exports */) {
  napi_property_descriptor functions[] = {
      {"open", NULL, shim_open, NULL, NULL, NULL, napi_default, NULL},
      {"bind", NULL, shim_bind, NULL, NULL, NULL, napi_default, NULL},
      {"portId", NULL, shim_port_id, NULL, NULL, NULL, napi_default, NULL},
      {"setOption", NULL, shim_set_option, NULL, NULL, NULL, napi_default, NULL},
      {"getOption", NULL, shim_get_option, NULL, NULL, NULL, napi_default, NULL},
      {"listMemberships", NULL, shim_list_memberships, NULL, NULL, NULL, napi_default, NULL},
      {"send", NULL, shim_send, NULL, NULL, NULL, napi_default, NULL},
      {"start", NULL, shim_start, NULL, NULL, NULL, napi_default, NULL},
      {"pause", NULL, shim_pause, NULL, NULL, NULL, napi_default, NULL},
      {"resume", NULL, shim_resume, NULL, NULL, NULL, napi_default, NULL},
      {"setBufferSize", NULL, shim_set_buffer_size, NULL, NULL, NULL, napi_default, NULL},
      {"ref", NULL, shim_ref, NULL, NULL, NULL, napi_default, NULL},
      {"close", NULL, shim_close, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, sizeof functions / sizeof functions[0], functions);
  napi_set_named_property(env, exports, "constants", make_constants(env));
  return exports;
}
