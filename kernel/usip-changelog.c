// SPDX-License-Identifier: GPL-2.0
/*
 * Per-mount-namespace change logs and the MTAB_CHANGED dump.
 *
 * Sequence numbers count the changes of one namespace: consecutive records of a namespace
 * have consecutive numbers, so a client sees a gap as a gap. A namespace's numbering starts
 * when its log is created, at the wall-clock time in ns or above any number handed out before
 * (whichever is larger), so numbers grow across log evictions and module reloads and a
 * client's number from an earlier log is never mistaken for a current one. A log exists for a
 * namespace that has listeners (pinned: never evicted), was dumped, or changed while a GLOBAL
 * mtab listener existed; its horizon is the sequence after which it holds every change of
 * that namespace. Logs are bounded in records and in number (the least recently used unpinned
 * one is evicted), and freed when their namespace ends (or, pinned, with its last listener);
 * asking for changes from before the horizon is ESTALE, and the client
 * resyncs with MTAB_GET.
 */
#include <linux/list.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/timekeeping.h>

#include "usip.h"
#include "usip-records.h"

struct usip_nslog {
	struct list_head node;		/* in usip_logs, most recently used first */
	struct list_head changes;	/* oldest first */
	struct usip_ns mnt_ns;
	unsigned int listeners;		/* non-GLOBAL mtab listeners of the namespace: pinned */
	bool ended;			/* the namespace ended: freed with its last listener */
	unsigned int count;
	u64 horizon;
	u64 seq;			/* of the namespace's last change */
};

static LIST_HEAD(usip_logs);
static DEFINE_SPINLOCK(usip_log_lock);	/* logs, their records and usip_seq_max; any context */
static u64 usip_seq_max;			/* largest number handed out since load */
static unsigned int usip_nlogs;

void usip_log_init(void)
{
	usip_seq_max = 0;
}

static struct usip_nslog *usip_log_find(struct usip_ns mnt_ns);

/* The sequence of @mnt_ns's last change; 0 when the namespace has no log. */
u64 usip_log_seq(struct usip_ns mnt_ns)
{
	struct usip_nslog *log;
	unsigned long flags;
	u64 seq;

	spin_lock_irqsave(&usip_log_lock, flags);
	log = usip_log_find(mnt_ns);
	seq = log ? log->seq : 0;
	spin_unlock_irqrestore(&usip_log_lock, flags);
	return seq;
}

static struct usip_nslog *usip_log_find(struct usip_ns mnt_ns)
{
	struct usip_nslog *log;

	list_for_each_entry(log, &usip_logs, node)
		if (usip_ns_eq(log->mnt_ns, mnt_ns))
			return log;
	return NULL;
}

bool usip_log_exists(struct usip_ns mnt_ns)
{
	unsigned long flags;
	bool found;

	spin_lock_irqsave(&usip_log_lock, flags);
	found = usip_log_find(mnt_ns);
	spin_unlock_irqrestore(&usip_log_lock, flags);
	return found;
}

static void usip_log_destroy(struct usip_nslog *log)
{
	struct usip_change *c, *tmp;

	list_for_each_entry_safe(c, tmp, &log->changes, log_node) {
		list_del_init(&c->log_node);
		usip_change_put(c);
	}
	list_del(&log->node);
	usip_nlogs--;
	atomic_dec(&usip_stats.logs);
	kfree(log);
}

/* Mark @mnt_ns's log most recently used; NULL when it has none. Caller holds the lock. */
static struct usip_nslog *usip_log_touch(struct usip_ns mnt_ns)
{
	struct usip_nslog *log = usip_log_find(mnt_ns);

	if (log)
		list_move(&log->node, &usip_logs);
	return log;
}

/*
 * Drop the least recently used log no listener pins. When all are pinned there are more
 * than USIP_LOG_MAX_NS for a while, bounded by the listeners. Caller holds the lock.
 */
static void usip_log_evict(void)
{
	struct usip_nslog *log;

	list_for_each_entry_reverse(log, &usip_logs, node) {
		if (!log->listeners) {
			usip_log_destroy(log);
			return;
		}
	}
}

