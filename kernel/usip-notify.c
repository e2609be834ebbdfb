// SPDX-License-Identifier: GPL-2.0
/*
 * Building and sending notifications (process context, from the delivery work item).
 * A privileged registrar's listener is notified by multicast on the event type's group in
 * its netns (group joins need CAP_SYS_ADMIN there); anyone else only by unicast to the
 * registering socket, so unprivileged users never see other namespaces' events.
 */
#include <linux/errno.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <net/genetlink.h>

#include "usip.h"
#include "usip-listener.h"
#include "usip-records.h"

static size_t usip_str_room(const char *s)
{
	return s ? nla_total_size(strlen(s) + 1) : 0;
}

/*
 * Room for every attribute of a notification but its strings (at most ~300 bytes today);
 * with the strings, an upper bound for one notification.
 */
#define USIP_NOTIFY_FIXED_ROOM	512

static size_t usip_event_room(const struct usip_event *e)
{
	const struct usip_mount_info *m;

	if (e->type == USIP_EVENT_TYPE_STORAGE)
		return USIP_NOTIFY_FIXED_ROOM + usip_str_room(e->storage->ev.mountpoint) +
		       usip_str_room(e->storage->ev.device) + usip_str_room(e->storage->ev.fstype);
	m = &e->change->mnt;
	return USIP_NOTIFY_FIXED_ROOM + usip_str_room(m->root) + usip_str_room(m->mount_point) +
	       usip_str_room(m->fs_type) + usip_str_room(m->source) +
	       usip_str_room(m->mount_options) + usip_str_room(m->super_options);
}

/*
 * Hand @skb, holding @n notifications, to netlink; 0 or the reason it could not be queued
 * (receiver full...).
 */
static int usip_send(struct usip_listener *l, struct sk_buff *skb, u32 type, unsigned int n)
{
	unsigned int group = type == USIP_EVENT_TYPE_STORAGE ? USIP_NLGRP_STORAGE : USIP_NLGRP_MTAB;
	int err;

	if (l->privileged)
		err = genlmsg_multicast_netns(&usip_family, l->net, skb, 0, group, GFP_KERNEL);
	else
		err = genlmsg_unicast(l->net, skb, l->portid);
	/* -ESRCH: nobody joined the group; -ECONNREFUSED: socket closing (URELEASE follows). */
	if (err == -ESRCH || err == -ECONNREFUSED)
		err = 0;
	if (!err)
		atomic64_add(n, &usip_stats.delivered);
	return err;
}

static int usip_put_common(struct sk_buff *skb, u32 type, u32 group, u32 id)
{
	if (nla_put_u32(skb, USIP_A_EVENT_TYPE, type) ||
	    nla_put_u32(skb, USIP_A_EVENT_GROUP, group) ||
	    nla_put_u32(skb, USIP_A_EVENT_ID, id))
		return -EMSGSIZE;
	return 0;
}

static int usip_put_storage(struct sk_buff *skb, const struct usip_storage_rec *s)
{
	const struct usip_storage_event *ev = &s->ev;

	if (nla_put_u32(skb, USIP_A_EVENT_ERRNO, ev->err) ||
	    nla_put_u32(skb, USIP_A_EVENT_PID, ev->pid) ||
	    nla_put_u32(skb, USIP_A_EVENT_VPID, ev->vpid) ||
	    nla_put_u32(skb, USIP_A_EVENT_UID, ev->uid) ||
	    nla_put_u32(skb, USIP_A_EVENT_GID, ev->gid) ||
	    nla_put_u64_64bit(skb, USIP_A_EVENT_INO, ev->ino, USIP_A_PAD) ||
	    nla_put_u32(skb, USIP_A_EVENT_DEV, ev->dev) ||
	    (ev->mountpoint && nla_put_string(skb, USIP_A_EVENT_MOUNTPOINT, ev->mountpoint)) ||
	    (ev->device && nla_put_string(skb, USIP_A_EVENT_DEVICE, ev->device)) ||
	    (ev->fstype && nla_put_string(skb, USIP_A_EVENT_FSTYPE, ev->fstype)) ||
	    nla_put_u64_64bit(skb, USIP_A_EVENT_TIME, s->time, USIP_A_PAD) ||
	    nla_put_u32(skb, USIP_A_EVENT_SUPPRESSED, ev->suppressed) ||
	    (ev->usage && usip_put_fs_usage(skb, ev->usage)))
		return -EMSGSIZE;
	return 0;
}

static int usip_put_event(struct sk_buff *skb, const struct usip_listener *l,
			  const struct usip_event *e, u8 cmd)
{
	int err;

	if (e->type == USIP_EVENT_TYPE_MTAB)
		err = usip_put_common(skb, e->type, e->change->mnt_ns.inum, l->id) ||
		      nla_put_u32(skb, USIP_A_EVENT_ACTION, e->change->action) ||
		      nla_put_u8(skb, USIP_A_EVENT_CMD, cmd) ||
		      nla_put_u64_64bit(skb, USIP_A_EVENT_TIME, e->change->time, USIP_A_PAD) ||
		      usip_put_change(skb, e->change);
	else
		err = usip_put_common(skb, e->type, e->storage->ev.mnt_ns.inum, l->id) ||
		      nla_put_u32(skb, USIP_A_EVENT_ACTION, e->storage->ev.action) ||
		      nla_put_u8(skb, USIP_A_EVENT_CMD, cmd) ||
		      usip_put_storage(skb, e->storage);
	return err ? -EMSGSIZE : 0;
}

