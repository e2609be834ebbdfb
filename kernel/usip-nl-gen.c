// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
/* Do not edit directly, auto-generated from: */
/*	kernel/usip.yaml */
/* YNL-GEN kernel source */

#include <net/netlink.h>
#include <net/genetlink.h>

#include "usip-nl-gen.h"

/* Common nested types */
const struct nla_policy usip_notifier_nl_policy[USIP_NOTIFIER_A_FLAGS + 1] = {
	[USIP_NOTIFIER_A_TYPE] = NLA_POLICY_MAX(NLA_U32, USIP_EVENT_TYPE_STORAGE),
	[USIP_NOTIFIER_A_ACTION] = NLA_POLICY_MAX(NLA_U32, USIP_NOTIFY_ATTR),
	[USIP_NOTIFIER_A_CMD] = { .type = NLA_U8, },
	[USIP_NOTIFIER_A_FLAGS] = NLA_POLICY_MASK(NLA_U32, 0x7),
};

const struct nla_policy usip_mount_nl_policy[USIP_MOUNT_A_PROPAGATE_FROM + 1] = {
	[USIP_MOUNT_A_ID] = { .type = NLA_U32, },
	[USIP_MOUNT_A_PARENT_ID] = { .type = NLA_U32, },
	[USIP_MOUNT_A_DEV_MAJOR] = { .type = NLA_U32, },
	[USIP_MOUNT_A_DEV_MINOR] = { .type = NLA_U32, },
	[USIP_MOUNT_A_ROOT] = { .type = NLA_NUL_STRING, .len = USIP_PATH_MAX - 1, },
	[USIP_MOUNT_A_MOUNT_POINT] = { .type = NLA_NUL_STRING, .len = USIP_PATH_MAX - 1, },
	[USIP_MOUNT_A_FS_TYPE] = { .type = NLA_NUL_STRING, .len = USIP_PATH_MAX - 1, },
	[USIP_MOUNT_A_SOURCE] = { .type = NLA_NUL_STRING, .len = USIP_PATH_MAX - 1, },
	[USIP_MOUNT_A_MOUNT_OPTIONS] = { .type = NLA_NUL_STRING, .len = USIP_PATH_MAX - 1, },
	[USIP_MOUNT_A_SUPER_OPTIONS] = { .type = NLA_NUL_STRING, .len = USIP_PATH_MAX - 1, },
	[USIP_MOUNT_A_FLAGS] = NLA_POLICY_MASK(NLA_U32, 0x1ff),
	[USIP_MOUNT_A_SHARED_GROUP] = { .type = NLA_U32, },
	[USIP_MOUNT_A_MASTER_GROUP] = { .type = NLA_U32, },
	[USIP_MOUNT_A_PROPAGATE_FROM] = { .type = NLA_U32, },
};

const struct nla_policy usip_fs_usage_nl_policy[USIP_FS_USAGE_A_FLAGS + 1] = {
	[USIP_FS_USAGE_A_TYPE] = { .type = NLA_U64, },
	[USIP_FS_USAGE_A_BSIZE] = { .type = NLA_U64, },
	[USIP_FS_USAGE_A_FRSIZE] = { .type = NLA_U64, },
	[USIP_FS_USAGE_A_BLOCKS] = { .type = NLA_U64, },
	[USIP_FS_USAGE_A_BFREE] = { .type = NLA_U64, },
	[USIP_FS_USAGE_A_BAVAIL] = { .type = NLA_U64, },
	[USIP_FS_USAGE_A_FILES] = { .type = NLA_U64, },
	[USIP_FS_USAGE_A_FFREE] = { .type = NLA_U64, },
	[USIP_FS_USAGE_A_NAMELEN] = { .type = NLA_U64, },
	[USIP_FS_USAGE_A_FLAGS] = { .type = NLA_U64, },
};

const struct nla_policy usip_change_nl_policy[USIP_CHANGE_A_MOUNT + 1] = {
	[USIP_CHANGE_A_SEQ] = { .type = NLA_U64, },
	[USIP_CHANGE_A_ACTION] = NLA_POLICY_MAX(NLA_U32, USIP_NOTIFY_ATTR),
	[USIP_CHANGE_A_MOUNT] = NLA_POLICY_NESTED(usip_mount_nl_policy),
};

/* USIP_CMD_EVENT_REGISTER - do */
static const struct nla_policy usip_event_register_do_nl_policy[USIP_A_EVENT_FLAGS + 1] = {
	[USIP_A_EVENT_NOTIFIERS] = NLA_POLICY_NESTED_ARRAY(usip_notifier_nl_policy),
	[USIP_A_EVENT_FLAGS] = NLA_POLICY_MASK(NLA_U32, 0x1),
};

