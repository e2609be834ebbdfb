// SPDX-License-Identifier: GPL-2.0
/*
 * Mount snapshots (see usip-mount-snapshot.h). Paths are built backwards the way the
 * kernel's prepend_path() does, walking dentries and mounts under RCU (the hooks run with
 * preemption disabled); the caller usually holds mount_lock, which keeps the mount tree still.
 */
#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/mount.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "usip.h"
#include "usip-layout.h"
#include "usip-mount-snapshot.h"
#include "usip-mountinfo.h"
#include "usip-propagation.h"

/* Deeper paths than this are surely a corrupt or changing tree: give up on the string. */
#define USIP_MAX_PATH_DEPTH 1024

#define PARENT(m) USIP_MOUNT_FIELD(m, mnt_parent, void *)
#define MOUNTPOINT(m) USIP_MOUNT_FIELD(m, mnt_mountpoint, struct dentry *)

void *usip_next_mount(void *p, void *root)
{
	struct list_head *next = USIP_MOUNT_LIST(p, mnt_mounts)->next;

	if (next == USIP_MOUNT_LIST(p, mnt_mounts)) {
		for (;;) {
			if (p == root)
				return NULL;
			next = USIP_MOUNT_LIST(p, mnt_child)->next;
			if (next != USIP_MOUNT_LIST(PARENT(p), mnt_mounts))
				break;
			p = PARENT(p);
		}
	}
	return USIP_LIST_MOUNT(next, mnt_child);
}

/* A string growing backwards from the end of a buffer. */
struct rev_buf {
	char *start;
	char *pos;
	bool overflow;
};

static void prepend(struct rev_buf *b, const char *s, u32 len)
{
	if (b->overflow || len > b->pos - b->start) {
		b->overflow = true;
		return;
	}
	b->pos -= len;
	memcpy(b->pos, s, len);
}

/* Prepend "/name" for each dentry from @d up to (not including) @stop. */
static void prepend_dentries(struct rev_buf *b, struct dentry *d, struct dentry *stop)
{
	int depth = 0;

	while (d != stop && !IS_ROOT(d) && !b->overflow) {
		/* As prepend_name(): a concurrent rename may change the name, not free it. */
		const char *name = smp_load_acquire(&d->d_name.name);
		u32 len = READ_ONCE(d->d_name.len);

		if (++depth > USIP_MAX_PATH_DEPTH) {
			b->overflow = true;
			return;
		}
		prepend(b, name, len);
		prepend(b, "/", 1);
		d = READ_ONCE(d->d_parent);
	}
}

/*
 * Mount point of @m as seen from @root (the root of the task making the change, which is
 * normally the listeners' root too), the way prepend_path() walks; a mount outside @root is
 * given relative to the root of its namespace. When the change propagated from another
 * namespace (@foreign), @root is a mount of that namespace: its directory is matched instead,
 * which is where the copy of that root is in this namespace.
 */
static void mount_point(struct rev_buf *b, void *m, const struct path *root, bool foreign)
{
	struct vfsmount *mnt = usip_vfsmount(PARENT(m));
	struct dentry *d = MOUNTPOINT(m);
	int depth = 0;

	if (PARENT(m) == m)
		goto done;
	while (!b->overflow && ++depth < USIP_MAX_PATH_DEPTH) {
		if (root && d == root->dentry && (mnt == root->mnt || foreign))
			break;
		if (d == mnt->mnt_root) {
			void *rm = usip_real_mount(mnt);

			if (PARENT(rm) == rm)
				break;
			d = MOUNTPOINT(rm);
			mnt = usip_vfsmount(PARENT(rm));
			continue;
		}
		if (IS_ROOT(d))
			break;
		prepend_dentries(b, d, READ_ONCE(d->d_parent));
		d = READ_ONCE(d->d_parent);
	}
done:
	if (b->pos == b->start + PATH_MAX)
		prepend(b, "/", 1);
}