/* Append one notification to @l's pending datagram; -EMSGSIZE (and nothing added) if full. */
static int usip_batch_put(struct usip_listener *l, const struct usip_event *e, u8 cmd)
{
	u8 op = e->type == USIP_EVENT_TYPE_MTAB ? USIP_CMD_MTAB_NOTIFY : USIP_CMD_STORAGE_NOTIFY;
	void *hdr;

	hdr = genlmsg_put(l->batch, 0, 0, &usip_family, 0, op);
	if (!hdr)
		return -EMSGSIZE;
	if (usip_put_event(l->batch, l, e, cmd)) {
		genlmsg_cancel(l->batch, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(l->batch, hdr);
	l->batch_n++;
	return 0;
}

void usip_notify_flush(struct usip_listener *l)
{
	struct sk_buff *skb = l->batch;
	unsigned int n = l->batch_n;

	if (!skb)
		return;
	l->batch = NULL;
	l->batch_n = 0;
	if (!n) {
		nlmsg_free(skb);
		return;
	}
	if (usip_send(l, skb, l->batch_type, n)) {
		l->lost[l->batch_type] += n;
		atomic64_add(n, &usip_stats.lost);
	}
}

void usip_notify_event(struct usip_listener *l, const struct usip_event *e, u8 cmd)
{
	if (l->batch && l->batch_type == e->type && !usip_batch_put(l, e, cmd))
		return;
	usip_notify_flush(l);
	if (l->lost[e->type])
		usip_notify_lost(l, e->type);	/* the loss is told before any later record */
	/*
	 * A fresh datagram of one page, as the kernel sizes its own notifications so that readers
	 * with page-sized buffers never truncate; larger only for a record with long paths.
	 */
	l->batch = genlmsg_new(max_t(size_t, usip_event_room(e), GENLMSG_DEFAULT_SIZE), GFP_KERNEL);
	l->batch_type = e->type;
	if (l->batch && !usip_batch_put(l, e, cmd))
		return;
	nlmsg_free(l->batch);
	l->batch = NULL;
	l->lost[e->type]++;
	atomic64_inc(&usip_stats.lost);
}

/*
 * Tell @l how many events of @type it missed; it must resync. If this message cannot be
 * queued either, the count stays owed and grows with every further loss.
 */
void usip_notify_lost(struct usip_listener *l, u32 type)
{
	struct sk_buff *skb;
	u64 count;
	void *hdr;

	usip_notify_flush(l);	/* what was packed before the loss was noted goes first */
	count = l->lost[type];	/* ... and may itself have been lost */
	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!skb)
		return;
	hdr = genlmsg_put(skb, 0, 0, &usip_family, 0, USIP_CMD_LOST_EVENTS);
	if (!hdr || usip_put_common(skb, type, l->mnt_ns.inum, l->id) ||
	    nla_put_u64_64bit(skb, USIP_A_LOST_COUNT, count, USIP_A_PAD)) {
		nlmsg_free(skb);
		return;
	}
	genlmsg_end(skb, hdr);
	if (!usip_send(l, skb, type, 1))
		l->lost[type] -= count;
}

static const char *usip_action_name(u32 action)
{
	switch (action) {
	case USIP_NOTIFY_ENOSPC:
		return "filesystem full";
	case USIP_NOTIFY_EDQUOT:
		return "disk quota exceeded";
	case USIP_NOTIFY_MOUNT:
		return "mounted";
	case USIP_NOTIFY_UMOUNT:
		return "unmounted";
	case USIP_NOTIFY_MOVE:
		return "moved";
	case USIP_NOTIFY_ATTR:
		return "attributes changed";
	default:
		return "event";
	}
}

/* KERN_LOG notifiers: the prototype's message format, rate limited. */
void usip_kern_log(const struct usip_event *e)
{
	if (e->type == USIP_EVENT_TYPE_STORAGE) {
		const struct usip_storage_event *ev = &e->storage->ev;

		pr_info_ratelimited("usip: pid %u, uid %u, inum %llu on %s (%s): %s\n",
				    ev->pid, ev->uid, ev->ino, ev->mountpoint ?: "?",
				    ev->device ?: "?", usip_action_name(ev->action));
	} else {
		const struct usip_change *c = e->change;

		pr_info_ratelimited("usip: mount %u on %s (%s), mnt ns %u: %s\n",
				    c->mnt.id, c->mnt.mount_point ?: "?", c->mnt.source ?: "?",
				    c->mnt_ns.inum, usip_action_name(c->action));
	}
}
