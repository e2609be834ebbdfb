// SPDX-License-Identifier: GPL-2.0
/*
 * USIP: storage information and events for user space over generic netlink.
 * Module parameters, live-object counters, and the order of start-up and tear-down.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>

#include "usip.h"

bool usip_test_commands;
module_param_named(test_commands, usip_test_commands, bool, 0444);
MODULE_PARM_DESC(test_commands, "Enable TEST_MTAB / TEST_ENOSPC (CAP_SYS_ADMIN only)");

struct usip_stats usip_stats;
u64 usip_hook_features;

static int usip_stat_get(char *buf, const struct kernel_param *kp)
{
	bool wide = kp->arg == &usip_stats.delivered || kp->arg == &usip_stats.lost ||
		    kp->arg == &usip_stats.recorded;
	long v = wide ? (long)atomic64_read(kp->arg) : atomic_read(kp->arg);

	return sysfs_emit(buf, "%ld\n", v);
}

static const struct kernel_param_ops usip_stat_ops = {
	.get = usip_stat_get,
};

/* Read-only counters under /sys/module/usip/parameters/, for leak checks in tests. */
module_param_cb(live_listeners, &usip_stat_ops, &usip_stats.listeners, 0444);
module_param_cb(live_queued_events, &usip_stat_ops, &usip_stats.queued, 0444);
module_param_cb(live_change_records, &usip_stat_ops, &usip_stats.records, 0444);
module_param_cb(live_change_logs, &usip_stat_ops, &usip_stats.logs, 0444);
module_param_cb(live_dumps, &usip_stat_ops, &usip_stats.dumps, 0444);
module_param_cb(changes_recorded, &usip_stat_ops, &usip_stats.recorded, 0444);
module_param_cb(events_delivered, &usip_stat_ops, &usip_stats.delivered, 0444);
module_param_cb(events_lost, &usip_stat_ops, &usip_stats.lost, 0444);

static int __init usip_init(void)
{
	s64 hooks;
	int err;

	usip_log_init();
	err = usip_listeners_init();
	if (err)
		return err;
	usip_queue_start();
	err = usip_family_register();
	if (err) {
		usip_queue_stop();
		usip_listeners_exit();
		return err;
	}
	hooks = usip_hooks_init();
	if (hooks < 0)
		pr_warn("usip: kernel hooks unavailable (%lld): only TEST_* events\n", hooks);
	else
		usip_hook_features = hooks;
	return 0;
}

/*
 * Safe with listeners registered, sockets open and dumps running: sources stop first, then
 * delivery, then the family (genl waits for requests in flight; running dumps hold a module
 * reference, so none can be left), then the listeners, queued events and logs are freed.
 */
static void __exit usip_exit(void)
{
	int left;

	usip_hooks_exit();
	usip_queue_stop();
	usip_family_unregister();
	usip_listeners_exit();
	usip_queue_free();
	usip_log_free();
	left = atomic_read(&usip_stats.listeners) + atomic_read(&usip_stats.queued) +
	       atomic_read(&usip_stats.records) + atomic_read(&usip_stats.logs) +
	       atomic_read(&usip_stats.dumps);
	if (left)
		pr_err("usip: %d objects leaked at unload\n", left);
}

module_init(usip_init);
module_exit(usip_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("USIP: storage information and events over generic netlink");
MODULE_AUTHOR("USIP authors");
