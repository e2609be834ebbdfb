/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	kernel/usip.yaml */
/* YNL-GEN uapi header */

#ifndef _UAPI_LINUX_USIP_H
#define _UAPI_LINUX_USIP_H

#define USIP_FAMILY_NAME	"usip_family"
#define USIP_FAMILY_VERSION	2

#define USIP_PROTO_VERSION	2
#define USIP_PATH_MAX	4096
#define USIP_MAX_NOTIFIERS	32

/**
 * enum usip_event_type
 * @USIP_EVENT_TYPE_MTAB: Mount-table events (multicast group mcg_mtab).
 * @USIP_EVENT_TYPE_STORAGE: Storage events such as a full file system
 *   (multicast group mcg_storage).
 */
enum usip_event_type {
	USIP_EVENT_TYPE_UNSPEC,
	USIP_EVENT_TYPE_MTAB,
	USIP_EVENT_TYPE_STORAGE,
};

/**
 * enum usip_notify_action - What happened. Also the kind of a mount-table
 *   change record.
 * @USIP_NOTIFY_UNSPEC: In a notifier, matches any action.
 * @USIP_NOTIFY_ENOSPC: A write failed because the file system is full.
 * @USIP_NOTIFY_MOUNT: A mount was attached (mount, bind, recursive bind, clone,
 *   propagation).
 * @USIP_NOTIFY_UMOUNT: A mount was detached (umount, lazy umount, expiry,
 *   namespace end).
 * @USIP_NOTIFY_EDQUOT: A write failed because a disk quota is exhausted.
 * @USIP_NOTIFY_MOVE: A mount was moved to another mount point or parent.
 * @USIP_NOTIFY_ATTR: Mount attributes changed (remount, read-only,
 *   propagation).
 */
enum usip_notify_action {
	USIP_NOTIFY_UNSPEC,
	USIP_NOTIFY_ENOSPC,
	USIP_NOTIFY_MOUNT,
	USIP_NOTIFY_UMOUNT,
	USIP_NOTIFY_EDQUOT,
	USIP_NOTIFY_MOVE,
	USIP_NOTIFY_ATTR,
};

/**
 * enum usip_listener_flags
 * @USIP_FLAGS_LISTENER_GLOBAL: Not bound to the caller's mount namespace; needs
 *   CAP_SYS_ADMIN.
 */
enum usip_listener_flags {
	USIP_FLAGS_LISTENER_GLOBAL = 1,
};

/**
 * enum usip_notifier_flags
 * @USIP_FLAGS_NOTIFIER_NOTIFY: Send a netlink notification.
 * @USIP_FLAGS_NOTIFIER_KERN_LOG: Log the event to the kernel log (rate
 *   limited).
 * @USIP_FLAGS_NOTIFIER_LOG: Reserved for a user-space log; the kernel accepts
 *   and ignores it.
 */
enum usip_notifier_flags {
	USIP_FLAGS_NOTIFIER_NOTIFY = 1,
	USIP_FLAGS_NOTIFIER_KERN_LOG = 2,
	USIP_FLAGS_NOTIFIER_LOG = 4,
};

/**
 * enum usip_features - Feature bits reported by PING.
 * @USIP_FEATURE_TEST_COMMANDS: TEST_* commands are enabled (module parameter
 *   test_commands=1).
 * @USIP_FEATURE_REAL_MTAB_EVENTS: Mount-table changes are raised by kernel
 *   hooks, not only by TEST_MTAB.
 * @USIP_FEATURE_REAL_STORAGE_EVENTS: ENOSPC/EDQUOT events are raised by kernel
 *   hooks, not only by TEST_ENOSPC.
 */
enum usip_features {
	USIP_FEATURE_LISTENERS = 1,
	USIP_FEATURE_MTAB_DUMP = 2,
	USIP_FEATURE_MOUNT_LOOKUP = 4,
	USIP_FEATURE_MTAB_CHANGES = 8,
	USIP_FEATURE_FS_USAGE = 16,
	USIP_FEATURE_TEST_COMMANDS = 32,
	USIP_FEATURE_REAL_MTAB_EVENTS = 64,
	USIP_FEATURE_REAL_STORAGE_EVENTS = 128,
};

/**
 * enum usip_mount_flags - Per-mount flags, as the mount options of
 *   /proc/PID/mountinfo show them.
 * @USIP_MOUNT_UNBINDABLE: The mount is unbindable (mountinfo optional field
 *   "unbindable").
 */
enum usip_mount_flags {
	USIP_MOUNT_READONLY = 1,
	USIP_MOUNT_NOSUID = 2,
	USIP_MOUNT_NODEV = 4,
	USIP_MOUNT_NOEXEC = 8,
	USIP_MOUNT_NOATIME = 16,
	USIP_MOUNT_NODIRATIME = 32,
	USIP_MOUNT_RELATIME = 64,
	USIP_MOUNT_NOSYMFOLLOW = 128,
	USIP_MOUNT_UNBINDABLE = 256,
};

