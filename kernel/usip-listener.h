/* SPDX-License-Identifier: GPL-2.0 */
/* Listeners: what a client registered, and for whom notifications are built. */
#ifndef _USIP_LISTENER_H
#define _USIP_LISTENER_H

#include <linux/list.h>
#include <linux/types.h>
#include <net/net_namespace.h>

#include "usip.h"

struct usip_notifier {
	u32 type;
	u32 action;	/* 0 = any */
	u32 flags;	/* USIP_FLAGS_NOTIFIER_* */
	u8 cmd;
};

struct usip_listener {
	struct list_head node;
	struct net *net;	/* the registering socket's netns (referenced) */
	u32 portid;		/* the registering socket */
	u32 id;
	struct usip_ns mnt_ns;	/* { 0, 0 } when GLOBAL */
	u32 flags;		/* USIP_FLAGS_LISTENER_* */
	bool privileged;	/* registrar had CAP_SYS_ADMIN: notify by multicast */
	u64 lost[USIP_EVENT_TYPE_STORAGE + 1];	/* owed a LOST_EVENTS notification */
	/* Notifications being packed into one datagram (delivery work item, under the lock) */
	struct sk_buff *batch;
	u32 batch_type;
	unsigned int batch_n;
	unsigned int n;
	struct usip_notifier notifiers[];
};

struct usip_event;

/* usip-listener.c: from the delivery work item */
void usip_listeners_deliver(struct list_head *events);
void usip_listeners_lost(u32 type, u64 count);

/*
 * usip-notify.c: notifications to one listener. Events are packed into the listener's pending
 * datagram; usip_notify_flush() sends it (the delivery work item flushes every listener at
 * the end of a run, so a datagram never waits for a later event).
 */
void usip_notify_event(struct usip_listener *l, const struct usip_event *e, u8 cmd);
void usip_notify_flush(struct usip_listener *l);
void usip_notify_lost(struct usip_listener *l, u32 type);
void usip_kern_log(const struct usip_event *e);

#endif /* _USIP_LISTENER_H */