/* Find or make @mnt_ns's log and add @pins to its listeners; allocates only to make one. */
static int usip_log_get(struct usip_ns mnt_ns, gfp_t gfp, unsigned int pins)
{
	struct usip_nslog *log, *fresh;
	unsigned long flags;

	spin_lock_irqsave(&usip_log_lock, flags);
	log = usip_log_touch(mnt_ns);
	if (log)
		log->listeners += pins;
	spin_unlock_irqrestore(&usip_log_lock, flags);
	if (log)
		return 0;

	fresh = kzalloc(sizeof(*fresh), gfp);
	if (!fresh)
		return -ENOMEM;
	INIT_LIST_HEAD(&fresh->changes);
	fresh->mnt_ns = mnt_ns;

	spin_lock_irqsave(&usip_log_lock, flags);
	log = usip_log_touch(mnt_ns);
	if (!log) {	/* nobody made it meanwhile */
		if (usip_nlogs >= USIP_LOG_MAX_NS)
			usip_log_evict();
		fresh->seq = max(ktime_get_real_ns(), usip_seq_max + 1);
		fresh->horizon = fresh->seq;
		usip_seq_max = fresh->seq;
		list_add(&fresh->node, &usip_logs);
		usip_nlogs++;
		atomic_inc(&usip_stats.logs);
		log = fresh;
		fresh = NULL;
	}
	log->listeners += pins;
	spin_unlock_irqrestore(&usip_log_lock, flags);
	kfree(fresh);
	return 0;
}

/*
 * Make sure @mnt_ns has a log from now on; any context with a matching @gfp. Called for
 * every mount-table event: allocates only when the namespace has no log yet.
 */
int usip_log_track(struct usip_ns mnt_ns, gfp_t gfp)
{
	return usip_log_get(mnt_ns, gfp, 0);
}

/*
 * A non-GLOBAL mtab listener of @mnt_ns came (process context): its log is made and kept
 * while the namespace has listeners, so sources can tell from the log alone whether anyone
 * wants the namespace's changes (usip_event_wanted()).
 */
int usip_log_pin(struct usip_ns mnt_ns)
{
	return usip_log_get(mnt_ns, GFP_KERNEL, 1);
}

/* ... and went: the log may be evicted again once no listener pins it. */
void usip_log_unpin(struct usip_ns mnt_ns)
{
	struct usip_nslog *log;
	unsigned long flags;

	spin_lock_irqsave(&usip_log_lock, flags);
	log = usip_log_find(mnt_ns);
	if (log && log->listeners && !--log->listeners && log->ended)
		usip_log_destroy(log);
	spin_unlock_irqrestore(&usip_log_lock, flags);
}

/*
 * @mnt_ns ended: no change can follow, and no reader is left in it to ask for its records.
 * Its log goes now rather than by eviction, which would take a live namespace's log first
 * when this one was used more recently. A listener still registered for it (its process
 * moved to another namespace) keeps it until it goes.
 */
void usip_log_end(struct usip_ns mnt_ns)
{
	struct usip_nslog *log;
	unsigned long flags;

	spin_lock_irqsave(&usip_log_lock, flags);
	log = usip_log_find(mnt_ns);
	if (log && log->listeners)
		log->ended = true;
	else if (log)
		usip_log_destroy(log);
	spin_unlock_irqrestore(&usip_log_lock, flags);
}

/* A change of @mnt_ns with no record: a number is used up and the log starts after it. */
void usip_log_cut(struct usip_ns mnt_ns)
{
	struct usip_nslog *log;
	unsigned long flags;

	spin_lock_irqsave(&usip_log_lock, flags);
	log = usip_log_find(mnt_ns);
	if (log) {
		log->horizon = ++log->seq;
		usip_seq_max = max(usip_seq_max, log->seq);
	}
	spin_unlock_irqrestore(&usip_log_lock, flags);
}

void usip_log_cut_all(void)
{
	struct usip_nslog *log;
	unsigned long flags;

	spin_lock_irqsave(&usip_log_lock, flags);
	list_for_each_entry(log, &usip_logs, node) {
		log->horizon = ++log->seq;
		usip_seq_max = max(usip_seq_max, log->seq);
	}
	spin_unlock_irqrestore(&usip_log_lock, flags);
}

