// SPDX-License-Identifier: GPL-2.0
/*
 * The module's real event sources: usip_hooks_init() / usip_hooks_exit() (usip-events.h).
 * Each part degrades on its own: without BTF the mount hooks are off but storage events
 * still work; a missing hook is logged and its feature bit stays clear.
 */
#include <linux/mutex.h>
#include <linux/nsproxy.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/workqueue.h>

#include "usip.h"
#include "usip-hooks.h"
#include "usip-layout.h"
#include "usip-ratelimit.h"

static bool storage_on, mount_on;

/*
 * Storage probes sit on every write, so they are armed only while a storage listener exists:
 * a write pays nothing when nobody listens. Arming is synchronous; disarming waits a second,
 * so listeners that come and go do not re-patch the kernel's text each time.
 */
static DEFINE_MUTEX(storage_arm_lock);
static bool storage_armed;

static void storage_disarm(struct work_struct *work)
{
	mutex_lock(&storage_arm_lock);
	if (storage_on && storage_armed && !usip_listeners_of_type(USIP_EVENT_TYPE_STORAGE)) {
		usip_storage_hooks_arm(false);
		storage_armed = false;
	}
	mutex_unlock(&storage_arm_lock);
}

static DECLARE_DELAYED_WORK(storage_disarm_work, storage_disarm);

void usip_hooks_storage_wanted(bool wanted)
{
	mutex_lock(&storage_arm_lock);
	if (storage_on && wanted && !storage_armed) {
		usip_storage_hooks_arm(true);
		storage_armed = true;
	} else if (storage_on && !wanted) {
		schedule_delayed_work(&storage_disarm_work, HZ);
	}
	mutex_unlock(&storage_arm_lock);
}

struct usip_ns usip_task_mnt_ns(void)
{
	struct nsproxy *ns = current->nsproxy;
	struct usip_ns out = { 0, 0 };

	/* A task's own nsproxy only changes under it; it is NULL once the task exits. */
	if (!usip_layout.ready || !ns)
		return out;
	out.inum = usip_mnt_ns_inum(ns->mnt_ns);
	out.id = usip_mnt_ns_id(ns->mnt_ns);
	return out;
}

u64 usip_hooks_current_mnt_ns_id(void)
{
	return usip_task_mnt_ns().id;
}

s64 usip_hooks_init(void)
{
	s64 features = 0;
	int err;

	err = usip_layout_init();
	if (err)
		pr_warn("usip: no kernel layout from BTF (%d): mount-table hooks disabled\n", err);
	err = usip_storage_hooks_init();	/* registered disarmed */
	mutex_lock(&storage_arm_lock);
	storage_on = !err;
	storage_armed = false;
	mutex_unlock(&storage_arm_lock);
	if (storage_on)
		features |= USIP_FEATURE_REAL_STORAGE_EVENTS;
	else
		usip_storage_hooks_exit();
	if (usip_layout.ready) {
		err = usip_mount_hooks_init();
		mount_on = !err;
		if (mount_on)
			features |= USIP_FEATURE_REAL_MTAB_EVENTS;
		else
			pr_warn("usip: mount-table hooks disabled (%d)\n", err);
	}
	pr_info("usip: real events:%s%s\n", storage_on ? " storage" : "",
		mount_on ? " mount-table" : "");
	return features;
}

void usip_hooks_exit(void)
{
	bool storage;

	if (mount_on)
		usip_mount_hooks_exit();
	mutex_lock(&storage_arm_lock);	/* no arming or disarm work after this */
	storage = storage_on;
	storage_on = false;
	mutex_unlock(&storage_arm_lock);
	cancel_delayed_work_sync(&storage_disarm_work);
	if (storage)
		usip_storage_hooks_exit();
	mount_on = false;
	if (usip_ratelimit_evicted())
		pr_info("usip: %llu storage events dropped by rate-limit slot reuse\n",
			usip_ratelimit_evicted());
}
