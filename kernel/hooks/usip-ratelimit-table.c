// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's rate-limit slots: a small hash table under one raw spinlock (the critical
 * section is a few compares, and callers may run with interrupts off).
 */
#include <linux/atomic.h>
#include <linux/hash.h>
#include <linux/spinlock.h>

#include "usip-ratelimit.h"

#define USIP_RL_SLOTS_BITS 7

static struct usip_rl_slot slots[1 << USIP_RL_SLOTS_BITS];
static DEFINE_RAW_SPINLOCK(slots_lock);
static atomic64_t evicted_total = ATOMIC64_INIT(0);

bool usip_ratelimit(const void *fs, u32 tgid, u64 now, u32 *suppressed)
{
	u32 idx = hash_32(hash_ptr(fs, 32) ^ tgid, USIP_RL_SLOTS_BITS);
	unsigned long flags;
	u32 evicted;
	bool allow;

	raw_spin_lock_irqsave(&slots_lock, flags);
	allow = usip_rl_decide(&slots[idx], fs, tgid, now, suppressed, &evicted);
	raw_spin_unlock_irqrestore(&slots_lock, flags);
	if (evicted)
		atomic64_add(evicted, &evicted_total);
	return allow;
}

u64 usip_ratelimit_evicted(void)
{
	return atomic64_read(&evicted_total);
}
