/* Received datagrams are read straight into a large ArrayBuffer (the slab) and handed to JS as
 * views of it, like Node's own Buffer pool: one allocation per slab instead of one per
 * datagram, which keeps the garbage collector out of small request/reply exchanges. A datagram
 * kept by JS keeps its slab alive; a full slab is simply replaced. */
#include <errno.h>

#include "shim.h"

#define SLAB_MIN_SIZE (256 * 1024)
#define SLAB_SLOTS 4 /* a new slab holds at least this many full-size datagrams */

static size_t align8(size_t n) { return (n + 7) & ~(size_t)7; }

/* JS may transfer a datagram's ArrayBuffer to a worker, which detaches it here: its memory is
 * no longer ours to write. */
static int slab_detached(shim_socket *s) {
  napi_value arraybuffer;
  bool detached = false;
  napi_get_reference_value(s->env, s->slab_ref, &arraybuffer);
  napi_is_detached_arraybuffer(s->env, arraybuffer, &detached);
  return detached;
}

unsigned char *shim_slab_reserve(shim_socket *s, int *err) {
  if (s->slab != NULL && s->slab_size - s->slab_used >= s->buf_size && !slab_detached(s))
    return s->slab + s->slab_used;
  size_t size = s->buf_size * SLAB_SLOTS > SLAB_MIN_SIZE ? s->buf_size * SLAB_SLOTS : SLAB_MIN_SIZE;
  napi_value arraybuffer;
  void *data;
  if (napi_create_arraybuffer(s->env, size, &data, &arraybuffer) != napi_ok) {
    *err = ENOMEM;
    return NULL;
  }
  shim_slab_release(s);
  napi_create_reference(s->env, arraybuffer, 1, &s->slab_ref);
  s->slab = data;
  s->slab_size = size;
  s->slab_used = 0;
  return s->slab;
}

napi_value shim_slab_commit(shim_socket *s, size_t length, size_t *offset) {
  *offset = s->slab_used;
  s->slab_used = align8(s->slab_used + length);
  napi_value arraybuffer;
  napi_get_reference_value(s->env, s->slab_ref, &arraybuffer);
  return arraybuffer;
}

void shim_slab_release(shim_socket *s) {
  if (s->slab_ref != NULL) napi_delete_reference(s->env, s->slab_ref);
  s->slab_ref = NULL;
  s->slab = NULL;
  s->slab_size = s->slab_used = 0;
}
