/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The C USIP watcher's "check": its table against /proc/self/mountinfo, field by field, as
 * usip-watcher.mjs compares its live table (id, parent, major:minor, root, mount point, mount
 * options, fs type, source, super options, shared and master peer groups).
 */
#ifndef USIP_BENCH_MOUNTINFO_CHECK_H
#define USIP_BENCH_MOUNTINFO_CHECK_H

#include <stddef.h>

#include "mount-table.h"

struct check_result {
	int same;
	size_t mountinfo_size;
	char first_difference[512];	/* "null" when the tables are the same */
};

/* Fills t with /proc/self/mountinfo's mounts (the self-test's reference table); 0 or -errno. */
int mountinfo_load(struct mount_table *t);

/* 0, or -errno when mountinfo cannot be read. */
int mountinfo_check(struct mount_table *t, struct check_result *r);

#endif
