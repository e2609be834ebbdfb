// SPDX-License-Identifier: GPL-2.0
/* MTAB_GET (the caller's mount table as a dump) and MOUNT_GET (one mount by id or path). */
#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/kdev_t.h>
#include <linux/mount.h>
#include <linux/namei.h>
#include <linux/slab.h>
#include <net/genetlink.h>

#include "usip.h"
#include "usip-mountinfo.h"

/* Kept between recvmsg calls; a parsed mount that did not fit waits in @pending. */
struct usip_mtab_dump {
	struct usip_mountinfo mi;
	struct usip_mount_info pending;
	bool has_pending;
	u64 seq;
};

static int usip_put_mount_msg(struct sk_buff *skb, u32 portid, u32 seq, int flags, u8 cmd,
			      u64 mtab_seq, const struct usip_mount_info *m)
{
	void *hdr = genlmsg_put(skb, portid, seq, &usip_family, flags, cmd);

	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(skb, USIP_A_MTAB_SEQ, mtab_seq, USIP_A_PAD) ||
	    usip_put_mount(skb, USIP_A_MOUNT, m)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/*
 * The first call runs in the requesting process (netlink starts dumps from sendmsg), so the
 * whole table is read there, in the caller's namespace and root, and consistent with one
 * change-log sequence: the log is tracked first, then the sequence taken, then the file read,
 * so every change after that sequence is in the log.
 */
static int usip_mtab_dump_begin(struct netlink_callback *cb)
{
	struct usip_mtab_dump *d;
	struct usip_ns mnt_ns;
	int err;

	mnt_ns = usip_current_mnt_ns();
	if (!mnt_ns.inum) {
		NL_SET_ERR_MSG(cb->extack, "cannot determine the caller's mount namespace (is /proc mounted?)");
		return -ENOENT;
	}
	err = usip_log_track(mnt_ns, GFP_KERNEL);
	if (err)
		return err;
	d = kzalloc(sizeof(*d), GFP_KERNEL);
	if (!d)
		return -ENOMEM;
	d->seq = usip_log_seq(mnt_ns);
	err = usip_mountinfo_read(&d->mi);
	if (err) {
		NL_SET_ERR_MSG(cb->extack, "cannot read /proc/thread-self/mountinfo");
		kfree(d);
		return err;
	}
	atomic_inc(&usip_stats.dumps);
	cb->args[0] = (long)d;
	return 0;
}

int usip_nl_mtab_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct usip_mtab_dump *d;
	int err;

	if (!cb->args[0]) {
		err = usip_mtab_dump_begin(cb);
		if (err)
			return err;
	}
	d = (struct usip_mtab_dump *)cb->args[0];
	for (;;) {
		if (!d->has_pending) {
			err = usip_mountinfo_next(&d->mi, &d->pending);
			if (err < 0) {
				NL_SET_ERR_MSG(cb->extack, "unexpected mountinfo line");
				return err;
			}
			if (!err)
				break;
			d->has_pending = true;
		}
		if (usip_put_mount_msg(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
				       NLM_F_MULTI, USIP_CMD_MTAB_GET, d->seq, &d->pending))
			return skb->len ? skb->len : -EMSGSIZE;
		d->has_pending = false;
	}
	return skb->len;
}

int usip_nl_mtab_get_done(struct netlink_callback *cb)
{
	struct usip_mtab_dump *d = (struct usip_mtab_dump *)cb->args[0];

	if (d) {
		usip_mountinfo_free(&d->mi);
		kfree(d);
		atomic_dec(&usip_stats.dumps);
		cb->args[0] = 0;
	}
	return 0;
}

/* What identifies the mount a path resolves to in mountinfo: mount point, device, root. */
struct usip_mount_key {
	char *buf;
	const char *mount_point;
	const char *root;
	dev_t dev;
};

static int usip_mount_key_of(const char *name, struct usip_mount_key *key,
			     struct netlink_ext_ack *extack)
{
	struct path path, top;
	int err;

	err = kern_path(name, LOOKUP_FOLLOW, &path);
	if (err) {
		NL_SET_ERR_MSG(extack, "path does not resolve");
		return err;
	}
	key->buf = kmalloc(2 * PATH_MAX, GFP_KERNEL);
	if (!key->buf) {
		err = -ENOMEM;
		goto out;
	}
	top.mnt = path.mnt;
	top.dentry = path.mnt->mnt_root;
	key->mount_point = d_path(&top, key->buf, PATH_MAX);
	key->root = dentry_path_raw(path.mnt->mnt_root, key->buf + PATH_MAX, PATH_MAX);
	key->dev = path.mnt->mnt_sb->s_dev;
	if (IS_ERR(key->mount_point) || IS_ERR(key->root)) {
		NL_SET_ERR_MSG(extack, "the mount of path has no name from the caller's root");
		err = -ENAMETOOLONG;
		kfree(key->buf);
		key->buf = NULL;
	}
out:
	path_put(&path);
	return err;
}

