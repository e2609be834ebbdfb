// SPDX-License-Identifier: GPL-2.0
/* USIP requests and notifications for the C watcher: see usip-proto.h. */
#include "usip-proto.h"

#include <errno.h>
#include <string.h>

static int on_registered(const struct nlmsghdr *h, void *p)
{
	struct usip_conn *c = p;
	struct genl_attrs a;

	genl_parse_msg(&a, h);
	c->listener_id = genl_u32(a.a[USIP_A_EVENT_ID], 0);
	c->listener_ns = genl_u32(a.a[USIP_A_EVENT_GROUP], 0);
	return 0;
}

/* One listener, one notifier: every mtab action, notified, as usip-client's liveMountTable(). */
static int register_listener(struct usip_conn *c)
{
	struct genl_msg m;
	int err;

	genl_msg_init(&m, c->family, USIP_FAMILY_VERSION, USIP_CMD_EVENT_REGISTER, 0);
	genl_put_u32(&m, USIP_A_EVENT_FLAGS, 0);
	genl_nest_start(&m, USIP_A_EVENT_NOTIFIERS);
	genl_nest_start(&m, 0);	/* indexed-array: entry types are positions */
	genl_put_u32(&m, USIP_NOTIFIER_A_TYPE, USIP_EVENT_TYPE_MTAB);
	genl_put_u32(&m, USIP_NOTIFIER_A_ACTION, USIP_NOTIFY_UNSPEC);
	genl_put_u8(&m, USIP_NOTIFIER_A_CMD, 0);
	genl_put_u32(&m, USIP_NOTIFIER_A_FLAGS, USIP_FLAGS_NOTIFIER_NOTIFY);
	genl_nest_end(&m);
	genl_nest_end(&m);
	err = genl_transact(&c->events, &m, on_registered, c);
	if (!err && !c->listener_id)
		err = -EPROTO;
	return err;
}

int usip_connect(struct usip_conn *c, int rcvbuf, const char **step)
{
	int err;

	memset(c, 0, sizeof(*c));
	c->events.fd = c->requests.fd = -1;
	*step = "socket";
	err = genl_open(&c->requests, 0);
	if (!err)
		err = genl_open(&c->events, rcvbuf);
	if (err)
		return err;
	*step = "CTRL_CMD_GETFAMILY " USIP_FAMILY_NAME " / " USIP_MCGRP_MTAB;
	err = genl_resolve(&c->requests, USIP_FAMILY_NAME, USIP_MCGRP_MTAB, &c->family,
			   &c->mtab_group);
	if (err)
		return err;
	*step = "join " USIP_MCGRP_MTAB;
	err = genl_join(&c->events, c->mtab_group);
	if (err)
		return err;
	*step = "EVENT_REGISTER";
	return register_listener(c);
}

void usip_disconnect(struct usip_conn *c)
{
	struct genl_msg m;

	if (c->listener_id && c->events.fd >= 0) {
		genl_msg_init(&m, c->family, USIP_FAMILY_VERSION, USIP_CMD_EVENT_UNREGISTER, 0);
		genl_put_u32(&m, USIP_A_EVENT_GROUP, c->listener_ns);
		genl_put_u32(&m, USIP_A_EVENT_ID, c->listener_id);
		genl_transact(&c->events, &m, NULL, NULL); /* closing the socket would do it too */
	}
	genl_close(&c->events);
	genl_close(&c->requests);
}

void usip_mount_fields(const struct nlattr *nest, struct mount_fields *f)
{
	static const uint16_t text_attr[MOUNT_TEXTS] = {
		[MOUNT_ROOT] = USIP_MOUNT_A_ROOT,
		[MOUNT_POINT] = USIP_MOUNT_A_MOUNT_POINT,
		[MOUNT_OPTIONS] = USIP_MOUNT_A_MOUNT_OPTIONS,
		[MOUNT_FS_TYPE] = USIP_MOUNT_A_FS_TYPE,
		[MOUNT_SOURCE] = USIP_MOUNT_A_SOURCE,
		[MOUNT_SUPER_OPTIONS] = USIP_MOUNT_A_SUPER_OPTIONS,
	};
	struct genl_attrs a;
	int i;

	genl_parse_nest(&a, nest);
	f->id = genl_u32(a.a[USIP_MOUNT_A_ID], 0);
	f->parent_id = genl_u32(a.a[USIP_MOUNT_A_PARENT_ID], 0);
	f->major = genl_u32(a.a[USIP_MOUNT_A_DEV_MAJOR], 0);
	f->minor = genl_u32(a.a[USIP_MOUNT_A_DEV_MINOR], 0);
	f->shared = genl_u32(a.a[USIP_MOUNT_A_SHARED_GROUP], 0);
	f->master = genl_u32(a.a[USIP_MOUNT_A_MASTER_GROUP], 0);
	for (i = 0; i < MOUNT_TEXTS; i++)
		f->len[i] = genl_str(a.a[text_attr[i]], &f->text[i]);
}

