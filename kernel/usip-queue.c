// SPDX-License-Identifier: GPL-2.0
/*
 * The event API (usip-events.h) and the bounded delivery queue. Sources may be in any
 * context, so capturing is GFP_ATOMIC under an irq-safe spinlock; a work item delivers in
 * process context. When the queue is full the event is dropped and counted, and matching
 * listeners get LOST_EVENTS with the count before the next delivery.
 *
 * The work item runs at once after a quiet spell, so a single change adds no latency. While
 * changes keep coming (a burst: the last run ended less than a tick ago) it waits one tick and
 * delivers them all in one run, packed several to a datagram: readers then wake once per
 * datagram instead of once per record, at the cost of at most one tick of latency.
 */
#include <linux/jiffies.h>
#include <linux/list.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "usip.h"
#include "usip-listener.h"
#include "usip-records.h"

static LIST_HEAD(usip_queue);
static DEFINE_SPINLOCK(usip_queue_lock);
static unsigned int usip_queue_len;
static u64 usip_queue_lost[USIP_EVENT_TYPE_STORAGE + 1];
static bool usip_queue_running;

static unsigned long usip_last_run;	/* jiffies when the work item last finished */

static void usip_deliver_work(struct work_struct *work);
static DECLARE_DELAYED_WORK(usip_work, usip_deliver_work);

static void usip_queue_kick(void)
{
	bool burst = time_before(jiffies, READ_ONCE(usip_last_run) + 2);

	schedule_delayed_work(&usip_work, burst ? 1 : 0);
}

void usip_queue_note_lost(u32 type)
{
	unsigned long flags;

	bool running;

	spin_lock_irqsave(&usip_queue_lock, flags);
	usip_queue_lost[type]++;
	running = usip_queue_running;
	spin_unlock_irqrestore(&usip_queue_lock, flags);
	atomic64_inc(&usip_stats.lost);
	if (running)
		usip_queue_kick();
}

static int usip_queue_push(struct usip_event *e)
{
	unsigned long flags;
	int err = 0;

	spin_lock_irqsave(&usip_queue_lock, flags);
	if (!usip_queue_running) {
		err = -ESHUTDOWN;
	} else if (usip_queue_len >= USIP_QUEUE_MAX) {
		usip_queue_lost[e->type]++;
		atomic64_inc(&usip_stats.lost);
		err = -ENOBUFS;
	} else {
		list_add_tail(&e->node, &usip_queue);
		usip_queue_len++;
		atomic_inc(&usip_stats.queued);
	}
	spin_unlock_irqrestore(&usip_queue_lock, flags);
	if (err)
		usip_event_free(e);
	else
		usip_queue_kick();
	return err;
}

static bool usip_mtab_action_valid(u32 action)
{
	return action == USIP_NOTIFY_MOUNT || action == USIP_NOTIFY_UMOUNT ||
	       action == USIP_NOTIFY_MOVE || action == USIP_NOTIFY_ATTR;
}

s64 usip_event_mtab(const struct usip_mtab_event *ev)
{
	struct usip_change *c;
	struct usip_event *e;
	s64 seq;

	if (!ev || !ev->mnt || !usip_mtab_action_valid(ev->action))
		return -EINVAL;
	if (!READ_ONCE(usip_queue_running))
		return -ESHUTDOWN;
	c = usip_change_alloc(ev, GFP_ATOMIC);
	/* Numbers are per namespace: a namespace seen first here (by a GLOBAL listener) gets a log. */
	if (!c || usip_log_track(ev->mnt_ns, GFP_ATOMIC)) {
		if (c)
			usip_change_put(c);
		usip_queue_note_lost(USIP_EVENT_TYPE_MTAB);
		return -ENOMEM;
	}
	seq = usip_log_append(c);
	if (usip_listeners_of_type(USIP_EVENT_TYPE_MTAB)) {
		e = kzalloc(sizeof(*e), GFP_ATOMIC);
		if (e) {
			e->type = USIP_EVENT_TYPE_MTAB;
			e->change = c;
			refcount_inc(&c->ref);
			usip_queue_push(e);	/* a full queue is counted there */
		} else {
			usip_queue_note_lost(USIP_EVENT_TYPE_MTAB);
		}
	}
	usip_change_put(c);
	return seq;
}

