// SPDX-License-Identifier: GPL-2.0
/*
 * TEST_MTAB and TEST_ENOSPC inject synthetic events through the same event API the kernel
 * hooks use. Only with the module parameter test_commands=1 and CAP_SYS_ADMIN.
 */
#include <linux/cred.h>
#include <linux/dcache.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/kdev_t.h>
#include <linux/mount.h>
#include <linux/namei.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/statfs.h>
#include <net/genetlink.h>

#include "usip.h"
#include "usip-mountinfo.h"

static int usip_test_allowed(struct sk_buff *skb, struct genl_info *info)
{
	if (!usip_test_commands) {
		NL_SET_ERR_MSG(info->extack, "test commands are disabled (load the module with test_commands=1)");
		return -EOPNOTSUPP;
	}
	if (!netlink_capable(skb, CAP_SYS_ADMIN)) {
		NL_SET_ERR_MSG(info->extack, "test commands inject events for everyone: they need CAP_SYS_ADMIN");
		return -EPERM;
	}
	return 0;
}

int usip_nl_test_mtab_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *id_attr = info->attrs[USIP_A_MOUNT_ID];
	struct usip_mtab_event ev = {};
	struct usip_mountinfo mi = {};
	struct usip_mount_info m = {};
	s64 seq;
	int err;

	err = usip_test_allowed(skb, info);
	if (err)
		return err;
	if (GENL_REQ_ATTR_CHECK(info, USIP_A_EVENT_ACTION)) {
		NL_SET_ERR_MSG(info->extack, "event-action is required");
		return -EINVAL;
	}
	ev.action = nla_get_u32(info->attrs[USIP_A_EVENT_ACTION]);
	ev.mnt_ns = usip_current_mnt_ns();
	if (!ev.mnt_ns.inum) {
		NL_SET_ERR_MSG(info->extack, "cannot determine the caller's mount namespace (is /proc mounted?)");
		return -ENOENT;
	}
	if (id_attr) {
		err = usip_mount_lookup_id(nla_get_u32(id_attr), &mi, &m);
		/* A umount may name a mount that is already gone: send the id alone. */
		if (err == -ENOENT && ev.action == USIP_NOTIFY_UMOUNT) {
			m.id = nla_get_u32(id_attr);
			err = 0;
		} else if (err == -ENOENT) {
			NL_SET_ERR_MSG_ATTR(info->extack, id_attr, "no such mount in the caller's mount namespace");
		}
		if (err)
			return err;
	}
	ev.mnt = &m;
	seq = usip_event_mtab(&ev);
	usip_mountinfo_free(&mi);
	if (seq == -EINVAL)
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[USIP_A_EVENT_ACTION],
				    "event-action must be mount, umount, move or attr");
	return seq < 0 ? seq : 0;
}

/* Fill @ev from the file @name names, as a real failed write on it would. */
static int usip_test_storage_event(const char *name, struct usip_storage_event *ev,
				   struct kstatfs *st, char *buf, struct netlink_ext_ack *extack)
{
	struct path path, top;
	const char *mp;
	int err;

	err = kern_path(name, LOOKUP_FOLLOW, &path);
	if (err) {
		NL_SET_ERR_MSG(extack, "test-path does not resolve");
		return err;
	}
	ev->ino = d_inode(path.dentry)->i_ino;
	ev->dev = new_encode_dev(path.mnt->mnt_sb->s_dev);
	ev->fstype = path.mnt->mnt_sb->s_type->name;
	if (!vfs_statfs(&path, st))
		ev->usage = st;
	top.mnt = path.mnt;
	top.dentry = path.mnt->mnt_root;
	mp = d_path(&top, buf, PATH_MAX);
	ev->mountpoint = IS_ERR(mp) ? NULL : mp;
	err = usip_event_storage(ev);	/* copies everything before path_put */
	path_put(&path);
	return err;
}

int usip_nl_test_enospc_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct usip_storage_event ev = {};
	struct usip_mountinfo mi = {};
	struct usip_mount_info m;
	struct kstatfs st;
	char *name, *buf;
	int err;

	err = usip_test_allowed(skb, info);
	if (err)
		return err;
	if (GENL_REQ_ATTR_CHECK(info, USIP_A_TEST_PATH)) {
		NL_SET_ERR_MSG(info->extack, "test-path is required");
		return -EINVAL;
	}
	ev.err = ENOSPC;
	if (info->attrs[USIP_A_EVENT_ERRNO])
		ev.err = nla_get_u32(info->attrs[USIP_A_EVENT_ERRNO]);
	if (ev.err != ENOSPC && ev.err != EDQUOT) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[USIP_A_EVENT_ERRNO],
				    "event-errno must be ENOSPC or EDQUOT");
		return -EINVAL;
	}
	ev.action = ev.err == ENOSPC ? USIP_NOTIFY_ENOSPC : USIP_NOTIFY_EDQUOT;
	ev.mnt_ns = usip_current_mnt_ns();
	ev.pid = task_tgid_nr(current);
	ev.vpid = task_tgid_vnr(current);
	ev.uid = from_kuid_munged(&init_user_ns, current_fsuid());
	ev.gid = from_kgid_munged(&init_user_ns, current_fsgid());

	name = usip_path_attr(info->attrs[USIP_A_TEST_PATH], info->extack);
	if (IS_ERR(name))
		return PTR_ERR(name);
	buf = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!buf) {
		kfree(name);
		return -ENOMEM;
	}
	/* The mount's source, as mountinfo names it (the device). */
	if (!usip_mount_lookup_path(name, &mi, &m, NULL))
		ev.device = m.source;
	err = usip_test_storage_event(name, &ev, &st, buf, info->extack);
	usip_mountinfo_free(&mi);
	kfree(buf);
	kfree(name);
	return err;
}
