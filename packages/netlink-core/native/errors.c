/* Node errors whose `code` is the errno name, like the errors of Node's own fs and net modules. */
#include <string.h>

#include "shim.h"

napi_value shim_errno_error(napi_env env, int err, const char *syscall) {
  /* uv_err_name takes libuv's negated errno; on Linux the two numberings agree. */
  const char *name = uv_err_name(-err);
  char text[256];
  snprintf(text, sizeof text, "%s %s: %s", syscall, name, strerror(err));
  napi_value code, message, error, errno_value, syscall_value;
  napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &code);
  napi_create_string_utf8(env, text, NAPI_AUTO_LENGTH, &message);
  napi_create_error(env, code, message, &error);
  napi_create_int32(env, err, &errno_value);
  napi_create_string_utf8(env, syscall, NAPI_AUTO_LENGTH, &syscall_value);
  napi_set_named_property(env, error, "errno", errno_value);
  napi_set_named_property(env, error, "syscall", syscall_value);
  return error;
}

napi_value shim_throw_errno(napi_env env, int err, const char *syscall) {
  napi_throw(env, shim_errno_error(env, err, syscall));
  return NULL;
}