/* USIP_CMD_EVENT_UNREGISTER - do */
static const struct nla_policy usip_event_unregister_do_nl_policy[USIP_A_EVENT_ID + 1] = {
	[USIP_A_EVENT_GROUP] = { .type = NLA_U32, },
	[USIP_A_EVENT_ID] = { .type = NLA_U32, },
};

/* USIP_CMD_MTAB_CHANGED - dump */
static const struct nla_policy usip_mtab_changed_dump_nl_policy[USIP_A_MTAB_SEQ + 1] = {
	[USIP_A_MTAB_SEQ] = { .type = NLA_U64, },
};

/* USIP_CMD_TEST_MTAB - do */
static const struct nla_policy usip_test_mtab_do_nl_policy[USIP_A_MOUNT_ID + 1] = {
	[USIP_A_EVENT_ACTION] = NLA_POLICY_MAX(NLA_U32, USIP_NOTIFY_ATTR),
	[USIP_A_MOUNT_ID] = { .type = NLA_U32, },
};

/* USIP_CMD_TEST_ENOSPC - do */
static const struct nla_policy usip_test_enospc_do_nl_policy[USIP_A_EVENT_ERRNO + 1] = {
	[USIP_A_TEST_PATH] = { .type = NLA_NUL_STRING, .len = USIP_PATH_MAX - 1, },
	[USIP_A_EVENT_ERRNO] = { .type = NLA_U32, },
};

/* USIP_CMD_MOUNT_GET - do */
static const struct nla_policy usip_mount_get_do_nl_policy[USIP_A_PATH + 1] = {
	[USIP_A_MOUNT_ID] = { .type = NLA_U32, },
	[USIP_A_PATH] = { .type = NLA_NUL_STRING, .len = USIP_PATH_MAX - 1, },
};

/* USIP_CMD_FS_USAGE - do */
static const struct nla_policy usip_fs_usage_do_nl_policy[USIP_A_PATH + 1] = {
	[USIP_A_PATH] = { .type = NLA_NUL_STRING, .len = USIP_PATH_MAX - 1, },
};

/* Ops table for usip */
const struct genl_ops usip_nl_ops[9] = {
	{
		.cmd		= USIP_CMD_PING,
		.doit		= usip_nl_ping_doit,
	},
	{
		.cmd		= USIP_CMD_EVENT_REGISTER,
		.doit		= usip_nl_event_register_doit,
		.policy		= usip_event_register_do_nl_policy,
		.maxattr	= USIP_A_EVENT_FLAGS,
	},
	{
		.cmd		= USIP_CMD_EVENT_UNREGISTER,
		.doit		= usip_nl_event_unregister_doit,
		.policy		= usip_event_unregister_do_nl_policy,
		.maxattr	= USIP_A_EVENT_ID,
	},
	{
		.cmd		= USIP_CMD_MTAB_GET,
		.dumpit		= usip_nl_mtab_get_dumpit,
		.done		= usip_nl_mtab_get_done,
	},
	{
		.cmd		= USIP_CMD_MTAB_CHANGED,
		.dumpit		= usip_nl_mtab_changed_dumpit,
		.policy		= usip_mtab_changed_dump_nl_policy,
		.maxattr	= USIP_A_MTAB_SEQ,
	},
	{
		.cmd		= USIP_CMD_TEST_MTAB,
		.doit		= usip_nl_test_mtab_doit,
		.policy		= usip_test_mtab_do_nl_policy,
		.maxattr	= USIP_A_MOUNT_ID,
	},
	{
		.cmd		= USIP_CMD_TEST_ENOSPC,
		.doit		= usip_nl_test_enospc_doit,
		.policy		= usip_test_enospc_do_nl_policy,
		.maxattr	= USIP_A_EVENT_ERRNO,
	},
	{
		.cmd		= USIP_CMD_MOUNT_GET,
		.doit		= usip_nl_mount_get_doit,
		.policy		= usip_mount_get_do_nl_policy,
		.maxattr	= USIP_A_PATH,
	},
	{
		.cmd		= USIP_CMD_FS_USAGE,
		.doit		= usip_nl_fs_usage_doit,
		.policy		= usip_fs_usage_do_nl_policy,
		.maxattr	= USIP_A_PATH,
	},
};

const struct genl_multicast_group usip_nl_mcgrps[2] = {
	[USIP_NLGRP_MTAB] = { .name = USIP_MCGRP_MTAB, .flags = GENL_MCAST_CAP_SYS_ADMIN, },
	[USIP_NLGRP_STORAGE] = { .name = USIP_MCGRP_STORAGE, .flags = GENL_MCAST_CAP_SYS_ADMIN, },
};
