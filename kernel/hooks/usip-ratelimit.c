// SPDX-License-Identifier: GPL-2.0
/* The pure rate-limiting decision (see usip-ratelimit.h). */
#include "usip-ratelimit.h"

bool usip_rl_decide(struct usip_rl_slot *slot, const void *fs, u32 tgid, u64 now,
		    u32 *suppressed, u32 *evicted)
{
	*evicted = 0;
	if (slot->fs != fs || slot->tgid != tgid) {
		*evicted = slot->fs ? slot->suppressed : 0;
		slot->fs = fs;
		slot->tgid = tgid;
		slot->in_window = 0;
		slot->suppressed = 0;
		slot->window_start = now;
	}
	/* Unsigned difference: a clock that went backwards starts a new window too. */
	if (now - slot->window_start >= USIP_RL_INTERVAL_NS || now < slot->window_start) {
		slot->window_start = now;
		slot->in_window = 0;
	}
	if (slot->in_window < USIP_RL_BURST) {
		slot->in_window++;
		*suppressed = slot->suppressed;
		slot->suppressed = 0;
		return true;
	}
	if (slot->suppressed != (u32)~0U)
		slot->suppressed++;
	return false;
}