struct dump_ctx {
	struct mount_table *t;
	int seen_seq;
};

static int on_dumped_mount(const struct nlmsghdr *h, void *p)
{
	struct dump_ctx *d = p;
	struct mount_fields f;
	struct genl_attrs a;

	genl_parse_msg(&a, h);
	if (!a.a[USIP_A_MOUNT])
		return -EPROTO;
	if (a.a[USIP_A_MTAB_SEQ]) {
		d->t->seq = genl_u64(a.a[USIP_A_MTAB_SEQ], 0);
		d->seen_seq = 1;
	}
	usip_mount_fields(a.a[USIP_A_MOUNT], &f);
	return mount_table_put(d->t, &f);
}

int usip_dump(struct usip_conn *c, struct mount_table *t)
{
	struct dump_ctx d = { .t = t };
	struct genl_msg m;
	int err;

	mount_table_free(t);
	genl_msg_init(&m, c->family, USIP_FAMILY_VERSION, USIP_CMD_MTAB_GET, NLM_F_DUMP);
	err = genl_transact(&c->requests, &m, on_dumped_mount, &d);
	return err ? err : d.seen_seq ? 0 : -EPROTO;
}

/* One of our notifications, its attributes parsed; 0 or a handler's -errno. */
static int dispatch(uint8_t cmd, const struct genl_attrs *a, const struct usip_handlers *hs)
{
	struct genl_attrs change;
	struct mount_fields f;

	if (cmd == USIP_CMD_LOST_EVENTS)
		return hs->lost(hs->ctx);
	if (!a->a[USIP_A_CHANGE])
		return -EPROTO;
	genl_parse_nest(&change, a->a[USIP_A_CHANGE]);
	if (!change.a[USIP_CHANGE_A_SEQ] || !change.a[USIP_CHANGE_A_MOUNT])
		return -EPROTO;
	usip_mount_fields(change.a[USIP_CHANGE_A_MOUNT], &f);
	return hs->change(genl_u64(change.a[USIP_CHANGE_A_SEQ], 0),
			  genl_u32(change.a[USIP_CHANGE_A_ACTION], USIP_NOTIFY_UNSPEC), &f, hs->ctx);
}

/* Our mtab notification? Multicast brings every member every listener's messages. */
static int ours(const struct usip_conn *c, const struct nlmsghdr *h, struct genl_attrs *a)
{
	const struct genlmsghdr *g = NLMSG_DATA(h);

	if (h->nlmsg_type != c->family || h->nlmsg_len < NLMSG_LENGTH(GENL_HDRLEN) ||
	    (g->cmd != USIP_CMD_MTAB_NOTIFY && g->cmd != USIP_CMD_LOST_EVENTS))
		return 0;
	genl_parse_msg(a, h);
	return genl_u32(a->a[USIP_A_EVENT_ID], 0) == c->listener_id &&
	       genl_u32(a->a[USIP_A_EVENT_TYPE], 0) == USIP_EVENT_TYPE_MTAB;
}

int usip_walk_datagram(const struct usip_conn *c, const char *buf, size_t len,
		       const struct usip_handlers *hs)
{
	const struct nlmsghdr *h = (const void *)buf;
	int left = (int)len, seen = 0, err;
	struct genl_attrs a;

	for (; NLMSG_OK(h, left); h = NLMSG_NEXT(h, left)) {
		if (!ours(c, h, &a))
			continue;
		seen++;
		err = dispatch(((const struct genlmsghdr *)NLMSG_DATA(h))->cmd, &a, hs);
		if (err)
			return err;
	}
	return seen;
}