/* Per-mount options as show_mnt_opts() prints them, and the matching USIP_MOUNT_* bits. */
static u32 mount_options(const struct vfsmount *mnt, char *buf, size_t size)
{
	static const struct {
		int mnt_flag;
		u32 usip_flag;
		const char *str;
	} opts[] = {
		{ MNT_NOSUID, USIP_MOUNT_NOSUID, ",nosuid" },
		{ MNT_NODEV, USIP_MOUNT_NODEV, ",nodev" },
		{ MNT_NOEXEC, USIP_MOUNT_NOEXEC, ",noexec" },
		{ MNT_NOATIME, USIP_MOUNT_NOATIME, ",noatime" },
		{ MNT_NODIRATIME, USIP_MOUNT_NODIRATIME, ",nodiratime" },
		{ MNT_RELATIME, USIP_MOUNT_RELATIME, ",relatime" },
		{ MNT_NOSYMFOLLOW, USIP_MOUNT_NOSYMFOLLOW, ",nosymfollow" },
	};
	int flags = READ_ONCE(mnt->mnt_flags);
	u32 usip = 0;
	size_t i;

	strscpy(buf, flags & MNT_READONLY ? "ro" : "rw", size);
	if (flags & MNT_READONLY)
		usip |= USIP_MOUNT_READONLY;
	for (i = 0; i < ARRAY_SIZE(opts); i++) {
		if (flags & opts[i].mnt_flag) {
			strlcat(buf, opts[i].str, size);
			usip |= opts[i].usip_flag;
		}
	}
	if (is_idmapped_mnt(mnt))
		strlcat(buf, ",idmapped", size);
	if (flags & MNT_UNBINDABLE)
		usip |= USIP_MOUNT_UNBINDABLE;
	return usip;
}

/* Copy the NUL-terminated strings @src[0..n) behind @c and point @dst[i] at them. */
static void store_strings(struct usip_mtab_capture *c, const char *const *src,
			  const char **dst[], const size_t *len, int n)
{
	char *p = c->strings;
	int i;

	for (i = 0; i < n; i++) {
		memcpy(p, src[i], len[i]);
		p[len[i]] = '\0';
		*dst[i] = p;
		p += len[i] + 1;
	}
}

