// SPDX-License-Identifier: GPL-2.0
/* The C USIP watcher's mount table: chained hashing on the mount id, see mount-table.h. */
#include "mount-table.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

const char *const mount_text_names[MOUNT_TEXTS] = {
	[MOUNT_ROOT] = "root",
	[MOUNT_POINT] = "mountPoint",
	[MOUNT_OPTIONS] = "mountOptions",
	[MOUNT_FS_TYPE] = "fsType",
	[MOUNT_SOURCE] = "source",
	[MOUNT_SUPER_OPTIONS] = "superOptions",
};

/* Mount ids are handed out in sequence: a multiplicative hash spreads neighbours anyway. */
static size_t bucket_of(const struct mount_table *t, uint32_t id)
{
	return (size_t)((id * 2654435761u) & (uint32_t)(t->n_buckets - 1));
}

void mount_table_init(struct mount_table *t)
{
	memset(t, 0, sizeof(*t));
}

void mount_table_free(struct mount_table *t)
{
	size_t i;
	struct mount *m, *next;

	for (i = 0; i < t->n_buckets; i++)
		for (m = t->buckets[i]; m; m = next) {
			next = m->next;
			free(m);
		}
	free(t->buckets);
	mount_table_init(t);
}

void mount_table_take(struct mount_table *dst, struct mount_table *src)
{
	mount_table_free(dst);
	*dst = *src;
	mount_table_init(src);
}

struct mount *mount_table_get(const struct mount_table *t, uint32_t id)
{
	struct mount *m;

	if (!t->n_buckets)
		return NULL;
	for (m = t->buckets[bucket_of(t, id)]; m; m = m->next)
		if (m->id == id)
			return m;
	return NULL;
}

/* Doubles the buckets when the chains would average more than one mount. */
static int grow(struct mount_table *t)
{
	struct mount_table bigger = { .n_buckets = t->n_buckets ? 2 * t->n_buckets : 1024 };
	struct mount *m, *next;
	size_t i;

	if (t->size < t->n_buckets)
		return 0;
	bigger.buckets = calloc(bigger.n_buckets, sizeof(*bigger.buckets));
	if (!bigger.buckets)
		return -ENOMEM;
	for (i = 0; i < t->n_buckets; i++)
		for (m = t->buckets[i]; m; m = next) {
			next = m->next;
			m->next = bigger.buckets[bucket_of(&bigger, m->id)];
			bigger.buckets[bucket_of(&bigger, m->id)] = m;
		}
	free(t->buckets);
	t->buckets = bigger.buckets;
	t->n_buckets = bigger.n_buckets;
	return 0;
}

int mount_table_put(struct mount_table *t, const struct mount_fields *f)
{
	size_t bytes = sizeof(struct mount), i;
	struct mount *m;
	char *text;

	for (i = 0; i < MOUNT_TEXTS; i++)
		bytes += f->len[i] + 1;
	m = malloc(bytes);
	if (!m || grow(t)) {
		free(m);
		return -ENOMEM;
	}
	*m = (struct mount){ .id = f->id, .parent_id = f->parent_id, .major = f->major,
			     .minor = f->minor, .shared = f->shared, .master = f->master };
	text = (char *)(m + 1);
	for (i = 0; i < MOUNT_TEXTS; i++) {
		memcpy(text, f->text[i], f->len[i]);
		text[f->len[i]] = '\0';
		m->text[i] = text;
		text += f->len[i] + 1;
	}
	mount_table_remove(t, f->id);
	m->next = t->buckets[bucket_of(t, f->id)];
	t->buckets[bucket_of(t, f->id)] = m;
	t->size++;
	return 0;
}

void mount_table_remove(struct mount_table *t, uint32_t id)
{
	struct mount **link, *m;

	if (!t->n_buckets)
		return;
	for (link = &t->buckets[bucket_of(t, id)]; (m = *link); link = &m->next)
		if (m->id == id) {
			*link = m->next;
			free(m);
			t->size--;
			return;
		}
}
