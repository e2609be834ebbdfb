// SPDX-License-Identifier: GPL-2.0
/*
 * The caller's mount namespace as user space names it: the inode number of
 * /proc/thread-self/ns/mnt. Neither struct mnt_namespace nor ns_get_path() is available to
 * modules, so the module asks the nsfs inode the way any process would; the never-reused id
 * comes from the hooks, which know the struct's layout (struct usip_ns).
 */
#include <linux/fs.h>
#include <linux/magic.h>
#include <linux/namei.h>
#include <linux/path.h>

#include "usip.h"

struct usip_ns usip_current_mnt_ns(void)
{
	struct usip_ns ns = { 0, 0 };
	struct path path;

	might_sleep();
	if (kern_path("/proc/thread-self/ns/mnt", LOOKUP_FOLLOW, &path))
		return ns;
	if (path.dentry->d_sb->s_magic == NSFS_MAGIC) {
		ns.inum = d_inode(path.dentry)->i_ino;
		ns.id = usip_hooks_current_mnt_ns_id();
	}
	path_put(&path);
	return ns;
}
