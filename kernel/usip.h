/* SPDX-License-Identifier: GPL-2.0 */
/* USIP module internals shared between its files (not an interface for other modules). */
#ifndef _USIP_H
#define _USIP_H

#include <linux/atomic.h>
#include <linux/types.h>
#include <net/genetlink.h>

#include "usip-nl-gen.h"
#include "usip-events.h"

#define USIP_MAX_LISTENERS	4096	/* in the whole system, to bound kernel memory */
#define USIP_QUEUE_MAX		1024	/* events waiting for the delivery work item */
#define USIP_LOG_MAX_RECORDS	4096	/* change records kept per mount namespace */
#define USIP_LOG_MAX_NS		64	/* mount namespaces with a change log */

extern struct genl_family usip_family;
extern bool usip_test_commands;

/* Live-object counters, exported read-only as module parameters so tests can spot leaks. */
struct usip_stats {
	atomic_t listeners;
	atomic_t queued;	/* events in the queue */
	atomic_t records;	/* change records alive (log and queue) */
	atomic_t logs;		/* per-namespace change logs */
	atomic_t dumps;		/* mount-table dumps in progress */
	atomic64_t recorded;	/* change records numbered into a namespace's log */
	atomic64_t delivered;	/* notifications handed to netlink */
	atomic64_t lost;	/* events dropped (queue full, no memory, receiver full) */
};

extern struct usip_stats usip_stats;

/* Attribute access common to do and dump handlers, across 6.1 and 6.12. */
struct nlattr **usip_dump_attrs(struct netlink_callback *cb);

/* usip-ns.c */
struct usip_ns usip_current_mnt_ns(void);

struct kstatfs;
struct usip_change;

/* usip-family.c */
int usip_family_register(void);
void usip_family_unregister(void);

/* usip-attrs.c: nests shared by replies and notifications */
int usip_put_mount(struct sk_buff *skb, int attrtype, const struct usip_mount_info *m);
int usip_put_fs_usage(struct sk_buff *skb, const struct kstatfs *st);
int usip_put_change(struct sk_buff *skb, const struct usip_change *c);
char *usip_path_attr(const struct nlattr *attr, struct netlink_ext_ack *extack);

/* usip-listener.c */
int usip_listeners_init(void);
void usip_listeners_exit(void);
bool usip_listeners_of_type(u32 type);
bool usip_global_listeners_of_type(u32 type);

/* usip-queue.c */
void usip_queue_start(void);
void usip_queue_stop(void);
void usip_queue_free(void);
void usip_queue_note_lost(u32 type);

/* usip-changelog.c */
void usip_log_init(void);
u64 usip_log_seq(struct usip_ns mnt_ns);
int usip_log_track(struct usip_ns mnt_ns, gfp_t gfp);
int usip_log_pin(struct usip_ns mnt_ns);
void usip_log_unpin(struct usip_ns mnt_ns);
bool usip_log_exists(struct usip_ns mnt_ns);
u64 usip_log_append(struct usip_change *c);
void usip_log_cut(struct usip_ns mnt_ns);
void usip_log_end(struct usip_ns mnt_ns);
void usip_log_cut_all(void);
void usip_log_free(void);

/* usip-hooks-features: what the event sources really enabled (USIP_FEATURE_REAL_*) */
extern u64 usip_hook_features;

#endif /* _USIP_H */
