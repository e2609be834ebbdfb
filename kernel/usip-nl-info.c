// SPDX-License-Identifier: GPL-2.0
/* PING and FS_USAGE: answers that need no state. */
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/namei.h>
#include <linux/slab.h>
#include <linux/statfs.h>
#include <net/genetlink.h>

#include "usip.h"

/* Feature bits of what this build really implements. */
static u64 usip_features(void)
{
	u64 features = USIP_FEATURE_LISTENERS | USIP_FEATURE_MTAB_DUMP |
		       USIP_FEATURE_MOUNT_LOOKUP | USIP_FEATURE_MTAB_CHANGES |
		       USIP_FEATURE_FS_USAGE;

	if (usip_test_commands)
		features |= USIP_FEATURE_TEST_COMMANDS;
	return features | (usip_hook_features & (USIP_FEATURE_REAL_MTAB_EVENTS |
						 USIP_FEATURE_REAL_STORAGE_EVENTS));
}

int usip_nl_ping_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &usip_family, 0, USIP_CMD_PING);
	if (!hdr || nla_put_s32(msg, USIP_A_STATUS, 1) ||
	    nla_put_u32(msg, USIP_A_PROTO_VERSION, USIP_PROTO_VERSION) ||
	    nla_put_u64_64bit(msg, USIP_A_FEATURES, usip_features(), USIP_A_PAD)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

int usip_nl_fs_usage_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct kstatfs st;
	struct sk_buff *msg;
	struct path path;
	char *name;
	void *hdr;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, USIP_A_PATH)) {
		NL_SET_ERR_MSG(info->extack, "path is required");
		return -EINVAL;
	}
	name = usip_path_attr(info->attrs[USIP_A_PATH], info->extack);
	if (IS_ERR(name))
		return PTR_ERR(name);
	err = kern_path(name, LOOKUP_FOLLOW, &path);
	kfree(name);
	if (err) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[USIP_A_PATH], "path does not resolve");
		return err;
	}
	err = vfs_statfs(&path, &st);
	path_put(&path);
	if (err) {
		NL_SET_ERR_MSG(info->extack, "statfs failed on this file system");
		return err;
	}

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &usip_family, 0, USIP_CMD_FS_USAGE);
	if (!hdr || usip_put_fs_usage(msg, &st)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}
