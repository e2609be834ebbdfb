// SPDX-License-Identifier: GPL-2.0
/* The generic netlink family, built from the generated ops, policies and groups. */
#include <linux/kernel.h>
#include <net/genetlink.h>

#include "usip.h"

/*
 * parallel_ops: handlers take their own locks (listeners, change log, queue), so requests of
 * different sockets do not wait for each other behind genl_mutex. Joining a group needs
 * CAP_SYS_ADMIN in the netns's user namespace (GENL_MCAST_CAP_SYS_ADMIN in usip_nl_mcgrps).
 */
struct genl_family usip_family __ro_after_init = {
	.name		= USIP_FAMILY_NAME,
	.version	= USIP_FAMILY_VERSION,
	.netnsok	= true,
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	.ops		= usip_nl_ops,
	.n_ops		= ARRAY_SIZE(usip_nl_ops),
	.resv_start_op	= USIP_CMD_MAX + 1,
	.mcgrps		= usip_nl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(usip_nl_mcgrps),
};

int usip_family_register(void)
{
	return genl_register_family(&usip_family);
}

void usip_family_unregister(void)
{
	genl_unregister_family(&usip_family);
}
