/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The C USIP watcher's copy of the mount table: a hash table keyed by mount id (O(1) per
 * change record, whatever the table's size), holding the fields usip-watcher.mjs compares
 * with /proc/self/mountinfo.
 */
#ifndef USIP_BENCH_MOUNT_TABLE_H
#define USIP_BENCH_MOUNT_TABLE_H

#include <stddef.h>
#include <stdint.h>

enum mount_text {
	MOUNT_ROOT,
	MOUNT_POINT,
	MOUNT_OPTIONS,
	MOUNT_FS_TYPE,
	MOUNT_SOURCE,
	MOUNT_SUPER_OPTIONS,
	MOUNT_TEXTS
};

extern const char *const mount_text_names[MOUNT_TEXTS];

/* One mount; absent peer groups are 0, as the kernel leaves the attribute out for 0. */
struct mount {
	uint32_t id, parent_id, major, minor, shared, master;
	const char *text[MOUNT_TEXTS];	/* each NUL-terminated, all in one allocation */
	struct mount *next;		/* hash chain */
	uint32_t mark;			/* the table check's visit stamp */
};

struct mount_table {
	struct mount **buckets;
	size_t n_buckets;	/* a power of two */
	size_t size;
	uint64_t seq;		/* the last change the table includes */
};

/* A mount's values before they are copied into the table (strings need not end in NUL). */
struct mount_fields {
	uint32_t id, parent_id, major, minor, shared, master;
	const char *text[MOUNT_TEXTS];
	size_t len[MOUNT_TEXTS];
};

void mount_table_init(struct mount_table *t);
void mount_table_free(struct mount_table *t);
/* Moves src's contents into dst (freeing dst's), leaving src empty. */
void mount_table_take(struct mount_table *dst, struct mount_table *src);
struct mount *mount_table_get(const struct mount_table *t, uint32_t id);
/* Inserts or replaces the mount with f->id; 0 or -ENOMEM. */
int mount_table_put(struct mount_table *t, const struct mount_fields *f);
void mount_table_remove(struct mount_table *t, uint32_t id);

#endif
