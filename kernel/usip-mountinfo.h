/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The caller's /proc/thread-self/mountinfo, read in the caller's context (so it is exactly
 * the caller's mount namespace, as seen from the caller's root) and parsed line by line.
 */
#ifndef _USIP_MOUNTINFO_H
#define _USIP_MOUNTINFO_H

#include <linux/types.h>
#include "usip-events.h"

struct usip_mountinfo {
	char *buf;	/* whole file, NUL-terminated; parsed in place */
	size_t len;
	size_t pos;	/* start of the next unparsed line */
};

int usip_mountinfo_read(struct usip_mountinfo *mi);
void usip_mountinfo_free(struct usip_mountinfo *mi);

/*
 * Parse the next line into @m (its strings point into mi->buf, valid until free).
 * Returns 1 for a mount, 0 at the end, -EPROTO for a line that is not mountinfo.
 */
int usip_mountinfo_next(struct usip_mountinfo *mi, struct usip_mount_info *m);

/*
 * The source column mountinfo prints for a mount with root @root where @sb's file system names
 * its device itself (->show_devname: btrfs, nfs, cifs...): written into @buf through a seq_file
 * of our own, as mountinfo's is but without a file, and unescaped. NULL when it has no such
 * method, it fails, or the name does not fit. Process context: show_devname() may sleep.
 */
struct super_block;
struct dentry;
const char *usip_mountinfo_devname(struct super_block *sb, struct dentry *root, char *buf,
				   size_t size);

/*
 * One mount of the caller's table (usip-mtab.c): by id, or the mount a path resolves to.
 * On success @m points into @mi, which the caller frees; -ENOENT when there is none.
 */
struct netlink_ext_ack;
int usip_mount_lookup_id(u32 id, struct usip_mountinfo *mi, struct usip_mount_info *m);
int usip_mount_lookup_path(const char *name, struct usip_mountinfo *mi,
			   struct usip_mount_info *m, struct netlink_ext_ack *extack);

#endif /* _USIP_MOUNTINFO_H */