void usip_event_mtab_unknown(struct usip_ns mnt_ns)
{
	usip_log_cut(mnt_ns);
}

void usip_event_mtab_ns_end(struct usip_ns mnt_ns)
{
	usip_log_end(mnt_ns);
}

void usip_event_mtab_unknown_all(void)
{
	usip_log_cut_all();
	if (usip_listeners_of_type(USIP_EVENT_TYPE_MTAB))
		usip_queue_note_lost(USIP_EVENT_TYPE_MTAB);
}

int usip_event_storage(const struct usip_storage_event *ev)
{
	struct usip_event *e;

	if (!ev || (ev->action != USIP_NOTIFY_ENOSPC && ev->action != USIP_NOTIFY_EDQUOT))
		return -EINVAL;
	if (!READ_ONCE(usip_queue_running))
		return -ESHUTDOWN;
	if (!usip_listeners_of_type(USIP_EVENT_TYPE_STORAGE))
		return 0;
	e = kzalloc(sizeof(*e), GFP_ATOMIC);
	if (e) {
		e->type = USIP_EVENT_TYPE_STORAGE;
		e->storage = usip_storage_alloc(ev, GFP_ATOMIC);
	}
	if (!e || !e->storage) {
		kfree(e);
		usip_queue_note_lost(USIP_EVENT_TYPE_STORAGE);
		return -ENOMEM;
	}
	return usip_queue_push(e);
}

/*
 * A namespace's changes are wanted when it has a log (its listeners pin one) or a GLOBAL
 * listener sees every namespace: a listener in one container does not make every other
 * container's mounts pay for a record.
 */
bool usip_event_wanted(u32 type, struct usip_ns mnt_ns)
{
	if (type == USIP_EVENT_TYPE_MTAB)
		return usip_log_exists(mnt_ns) ||
		       usip_global_listeners_of_type(USIP_EVENT_TYPE_MTAB);
	return usip_listeners_of_type(type);
}

static void usip_deliver_work(struct work_struct *work)
{
	u64 lost[USIP_EVENT_TYPE_STORAGE + 1];
	struct usip_event *e, *tmp;
	unsigned long flags;
	LIST_HEAD(batch);
	u32 type;

	spin_lock_irqsave(&usip_queue_lock, flags);
	list_splice_init(&usip_queue, &batch);
	atomic_sub(usip_queue_len, &usip_stats.queued);
	usip_queue_len = 0;
	memcpy(lost, usip_queue_lost, sizeof(lost));
	memset(usip_queue_lost, 0, sizeof(usip_queue_lost));
	spin_unlock_irqrestore(&usip_queue_lock, flags);

	for (type = USIP_EVENT_TYPE_MTAB; type <= USIP_EVENT_TYPE_STORAGE; type++)
		if (lost[type])
			usip_listeners_lost(type, lost[type]);
	usip_listeners_deliver(&batch);
	list_for_each_entry_safe(e, tmp, &batch, node) {
		list_del(&e->node);
		usip_event_free(e);
	}
	WRITE_ONCE(usip_last_run, jiffies);
}

void usip_queue_start(void)
{
	WRITE_ONCE(usip_last_run, jiffies - HZ);
	WRITE_ONCE(usip_queue_running, true);
}

/* No event is queued after this returns, and the work item is idle. */
void usip_queue_stop(void)
{
	unsigned long flags;

	spin_lock_irqsave(&usip_queue_lock, flags);
	WRITE_ONCE(usip_queue_running, false);
	spin_unlock_irqrestore(&usip_queue_lock, flags);
	cancel_delayed_work_sync(&usip_work);
}

void usip_queue_free(void)
{
	struct usip_event *e, *tmp;
	unsigned long flags;
	LIST_HEAD(batch);

	spin_lock_irqsave(&usip_queue_lock, flags);
	list_splice_init(&usip_queue, &batch);
	atomic_sub(usip_queue_len, &usip_stats.queued);
	usip_queue_len = 0;
	spin_unlock_irqrestore(&usip_queue_lock, flags);
	list_for_each_entry_safe(e, tmp, &batch, node)
		usip_event_free(e);
}
