// SPDX-License-Identifier: GPL-2.0
/* Built when kernel/hooks/ has no sources: no real events, only the TEST_* commands. */
#include "usip.h"

s64 usip_hooks_init(void)
{
	return 0;
}

void usip_hooks_exit(void)
{
}

void usip_hooks_storage_wanted(bool wanted)
{
}

u64 usip_hooks_current_mnt_ns_id(void)
{
	return 0;
}
