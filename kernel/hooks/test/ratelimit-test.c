// SPDX-License-Identifier: GPL-2.0
/*
 * Properties of usip_rl_decide() over random event streams (run by run-ratelimit-tests.sh):
 * - one key never raises more than 2 * USIP_RL_BURST events within USIP_RL_INTERVAL_NS (the
 *   windows are fixed, so two half windows can meet), and exactly BURST in one instant;
 * - nothing is lost: raised + carried-suppressed + still-pending + evicted == calls;
 * - the first event after a quiet interval is raised and carries the whole pending count.
 */
#include <stdio.h>
#include <stdlib.h>

#include "../usip-ratelimit.h"

#define KEYS 3

static unsigned long long rng = 0x9e3779b97f4a7c15ULL;

static unsigned long long next_random(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static int failures;

#define CHECK(cond, ...)                                             \
	do {                                                         \
		if (!(cond)) {                                       \
			failures++;                                  \
			fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
			fprintf(stderr, __VA_ARGS__);                \
			fputc('\n', stderr);                         \
		}                                                    \
	} while (0)

/* Keys share one slot, as colliding keys do in the kernel table. */
static void random_stream(int run)
{
	struct usip_rl_slot slot = { 0 };
	static const char fs[KEYS];
	u64 now = 1000, raised_at[2 * USIP_RL_BURST + 1];
	unsigned long calls = 0, raised = 0, carried = 0, evicted_sum = 0;
	int n_raised = 0, i;
	const int ring = 2 * USIP_RL_BURST + 1;

	for (i = 0; i < 2000; i++) {
		int k = run % 2 ? 0 : (int)(next_random() % KEYS);
		u32 sup, ev;

		now += next_random() % (USIP_RL_INTERVAL_NS / 8);
		calls++;
		if (usip_rl_decide(&slot, &fs[k], 100 + k, now, &sup, &ev)) {
			raised++;
			carried += sup;
			/* Single-key runs: the raise 2*BURST back must be an interval ago. */
			if (run % 2 && n_raised >= ring - 1)
				CHECK(now - raised_at[(n_raised + 1) % ring] >= USIP_RL_INTERVAL_NS,
				      "run %d: %d raises within one interval", run, ring);
			raised_at[n_raised % ring] = now;
			n_raised++;
		}
		evicted_sum += ev;
	}
	CHECK(raised + carried + slot.suppressed + evicted_sum == calls,
	      "run %d: raised %lu + carried %lu + pending %u + evicted %lu != calls %lu", run,
	      raised, carried, slot.suppressed, evicted_sum, calls);
}

/* Per window: a burst of 100 at one instant raises exactly BURST. */
static void burst_then_quiet(void)
{
	struct usip_rl_slot slot = { 0 };
	static const char fs;
	u32 sup, ev;
	int i, raised = 0;

	for (i = 0; i < 100; i++)
		raised += usip_rl_decide(&slot, &fs, 7, 5000, &sup, &ev);
	CHECK(raised == USIP_RL_BURST, "burst raised %d, want %d", raised, USIP_RL_BURST);
	CHECK(usip_rl_decide(&slot, &fs, 7, 5000 + USIP_RL_INTERVAL_NS, &sup, &ev),
	      "first event after a quiet interval must be raised");
	CHECK(sup == 100 - USIP_RL_BURST, "carried %u, want %d", sup, 100 - USIP_RL_BURST);
	CHECK(usip_rl_decide(&slot, &fs, 7, 5001 + USIP_RL_INTERVAL_NS, &sup, &ev) && sup == 0,
	      "count must be carried once only");
}

/* Another process on the same file system is limited separately; takeover reports counts. */
static void keys_are_separate(void)
{
	struct usip_rl_slot slot = { 0 };
	static const char fs;
	u32 sup, ev;
	int i;

	for (i = 0; i < 10; i++)
		usip_rl_decide(&slot, &fs, 1, 10, &sup, &ev);
	CHECK(usip_rl_decide(&slot, &fs, 2, 10, &sup, &ev), "other process must be raised");
	CHECK(ev == 10 - USIP_RL_BURST, "evicted %u, want %d", ev, 10 - USIP_RL_BURST);
	CHECK(sup == 0, "new key carries %u", sup);
}

static void window_slides_in_window_steps(void)
{
	struct usip_rl_slot slot = { 0 };
	static const char fs;
	u32 sup, ev;
	int i, raised = 0;

	/* 4 events per interval for 10 intervals: under the limit, all raised. */
	for (i = 0; i < 40; i++)
		raised += usip_rl_decide(&slot, &fs, 3, (u64)i * (USIP_RL_INTERVAL_NS / 4) + 1,
					 &sup, &ev);
	CHECK(raised == 40, "steady rate under the limit raised %d of 40", raised);
}

int main(void)
{
	int run;

	for (run = 0; run < 200; run++)
		random_stream(run);
	burst_then_quiet();
	keys_are_separate();
	window_slides_in_window_steps();
	if (failures) {
		fprintf(stderr, "%d failure(s)\n", failures);
		return 1;
	}
	printf("all rate-limit tests passed\n");
	return 0;
}
