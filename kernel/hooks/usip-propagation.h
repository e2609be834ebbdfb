/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Peer groups and the slaves below them, read the way fs/pnode.c walks them: which group a
 * slave shows as "propagate_from" in mountinfo, and which mounts may show another one after a
 * change. Mounts are struct mount pointers, as the hooks see them.
 */
#ifndef _USIP_PROPAGATION_H
#define _USIP_PROPAGATION_H

#include <linux/path.h>
#include <linux/types.h>

/*
 * get_dominating_id(): the first peer group up @m's chain of masters with a member in
 * namespace @ns (a struct mnt_namespace *, compared, never read) that is not being unmounted
 * and, when @root is given, lies under it. 0 when there is none. Any context; bounded.
 */
u32 usip_dominating_group(void *m, void *ns, const struct path *root);

/* Whether a member of @m's peer group other than @m is in @ns and not being unmounted. */
bool usip_group_member_in(void *m, void *ns);

/*
 * propagation_next(): the mount after @m in a walk of @origin's peers and of every mount that
 * receives propagation from them, slaves of slaves included. NULL at the end. The caller
 * holds namespace_sem, which keeps the peer rings and slave lists still.
 */
void *usip_propagation_next(void *m, void *origin);

/* Whether @m, met in a walk from @origin, is one of its peers (its master is @origin's). */
bool usip_is_peer_level(void *m, void *origin);

#endif /* _USIP_PROPAGATION_H */