enum {
	USIP_A_UNSPEC,
	USIP_A_STATUS,
	USIP_A_EVENT_NOTIFIERS,
	USIP_A_EVENT_TYPE,
	USIP_A_EVENT_FLAGS,
	USIP_A_EVENT_ACTION,
	USIP_A_EVENT_CMD,
	USIP_A_EVENT_GROUP,
	USIP_A_EVENT_ID,
	USIP_A_EVENT_PID,
	USIP_A_EVENT_VPID,
	USIP_A_EVENT_UID,
	USIP_A_EVENT_GID,
	USIP_A_EVENT_INO,
	USIP_A_EVENT_MOUNTPOINT,
	USIP_A_EVENT_DEVICE,
	USIP_A_EVENT_TIME,
	USIP_A_MTAB_SEQ,
	USIP_A_MTAB_RESERVED,
	USIP_A_MOUNT,
	USIP_A_TEST_PATH,
	USIP_A_PAD,
	USIP_A_PROTO_VERSION,
	USIP_A_FEATURES,
	USIP_A_MOUNT_ID,
	USIP_A_PATH,
	USIP_A_FS_USAGE,
	USIP_A_CHANGE,
	USIP_A_LOST_COUNT,
	USIP_A_EVENT_ERRNO,
	USIP_A_EVENT_SUPPRESSED,
	USIP_A_EVENT_DEV,
	USIP_A_EVENT_FSTYPE,

	__USIP_A_MAX,
	USIP_A_MAX = (__USIP_A_MAX - 1)
};

enum {
	USIP_NOTIFIER_A_UNSPEC,
	USIP_NOTIFIER_A_TYPE,
	USIP_NOTIFIER_A_ACTION,
	USIP_NOTIFIER_A_CMD,
	USIP_NOTIFIER_A_FLAGS,

	__USIP_NOTIFIER_A_MAX,
	USIP_NOTIFIER_A_MAX = (__USIP_NOTIFIER_A_MAX - 1)
};

enum {
	USIP_MOUNT_A_UNSPEC,
	USIP_MOUNT_A_ID,
	USIP_MOUNT_A_PARENT_ID,
	USIP_MOUNT_A_DEV_MAJOR,
	USIP_MOUNT_A_DEV_MINOR,
	USIP_MOUNT_A_ROOT,
	USIP_MOUNT_A_MOUNT_POINT,
	USIP_MOUNT_A_FS_TYPE,
	USIP_MOUNT_A_SOURCE,
	USIP_MOUNT_A_MOUNT_OPTIONS,
	USIP_MOUNT_A_SUPER_OPTIONS,
	USIP_MOUNT_A_FLAGS,
	USIP_MOUNT_A_SHARED_GROUP,
	USIP_MOUNT_A_MASTER_GROUP,
	USIP_MOUNT_A_PROPAGATE_FROM,

	__USIP_MOUNT_A_MAX,
	USIP_MOUNT_A_MAX = (__USIP_MOUNT_A_MAX - 1)
};

enum {
	USIP_FS_USAGE_A_UNSPEC,
	USIP_FS_USAGE_A_PAD,
	USIP_FS_USAGE_A_TYPE,
	USIP_FS_USAGE_A_BSIZE,
	USIP_FS_USAGE_A_FRSIZE,
	USIP_FS_USAGE_A_BLOCKS,
	USIP_FS_USAGE_A_BFREE,
	USIP_FS_USAGE_A_BAVAIL,
	USIP_FS_USAGE_A_FILES,
	USIP_FS_USAGE_A_FFREE,
	USIP_FS_USAGE_A_NAMELEN,
	USIP_FS_USAGE_A_FLAGS,

	__USIP_FS_USAGE_A_MAX,
	USIP_FS_USAGE_A_MAX = (__USIP_FS_USAGE_A_MAX - 1)
};

enum {
	USIP_CHANGE_A_UNSPEC,
	USIP_CHANGE_A_PAD,
	USIP_CHANGE_A_SEQ,
	USIP_CHANGE_A_ACTION,
	USIP_CHANGE_A_MOUNT,

	__USIP_CHANGE_A_MAX,
	USIP_CHANGE_A_MAX = (__USIP_CHANGE_A_MAX - 1)
};

enum {
	USIP_CMD_UNSPEC,
	USIP_CMD_NOOP,
	USIP_CMD_PING,
	USIP_CMD_EVENT_REGISTER,
	USIP_CMD_EVENT_UNREGISTER,
	USIP_CMD_MTAB_GET,
	USIP_CMD_MTAB_CHANGED,
	USIP_CMD_TEST_MTAB,
	USIP_CMD_TEST_ENOSPC,
	USIP_CMD_MOUNT_GET,
	USIP_CMD_FS_USAGE,
	USIP_CMD_MTAB_NOTIFY,
	USIP_CMD_STORAGE_NOTIFY,
	USIP_CMD_LOST_EVENTS,

	__USIP_CMD_MAX,
	USIP_CMD_MAX = (__USIP_CMD_MAX - 1)
};

#define USIP_MCGRP_MTAB	"mcg_mtab"
#define USIP_MCGRP_STORAGE	"mcg_storage"

#endif /* _UAPI_LINUX_USIP_H */