struct usip_mtab_capture *usip_mtab_capture(void *m, void *ns, struct usip_ns mnt_ns, u32 action,
					   char *scratch, const struct path *root)
{
	struct vfsmount *mnt = usip_vfsmount(m);
	struct super_block *sb = mnt->mnt_sb;
	struct rev_buf mp = { scratch, scratch + PATH_MAX };
	struct rev_buf fsroot = { scratch + PATH_MAX, scratch + 2 * PATH_MAX };
	struct usip_mtab_capture *c;
	const char *devname, *src[5];
	const char **dst[5];
	size_t len[5], total = 0;
	char options[96];
	void *master;
	bool foreign;
	int i;

	if (action == USIP_NOTIFY_UMOUNT) {
		c = kzalloc(sizeof(*c), GFP_ATOMIC);
		if (!c)
			return NULL;
		goto ids;
	}

	foreign = root && usip_mount_ns_inum(usip_real_mount(root->mnt)) != mnt_ns.inum;
	mount_point(&mp, m, root, foreign);
	prepend_dentries(&fsroot, mnt->mnt_root, sb->s_root);
	if (fsroot.pos == fsroot.start + PATH_MAX)
		prepend(&fsroot, "/", 1);
	devname = USIP_MOUNT_FIELD(m, mnt_devname, const char *);

	src[0] = mp.overflow ? "" : mp.pos;
	src[1] = fsroot.overflow ? "" : fsroot.pos;
	src[2] = sb->s_type->name;
	src[3] = devname ? devname : "none";
	src[4] = options;
	len[0] = mp.overflow ? 0 : scratch + PATH_MAX - mp.pos;
	len[1] = fsroot.overflow ? 0 : scratch + 2 * PATH_MAX - fsroot.pos;
	len[2] = strlen(src[2]);
	len[3] = strnlen(src[3], PATH_MAX);
	{
		u32 flags = mount_options(mnt, options, sizeof(options));

		len[4] = strlen(options);
		for (i = 0; i < 5; i++)
			total += len[i] + 1;
		c = kzalloc(sizeof(*c) + total, GFP_ATOMIC);
		if (!c)
			return NULL;
		c->info.flags = flags;
	}
	dst[0] = &c->info.mount_point;
	dst[1] = &c->info.root;
	dst[2] = &c->info.fs_type;
	dst[3] = &c->info.source;
	dst[4] = &c->info.mount_options;
	store_strings(c, src, dst, len, 5);

	c->info.dev_major = MAJOR(sb->s_dev);
	c->info.dev_minor = MINOR(sb->s_dev);
	if (READ_ONCE(mnt->mnt_flags) & MNT_SHARED)
		c->info.shared_group = USIP_MOUNT_FIELD(m, mnt_group_id, int);
	master = USIP_MOUNT_FIELD(m, mnt_master, void *);
	if (master) {
		u32 from = usip_dominating_group(m, ns, foreign ? NULL : root);

		c->info.master_group = USIP_MOUNT_FIELD(master, mnt_group_id, int);
		if (from != c->info.master_group)
			c->info.propagate_from = from;
	}
	/* The superblock options are read later; a dying superblock just has none. */
	if (atomic_inc_not_zero(&sb->s_active)) {
		c->sb = sb;
		/* So is a device name only the file system knows (6.12's btrfs: "none" above). */
		if (sb->s_op->show_devname)
			c->devname_root = dget(mnt->mnt_root);
	}
ids:
	c->info.id = USIP_MOUNT_FIELD(m, mnt_id, int);
	c->info.parent_id = USIP_MOUNT_FIELD(PARENT(m), mnt_id, int);
	c->ev.mnt_ns = mnt_ns;
	c->ev.action = action;
	c->ev.mnt = &c->info;
	return c;
}

/* As show_sb_opts() + ->show_options() in show_mountinfo(). */
void usip_mtab_capture_finish(struct usip_mtab_capture *c, char *buf, size_t size,
			      char *devname, size_t devname_size)
{
	static const struct {
		unsigned long flag;
		const char *str;
	} sb_opts[] = {
		{ SB_SYNCHRONOUS, ",sync" },
		{ SB_DIRSYNC, ",dirsync" },
		{ SB_MANDLOCK, ",mand" },
		{ SB_LAZYTIME, ",lazytime" },
	};
	struct super_block *sb = c->sb;
	struct seq_file sf = { .buf = buf, .size = size };
	size_t i;

	if (!sb)
		return;
	if (c->devname_root) {
		/* As show_mountinfo(); without it the record keeps the mount's own name. */
		const char *name = usip_mountinfo_devname(sb, c->devname_root, devname,
							  devname_size);

		if (name)
			c->info.source = name;
		dput(c->devname_root);
		c->devname_root = NULL;
	}
	if (!buf)
		goto out;
	seq_puts(&sf, sb_rdonly(sb) ? "ro" : "rw");
	for (i = 0; i < ARRAY_SIZE(sb_opts); i++)
		if (sb->s_flags & sb_opts[i].flag)
			seq_puts(&sf, sb_opts[i].str);
	if (sb->s_op->show_options)
		sb->s_op->show_options(&sf, sb->s_root);
	if (!seq_has_overflowed(&sf) && sf.count < size) {
		buf[sf.count] = '\0';
		c->info.super_options = buf;
	}
out:
	deactivate_super(sb);
	c->sb = NULL;
}

void usip_mtab_capture_free(struct usip_mtab_capture *c)
{
	dput(c->devname_root);
	if (c->sb)
		deactivate_super(c->sb);
	kfree(c);
}
