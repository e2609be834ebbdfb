/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A snapshot of one mount as mountinfo would show it, taken inside a mount hook (atomic, with
 * the kernel's mount_lock usually held), so a change record describes the mount as the change
 * left it. Only the per-superblock options and a file system's own device name need process
 * context (->show_options and ->show_devname may sleep): the snapshot holds an active
 * superblock reference, and the mount's root for ->show_devname, for usip_mtab_capture_finish().
 */
#ifndef _USIP_MOUNT_SNAPSHOT_H
#define _USIP_MOUNT_SNAPSHOT_H

#include <linux/list.h>
#include <linux/path.h>
#include <linux/types.h>

#include "usip-events.h"

struct super_block;

struct usip_mtab_capture {
	struct list_head node;
	struct usip_mtab_event ev;
	struct usip_mount_info info;	/* strings point into strings[] */
	struct super_block *sb;		/* active reference, or NULL */
	struct dentry *devname_root;	/* reference, if sb has ->show_devname, or NULL */
	bool ns_end;			/* no record: ev.mnt_ns ended (ids only) */
	char strings[];
};

/* Scratch space a snapshot needs (two paths), per CPU, allocated by the caller. */
#define USIP_SNAPSHOT_SCRATCH (2 * PATH_MAX)

/*
 * Snapshot struct mount @m for a change @action in namespace @ns (a struct mnt_namespace *,
 * whose ids are @mnt_ns), its mount point and propagate_from as seen from @root (NULL: from
 * its namespace's root). Any context, never sleeps (GFP_ATOMIC). A UMOUNT snapshot holds only
 * ids. NULL when out of memory.
 */
struct usip_mtab_capture *usip_mtab_capture(void *m, void *ns, struct usip_ns mnt_ns, u32 action,
					   char *scratch, const struct path *root);

/*
 * Process context: add the superblock options (into @buf) and the file system's own name of
 * its device, where it has one (into @devname), drop the references.
 */
void usip_mtab_capture_finish(struct usip_mtab_capture *c, char *buf, size_t size,
			      char *devname, size_t devname_size);
void usip_mtab_capture_free(struct usip_mtab_capture *c);

/* The mount after @p in a pre-order walk of the tree under @root (the kernel's next_mnt()). */
void *usip_next_mount(void *p, void *root);

#endif /* _USIP_MOUNT_SNAPSHOT_H */
