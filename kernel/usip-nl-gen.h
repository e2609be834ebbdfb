/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	kernel/usip.yaml */
/* YNL-GEN kernel header */

#ifndef _LINUX_USIP_GEN_H
#define _LINUX_USIP_GEN_H

#include <net/netlink.h>
#include <net/genetlink.h>

#include "include/uapi/linux/usip.h"

/* Common nested types */
extern const struct nla_policy usip_notifier_nl_policy[USIP_NOTIFIER_A_FLAGS + 1];
extern const struct nla_policy usip_mount_nl_policy[USIP_MOUNT_A_PROPAGATE_FROM + 1];
extern const struct nla_policy usip_fs_usage_nl_policy[USIP_FS_USAGE_A_FLAGS + 1];
extern const struct nla_policy usip_change_nl_policy[USIP_CHANGE_A_MOUNT + 1];

int usip_nl_ping_doit(struct sk_buff *skb, struct genl_info *info);
int usip_nl_event_register_doit(struct sk_buff *skb, struct genl_info *info);
int usip_nl_event_unregister_doit(struct sk_buff *skb, struct genl_info *info);
int usip_nl_mtab_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int usip_nl_mtab_get_done(struct netlink_callback *cb);
int usip_nl_mtab_changed_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int usip_nl_test_mtab_doit(struct sk_buff *skb, struct genl_info *info);
int usip_nl_test_enospc_doit(struct sk_buff *skb, struct genl_info *info);
int usip_nl_mount_get_doit(struct sk_buff *skb, struct genl_info *info);
int usip_nl_fs_usage_doit(struct sk_buff *skb, struct genl_info *info);

enum {
	USIP_NLGRP_MTAB,
	USIP_NLGRP_STORAGE,
};

extern const struct genl_ops usip_nl_ops[9];
extern const struct genl_multicast_group usip_nl_mcgrps[2];

#endif /* _LINUX_USIP_GEN_H */
