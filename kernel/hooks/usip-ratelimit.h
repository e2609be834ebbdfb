/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Rate limiting of storage events per (file system, process): a storm of failing writes
 * raises at most USIP_RL_BURST events per USIP_RL_INTERVAL_NS, and the next event raised
 * carries the count of those suppressed in between. The decision is pure (usip-ratelimit.c,
 * tested in user space); usip-ratelimit-table.c keeps the slots for the kernel.
 */
#ifndef _USIP_RATELIMIT_H
#define _USIP_RATELIMIT_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdbool.h>
#include <stdint.h>
typedef uint32_t u32;
typedef uint64_t u64;
#endif

#define USIP_RL_BURST 5
#define USIP_RL_INTERVAL_NS 1000000000ULL

struct usip_rl_slot {
	const void *fs;		/* the super_block; NULL = free slot */
	u32 tgid;
	u32 in_window;		/* events raised in the current window */
	u32 suppressed;		/* events dropped since the last one raised */
	u64 window_start;
};

/*
 * Decide whether the event of (@fs, @tgid) at @now may be raised. A slot holding another key
 * is taken over (its pending count is returned in *@evicted so it is not silently lost).
 * On true, *@suppressed is the count the event carries.
 */
bool usip_rl_decide(struct usip_rl_slot *slot, const void *fs, u32 tgid, u64 now,
		    u32 *suppressed, u32 *evicted);

#ifdef __KERNEL__
/* The kernel's table of slots (any context, never sleeps). Same contract, no slot. */
bool usip_ratelimit(const void *fs, u32 tgid, u64 now, u32 *suppressed);
/* Events dropped from slots another (fs, process) took over; logged at unload. */
u64 usip_ratelimit_evicted(void);
#endif

#endif /* _USIP_RATELIMIT_H */
