// SPDX-License-Identifier: GPL-2.0
/* The generic netlink family, built from the generated ops, policies and groups. */
#include <linux/kernel.h>
#include <net/genetlink.h>

#include "usip.h"

/*
 * Until the generator emits them (kernel/NOTES-for-ynl.md): the mtab-get dump frees its
 * state in .done, and joining a group needs CAP_SYS_ADMIN in the netns's user namespace
 * (GENL_MCAST_CAP_SYS_ADMIN; genl answers EPERM otherwise). Both are patched into copies.
 */
static struct genl_ops usip_ops[ARRAY_SIZE(usip_nl_ops)] __ro_after_init;
static struct genl_multicast_group usip_mcgrps[ARRAY_SIZE(usip_nl_mcgrps)] __ro_after_init;

struct genl_family usip_family __ro_after_init = {
	.name		= USIP_FAMILY_NAME,
	.version	= USIP_FAMILY_VERSION,
	.netnsok	= true,
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	.ops		= usip_ops,
	.n_ops		= ARRAY_SIZE(usip_ops),
	.resv_start_op	= USIP_CMD_MAX + 1,
	.mcgrps		= usip_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(usip_mcgrps),
};

int usip_family_register(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(usip_ops); i++) {
		usip_ops[i] = usip_nl_ops[i];
		if (usip_ops[i].cmd == USIP_CMD_MTAB_GET && !usip_ops[i].done)
			usip_ops[i].done = usip_nl_mtab_get_done;
	}
	for (i = 0; i < ARRAY_SIZE(usip_mcgrps); i++) {
		usip_mcgrps[i] = usip_nl_mcgrps[i];
		usip_mcgrps[i].flags |= GENL_MCAST_CAP_SYS_ADMIN;
	}
	return genl_register_family(&usip_family);
}

void usip_family_unregister(void)
{
	genl_unregister_family(&usip_family);
}
