/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Self-contained copies of events: everything an event source hands to usip_event_*() is
 * copied into one allocation (strings included) so the caller's memory can go right away.
 */
#ifndef _USIP_RECORDS_H
#define _USIP_RECORDS_H

#include <linux/list.h>
#include <linux/refcount.h>
#include <linux/statfs.h>
#include "usip-events.h"

/* A mount-table change; shared by the namespace's change log and the delivery queue. */
struct usip_change {
	refcount_t ref;
	struct list_head log_node;
	u64 seq;
	u64 time;
	struct usip_ns mnt_ns;
	u32 action;
	struct usip_mount_info mnt;	/* strings point into data[] */
	char data[];
};

struct usip_storage_rec {
	u64 time;
	struct usip_storage_event ev;	/* strings point into data[], usage to usage below */
	struct kstatfs usage;
	char data[];
};

/* One entry of the delivery queue. */
struct usip_event {
	struct list_head node;
	u32 type;			/* USIP_EVENT_TYPE_* */
	struct usip_change *change;	/* USIP_EVENT_TYPE_MTAB */
	struct usip_storage_rec *storage; /* USIP_EVENT_TYPE_STORAGE */
};

struct usip_change *usip_change_alloc(const struct usip_mtab_event *ev, gfp_t gfp);
void usip_change_put(struct usip_change *c);
struct usip_storage_rec *usip_storage_alloc(const struct usip_storage_event *ev, gfp_t gfp);
void usip_storage_free(struct usip_storage_rec *s);
void usip_event_free(struct usip_event *e);

#endif /* _USIP_RECORDS_H */
