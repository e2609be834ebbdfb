/* Received datagrams are read straight into a large ArrayBuffer (the slab) and handed to JS as
 * views of it, like Node's own Buffer pool: one allocation per slab instead of one per
 * datagram, which keeps the garbage collector out of small request/reply exchanges. A datagram
 * kept by JS keeps its slab alive; a full slab is simply replaced. */
#include <errno.h>

#include "shim.h"

#define SLAB_MIN_SIZE (256 * 1024)
#define SLAB_SLOTS 8 /* a new slab holds at least this many full-size datagrams */
/* A reply and its ACK, and room to see that nothing followed them (a short batch): below this
 * much room a new slab starts, so a request never needs a second read to find the queue empty.
 * The unused tail costs nothing: its pages were never touched. */
#define BATCH_MIN 3

/* JS may transfer a datagram's ArrayBuffer to a worker, which detaches it here: its memory is
 * no longer ours to write. (The JS socket marks slabs untransferable; this is the backstop.) */
int shim_slab_detached(shim_socket *s) {
  napi_value arraybuffer;
  bool detached = false;
  napi_get_reference_value(s->env, s->slab_ref, &arraybuffer);
  napi_is_detached_arraybuffer(s->env, arraybuffer, &detached);
  return detached;
}

int shim_slab_fresh(shim_socket *s, size_t at_least) {
  size_t size = s->buf_size * SLAB_SLOTS > SLAB_MIN_SIZE ? s->buf_size * SLAB_SLOTS : SLAB_MIN_SIZE;
  if (size < at_least) size = at_least;
  napi_value arraybuffer;
  void *data;
  if (napi_create_arraybuffer(s->env, size, &data, &arraybuffer) != napi_ok) return -ENOMEM;
  shim_slab_release(s);
  napi_create_reference(s->env, arraybuffer, 1, &s->slab_ref);
  s->slab = data;
  s->slab_size = size;
  s->slab_used = 0;
  return 0;
}

unsigned char *shim_slab_reserve(shim_socket *s, size_t stride, unsigned *slots, int *err) {
  int usable = s->slab != NULL && s->slab_size - s->slab_used >= BATCH_MIN * stride && !shim_slab_detached(s);
  if (!usable) {
    int fresh = shim_slab_fresh(s, BATCH_MIN * stride);
    if (fresh < 0) {
      *err = -fresh;
      return NULL;
    }
  }
  size_t room = (s->slab_size - s->slab_used) / stride;
  *slots = room < SHIM_BATCH_MAX ? (unsigned)room : SHIM_BATCH_MAX;
  return s->slab + s->slab_used;
}

size_t shim_slab_commit(shim_socket *s, size_t length) {
  size_t offset = s->slab_used;
  s->slab_used = shim_align8(s->slab_used + length);
  return offset;
}

void shim_slab_release(shim_socket *s) {
  if (s->slab_ref != NULL) napi_delete_reference(s->env, s->slab_ref);
  s->slab_ref = NULL;
  s->slab = NULL;
  s->slab_size = s->slab_used = 0;
}
