// SPDX-License-Identifier: GPL-2.0
/* Attribute nests shared by replies and notifications, and request attribute helpers. */
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/statfs.h>
#include <net/genetlink.h>

#include "usip.h"
#include "usip-records.h"

/*
 * The request's parsed attributes in a dump callback: 6.1 keeps them in genl_dumpit_info,
 * later kernels in the genl_info inside it (Kbuild tests the headers for genl_info_dump).
 */
struct nlattr **usip_dump_attrs(struct netlink_callback *cb)
{
#ifdef USIP_HAVE_GENL_INFO_DUMP
	return genl_info_dump(cb)->attrs;
#else
	return genl_dumpit_info(cb)->attrs;
#endif
}

static int usip_put_str(struct sk_buff *skb, int type, const char *s)
{
	return s ? nla_put_string(skb, type, s) : 0;
}

static int usip_put_u32_nz(struct sk_buff *skb, int type, u32 v)
{
	return v ? nla_put_u32(skb, type, v) : 0;
}

int usip_put_mount(struct sk_buff *skb, int attrtype, const struct usip_mount_info *m)
{
	struct nlattr *nest = nla_nest_start(skb, attrtype);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, USIP_MOUNT_A_ID, m->id) ||
	    nla_put_u32(skb, USIP_MOUNT_A_PARENT_ID, m->parent_id) ||
	    nla_put_u32(skb, USIP_MOUNT_A_DEV_MAJOR, m->dev_major) ||
	    nla_put_u32(skb, USIP_MOUNT_A_DEV_MINOR, m->dev_minor) ||
	    usip_put_str(skb, USIP_MOUNT_A_ROOT, m->root) ||
	    usip_put_str(skb, USIP_MOUNT_A_MOUNT_POINT, m->mount_point) ||
	    usip_put_str(skb, USIP_MOUNT_A_FS_TYPE, m->fs_type) ||
	    usip_put_str(skb, USIP_MOUNT_A_SOURCE, m->source) ||
	    usip_put_str(skb, USIP_MOUNT_A_MOUNT_OPTIONS, m->mount_options) ||
	    usip_put_str(skb, USIP_MOUNT_A_SUPER_OPTIONS, m->super_options) ||
	    nla_put_u32(skb, USIP_MOUNT_A_FLAGS, m->flags) ||
	    usip_put_u32_nz(skb, USIP_MOUNT_A_SHARED_GROUP, m->shared_group) ||
	    usip_put_u32_nz(skb, USIP_MOUNT_A_MASTER_GROUP, m->master_group) ||
	    usip_put_u32_nz(skb, USIP_MOUNT_A_PROPAGATE_FROM, m->propagate_from)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

int usip_put_fs_usage(struct sk_buff *skb, const struct kstatfs *st)
{
	struct nlattr *nest = nla_nest_start(skb, USIP_A_FS_USAGE);
	const int pad = USIP_FS_USAGE_A_PAD;

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(skb, USIP_FS_USAGE_A_TYPE, st->f_type, pad) ||
	    nla_put_u64_64bit(skb, USIP_FS_USAGE_A_BSIZE, st->f_bsize, pad) ||
	    nla_put_u64_64bit(skb, USIP_FS_USAGE_A_FRSIZE, st->f_frsize, pad) ||
	    nla_put_u64_64bit(skb, USIP_FS_USAGE_A_BLOCKS, st->f_blocks, pad) ||
	    nla_put_u64_64bit(skb, USIP_FS_USAGE_A_BFREE, st->f_bfree, pad) ||
	    nla_put_u64_64bit(skb, USIP_FS_USAGE_A_BAVAIL, st->f_bavail, pad) ||
	    nla_put_u64_64bit(skb, USIP_FS_USAGE_A_FILES, st->f_files, pad) ||
	    nla_put_u64_64bit(skb, USIP_FS_USAGE_A_FFREE, st->f_ffree, pad) ||
	    nla_put_u64_64bit(skb, USIP_FS_USAGE_A_NAMELEN, st->f_namelen, pad) ||
	    nla_put_u64_64bit(skb, USIP_FS_USAGE_A_FLAGS, st->f_flags, pad)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

int usip_put_change(struct sk_buff *skb, const struct usip_change *c)
{
	struct nlattr *nest = nla_nest_start(skb, USIP_A_CHANGE);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(skb, USIP_CHANGE_A_SEQ, c->seq, USIP_CHANGE_A_PAD) ||
	    nla_put_u32(skb, USIP_CHANGE_A_ACTION, c->action) ||
	    usip_put_mount(skb, USIP_CHANGE_A_MOUNT, &c->mnt)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* A path attribute as a NUL-terminated copy; the policy already bounds its length. */
char *usip_path_attr(const struct nlattr *attr, struct netlink_ext_ack *extack)
{
	char *path;

	if (nla_len(attr) > USIP_PATH_MAX) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "path is longer than USIP_PATH_MAX");
		return ERR_PTR(-ENAMETOOLONG);
	}
	path = nla_strdup(attr, GFP_KERNEL);
	if (!path)
		return ERR_PTR(-ENOMEM);
	if (!path[0]) {
		kfree(path);
		NL_SET_ERR_MSG_ATTR(extack, attr, "path is empty");
		return ERR_PTR(-EINVAL);
	}
	return path;
}
