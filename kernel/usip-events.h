/* SPDX-License-Identifier: GPL-2.0 */
/*
 * USIP event API: how event sources (kernel/hooks/, the TEST_* commands) hand an event to
 * the module. Every usip_event_*() call is safe from any context (process, softirq, hardirq,
 * kprobe handlers, under spinlocks): it never sleeps, allocates with GFP_ATOMIC, copies
 * everything it is given, and returns at once. Delivery to listeners happens later from a
 * work item in process context.
 */
#ifndef _USIP_EVENTS_H
#define _USIP_EVENTS_H

#include <linux/types.h>

struct kstatfs;

/*
 * A mount namespace. User space names it by @inum, the inode number of /proc/PID/ns/mnt, which
 * the kernel hands out again once the namespace ends; @id (struct mnt_namespace's seq, read
 * through the BTF layout) is never reused, so a listener or a change log of an ended namespace
 * is never taken for one of a new namespace that got its number. @id is 0 where the layout is
 * not known: the inode number alone then.
 */
struct usip_ns {
	u32 inum;
	u64 id;
};

static inline bool usip_ns_eq(struct usip_ns a, struct usip_ns b)
{
	return a.inum == b.inum && a.id == b.id;
}

/*
 * One mount as /proc/PID/mountinfo describes it; strings may be NULL (attribute omitted).
 * @flags holds USIP_MOUNT_* bits; the *_group fields are 0 when absent.
 */
struct usip_mount_info {
	u32 id;
	u32 parent_id;
	u32 dev_major;
	u32 dev_minor;
	const char *root;
	const char *mount_point;
	const char *fs_type;
	const char *source;
	const char *mount_options;
	const char *super_options;
	u32 flags;
	u32 shared_group;
	u32 master_group;
	u32 propagate_from;
};

/*
 * A mount-table change in the mount namespace @mnt_ns.
 * @action: USIP_NOTIFY_MOUNT, _UMOUNT, _MOVE or _ATTR.
 * @mnt: the mount after the change (for umount only id and parent_id are required).
 */
struct usip_mtab_event {
	struct usip_ns mnt_ns;
	u32 action;
	const struct usip_mount_info *mnt;
};

/*
 * A failed write. @err is the positive errno (ENOSPC, EDQUOT); @action USIP_NOTIFY_ENOSPC
 * or USIP_NOTIFY_EDQUOT. @mnt_ns is the writer's mount namespace. @mountpoint is as
 * seen from the writer's root; @device is the mount's source; @usage may be NULL.
 * @suppressed counts events of this file system and process dropped by the caller's rate
 * limiting since the last one it raised.
 */
struct usip_storage_event {
	struct usip_ns mnt_ns;
	u32 action;
	u32 err;
	u32 pid;
	u32 vpid;
	u32 uid;
	u32 gid;
	u64 ino;
	u32 dev;
	u32 suppressed;
	const char *mountpoint;
	const char *device;
	const char *fstype;
	const struct kstatfs *usage;
};

/*
 * Record a mount-table change: appends it to the namespace's change log (when one exists,
 * that is when the namespace has listeners or was dumped) and queues notifications.
 * Returns the change's sequence number (> 0), or a negative errno: -ENOMEM (nothing could
 * be allocated; counted as lost), -EINVAL (bad action), -ESHUTDOWN (module unloading).
 */
s64 usip_event_mtab(const struct usip_mtab_event *ev);

/* Queue a storage event. Returns 0 or -ENOBUFS (queue full; counted as lost), -ENOMEM,
 * -EINVAL, -ESHUTDOWN.
 */
int usip_event_storage(const struct usip_storage_event *ev);

/*
 * A change in namespace @mnt_ns that no record describes (a hook point the kernel inlines):
 * the namespace's change log is cut, so its next record shows a gap and MTAB_CHANGED from
 * before the cut is ESTALE; clients resync with a dump. Any context, never sleeps. The
 * caller then raises a record (any mount of the namespace) so listeners learn it at once.
 */
void usip_event_mtab_unknown(struct usip_ns mnt_ns);

/*
 * Mount namespace @mnt_ns ended, after the records of its last mounts leaving were raised:
 * its change log is freed now, or when its last listener goes. Process context.
 */
void usip_event_mtab_ns_end(struct usip_ns mnt_ns);

/*
 * Changes that no record describes, in namespaces the caller cannot name (the other mounts of
 * a reconfigured superblock may be anywhere): every change log is cut and every mtab listener
 * gets LOST_EVENTS, so all clients resync with a dump. Any context, never sleeps.
 */
void usip_event_mtab_unknown_all(void);

/*
 * Cheap check an event source can make first to skip building an event nobody wants (any
 * context, never sleeps: an atomic read and, for mtab, a short irq-safe spinlock): true when
 * some listener of @type (USIP_EVENT_TYPE_*) could receive an event of namespace @mnt_ns, or
 * (for mtab) the namespace has a change log.
 */
bool usip_event_wanted(u32 type, struct usip_ns mnt_ns);

/* Mount namespace of current (its inode number as /proc/self/ns/mnt shows). Process context
 * only (it may sleep); inum is 0 when it cannot be determined.
 */
struct usip_ns usip_current_mnt_ns(void);

/*
 * Provided by the event sources in kernel/hooks/ (a stub in usip-hooks-none.c when there
 * are none). usip_hooks_init() runs after the family is registered and returns the
 * USIP_FEATURE_REAL_* bits it really enabled (or a negative errno; the module then loads
 * without real events and says so in the log). usip_hooks_exit() runs first at unload and
 * must leave no hook able to call usip_event_*() afterwards.
 */
s64 usip_hooks_init(void);
void usip_hooks_exit(void);

/*
 * Whether any listener wants storage events now (called when that changes, in process
 * context; may sleep). Storage hooks sit on every write: they are armed only while someone
 * listens, and armed before this returns, so a listener misses nothing after registering.
 */
void usip_hooks_storage_wanted(bool wanted);

/* The never-reused id of current's mount namespace (struct usip_ns), 0 when not known. */
u64 usip_hooks_current_mnt_ns_id(void);

#endif /* _USIP_EVENTS_H */
