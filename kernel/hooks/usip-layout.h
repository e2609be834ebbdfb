/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where the fields the hooks read live in the kernel's private structs (struct mount,
 * struct mnt_namespace), resolved at load time from the running kernel's BTF so no layout is
 * copied into the module. Until usip_layout_init() succeeds, usip_layout.ready is false and
 * nothing may use the accessors.
 */
#ifndef _USIP_LAYOUT_H
#define _USIP_LAYOUT_H

#include <linux/limits.h>
#include <linux/mount.h>
#include <linux/types.h>

struct usip_layout {
	bool ready;
	u32 mount_mnt;		/* struct vfsmount embedded in struct mount */
	u32 mnt_parent;
	u32 mnt_mountpoint;
	u32 mnt_id;
	u32 mnt_group_id;
	u32 mnt_master;
	u32 mnt_ns;
	u32 mnt_devname;
	u32 mnt_list;
	u32 mnt_mounts;		/* children of a mount ... */
	u32 mnt_child;		/* ... linked through this */
	u32 mnt_share;		/* the ring of a mount's peers */
	u32 mnt_slave_list;	/* slaves of a mount ... */
	u32 mnt_slave;		/* ... linked through this */
	u32 ns_inum;		/* in struct mnt_namespace */
	u32 ns_seq;		/* in struct mnt_namespace; U32_MAX when the kernel has none */
	u32 umount_propagate;	/* enum umount_tree_flags: UMOUNT_PROPAGATE */
};

extern struct usip_layout usip_layout;

/* Read /sys/kernel/btf/vmlinux and resolve every offset (process context, at init). */
int usip_layout_init(void);

/* A raw field of the struct mount @m (a struct mount *, as kprobes see it). */
#define USIP_MOUNT_FIELD(m, field, type) \
	(*(type *)((char *)(m) + usip_layout.field))

/* A list_head member of struct mount @m, and the struct mount a member @list is in. */
#define USIP_MOUNT_LIST(m, field) ((struct list_head *)((char *)(m) + usip_layout.field))
#define USIP_LIST_MOUNT(list, field) ((void *)((char *)(list) - usip_layout.field))

static inline void *usip_real_mount(const struct vfsmount *mnt)
{
	return (char *)mnt - usip_layout.mount_mnt;
}

static inline struct vfsmount *usip_vfsmount(void *m)
{
	return (struct vfsmount *)((char *)m + usip_layout.mount_mnt);
}

/* umount_tree() and propagate_umount() mark each mount they remove before they remove it. */
static inline bool usip_mount_being_unmounted(void *m)
{
	return READ_ONCE(usip_vfsmount(m)->mnt_flags) & MNT_UMOUNT;
}

static inline u32 usip_mnt_ns_inum(const void *ns)
{
	return ns ? *(const u32 *)((const char *)ns + usip_layout.ns_inum) : 0;
}

/* The never-reused id of namespace @ns (its seq: struct usip_ns), 0 when not known. */
static inline u64 usip_mnt_ns_id(const void *ns)
{
	if (!ns || usip_layout.ns_seq == U32_MAX)
		return 0;
	return *(const u64 *)((const char *)ns + usip_layout.ns_seq);
}

/* Mount namespace inode of @m, 0 when it is in none (detached, or being set up). */
static inline u32 usip_mount_ns_inum(void *m)
{
	return usip_mnt_ns_inum(USIP_MOUNT_FIELD(m, mnt_ns, void *));
}

#endif /* _USIP_LAYOUT_H */