static bool usip_mount_key_match(const struct usip_mount_key *key,
				 const struct usip_mount_info *m)
{
	return m->dev_major == MAJOR(key->dev) && m->dev_minor == MINOR(key->dev) &&
	       !strcmp(m->mount_point, key->mount_point);
}

/*
 * Find the mount in the caller's table. For a path, the last entry with the same mount
 * point and device is the one on top (mountinfo lists in attach order); an entry whose root
 * also matches wins over one that does not.
 */
static int usip_mount_find(struct usip_mountinfo *mi, u32 id, const struct usip_mount_key *key,
			   struct usip_mount_info *found)
{
	struct usip_mount_info m;
	int best = 0, score, err;

	while ((err = usip_mountinfo_next(mi, &m)) > 0) {
		if (!key) {
			if (m.id == id) {
				*found = m;
				return 0;
			}
			continue;
		}
		if (!usip_mount_key_match(key, &m))
			continue;
		score = strcmp(m.root, key->root) ? 1 : 2;
		if (score >= best) {
			best = score;
			*found = m;
		}
	}
	if (err < 0)
		return err;
	return best ? 0 : -ENOENT;
}

static int usip_mount_reply(struct genl_info *info, const struct usip_mount_info *m, u64 seq)
{
	struct sk_buff *msg;
	int err;

	msg = genlmsg_new(GENLMSG_DEFAULT_SIZE + 6 * PATH_MAX, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	err = usip_put_mount_msg(msg, info->snd_portid, info->snd_seq, 0, USIP_CMD_MOUNT_GET,
				 seq, m);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/* The mount @name resolves to, from the caller's table (@mi stays allocated for @m). */
int usip_mount_lookup_path(const char *name, struct usip_mountinfo *mi,
			   struct usip_mount_info *m, struct netlink_ext_ack *extack)
{
	struct usip_mount_key key = {};
	int err;

	err = usip_mount_key_of(name, &key, extack);
	if (err)
		return err;
	err = usip_mountinfo_read(mi);
	if (!err) {
		err = usip_mount_find(mi, 0, &key, m);
		if (err)
			usip_mountinfo_free(mi);
	}
	kfree(key.buf);
	return err;
}

int usip_mount_lookup_id(u32 id, struct usip_mountinfo *mi, struct usip_mount_info *m)
{
	int err = usip_mountinfo_read(mi);

	if (!err) {
		err = usip_mount_find(mi, id, NULL, m);
		if (err)
			usip_mountinfo_free(mi);
	}
	return err;
}

int usip_nl_mount_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *id_attr = info->attrs[USIP_A_MOUNT_ID];
	struct nlattr *path_attr = info->attrs[USIP_A_PATH];
	struct usip_mountinfo mi;
	struct usip_mount_info m;
	char *path;
	struct usip_ns mnt_ns;
	u64 seq;
	int err;

	if (!id_attr == !path_attr) {
		NL_SET_ERR_MSG(info->extack, "give exactly one of mount-id and path");
		return -EINVAL;
	}
	/* The reply names the change it is consistent with: the namespace's log is tracked first. */
	mnt_ns = usip_current_mnt_ns();
	if (!mnt_ns.inum) {
		NL_SET_ERR_MSG(info->extack, "cannot determine the caller's mount namespace (is /proc mounted?)");
		return -ENOENT;
	}
	err = usip_log_track(mnt_ns, GFP_KERNEL);
	if (err)
		return err;
	seq = usip_log_seq(mnt_ns);
	if (path_attr) {
		path = usip_path_attr(path_attr, info->extack);
		if (IS_ERR(path))
			return PTR_ERR(path);
		err = usip_mount_lookup_path(path, &mi, &m, info->extack);
		kfree(path);
	} else {
		err = usip_mount_lookup_id(nla_get_u32(id_attr), &mi, &m);
	}
	if (err == -ENOENT)
		NL_SET_ERR_MSG_ATTR(info->extack, id_attr ?: path_attr,
				    "no such mount in the caller's mount namespace");
	if (err)
		return err;
	err = usip_mount_reply(info, &m, seq);
	usip_mountinfo_free(&mi);
	return err;
}