/*
 * Give @c the next sequence number of its namespace and keep it in that namespace's log.
 * Returns 0 when the namespace has no log (usip_log_track() first).
 */
u64 usip_log_append(struct usip_change *c)
{
	struct usip_nslog *log;
	struct usip_change *old;
	unsigned long flags;
	u64 seq = 0;

	spin_lock_irqsave(&usip_log_lock, flags);
	log = usip_log_find(c->mnt_ns);
	if (log) {
		seq = ++log->seq;
		c->seq = seq;
		usip_seq_max = max(usip_seq_max, seq);
		atomic64_inc(&usip_stats.recorded);
		refcount_inc(&c->ref);
		list_add_tail(&c->log_node, &log->changes);
		if (++log->count > USIP_LOG_MAX_RECORDS) {
			old = list_first_entry(&log->changes, struct usip_change, log_node);
			list_del_init(&old->log_node);
			/* Never below a cut: a record older than the cut must not reopen the log. */
			log->horizon = max(log->horizon, old->seq);
			log->count--;
			usip_change_put(old);
		}
	}
	spin_unlock_irqrestore(&usip_log_lock, flags);
	return seq;
}

void usip_log_free(void)
{
	unsigned long flags;

	spin_lock_irqsave(&usip_log_lock, flags);
	while (!list_empty(&usip_logs))
		usip_log_destroy(list_first_entry(&usip_logs, struct usip_nslog, node));
	spin_unlock_irqrestore(&usip_log_lock, flags);
}

static int usip_put_change_msg(struct sk_buff *skb, struct netlink_callback *cb,
			       const struct usip_change *c)
{
	void *hdr;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq, &usip_family,
			  NLM_F_MULTI, USIP_CMD_MTAB_CHANGED);
	if (!hdr)
		return -EMSGSIZE;
	if (usip_put_change(skb, c)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/*
 * Dump state: args[0] = 1 once started, args[1] = last sequence sent, args[2] and args[3] =
 * the namespace (inum, id).
 * Records are written straight from the log under its lock (no allocation, no sleeping).
 */
int usip_nl_mtab_changed_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct usip_change *c;
	struct usip_nslog *log;
	unsigned long flags;
	int err = 0;

	if (!cb->args[0]) {
		struct nlattr **attrs = usip_dump_attrs(cb);
		struct usip_ns ns;

		if (!attrs || !attrs[USIP_A_MTAB_SEQ]) {
			NL_SET_ERR_MSG(cb->extack, "mtab-seq is required (the last change the client has)");
			return -EINVAL;
		}
		ns = usip_current_mnt_ns();
		cb->args[2] = ns.inum;
		cb->args[3] = ns.id;
		if (!ns.inum) {
			NL_SET_ERR_MSG(cb->extack, "cannot determine the caller's mount namespace (is /proc mounted?)");
			return -ENOENT;
		}
		err = usip_log_track(ns, GFP_KERNEL);
		if (err)
			return err;
		cb->args[1] = nla_get_u64(attrs[USIP_A_MTAB_SEQ]);
		cb->args[0] = 1;
	}

	spin_lock_irqsave(&usip_log_lock, flags);
	log = usip_log_find((struct usip_ns){ cb->args[2], cb->args[3] });
	if (!log) {
		NL_SET_ERR_MSG(cb->extack, "the change log of this namespace was evicted: resync with mtab-get");
		err = -ESTALE;
	} else if (cb->args[1] < log->horizon) {
		NL_SET_ERR_MSG(cb->extack, "the change log no longer reaches back to mtab-seq: resync with mtab-get");
		err = -ESTALE;
	} else if (cb->args[1] > log->seq) {
		NL_SET_ERR_MSG(cb->extack, "mtab-seq is newer than any change (module reloaded?): resync with mtab-get");
		err = -ESTALE;
	} else {
		list_for_each_entry(c, &log->changes, log_node) {
			if (c->seq <= cb->args[1])
				continue;
			if (usip_put_change_msg(skb, cb, c)) {
				if (!skb->len)	/* one record larger than a dump buffer */
					err = -EMSGSIZE;
				break;
			}
			cb->args[1] = c->seq;
		}
	}
	spin_unlock_irqrestore(&usip_log_lock, flags);
	return err ? err : skb->len;
}
