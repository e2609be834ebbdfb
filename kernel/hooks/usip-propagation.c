// SPDX-License-Identifier: GPL-2.0
/*
 * Peer groups and slaves (see usip-propagation.h). The mount hooks call these under
 * namespace_sem, except the remount hook: there a ring may change under the walk, so every
 * loop is bounded, and RCU (the handlers run with preemption off) keeps each mount reached
 * in memory. A namespace is compared by pointer only, so a dying one is never read.
 */
#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/list.h>
#include <linux/mount.h>

#include "usip-layout.h"
#include "usip-propagation.h"

/* Peers and masters a lookup visits before it gives up: far more than any real setup has. */
#define USIP_DOMINATING_MAX_STEPS 4096

static void *master_of(void *m)
{
	return USIP_MOUNT_FIELD(m, mnt_master, void *);
}

static void *next_peer(void *m)
{
	return USIP_LIST_MOUNT(READ_ONCE(USIP_MOUNT_LIST(m, mnt_share)->next), mnt_share);
}

/* is_path_reachable(): whether @m's root is under @root. */
static bool under_root(void *m, const struct path *root)
{
	struct dentry *d = usip_vfsmount(m)->mnt_root;
	int depth = 0;

	while (usip_vfsmount(m) != root->mnt) {
		void *parent = USIP_MOUNT_FIELD(m, mnt_parent, void *);

		if (parent == m || ++depth > USIP_DOMINATING_MAX_STEPS)
			return false;
		d = USIP_MOUNT_FIELD(m, mnt_mountpoint, struct dentry *);
		m = parent;
	}
	return is_subdir(d, root->dentry);
}

static bool seen_from(void *m, void *ns, const struct path *root)
{
	return USIP_MOUNT_FIELD(m, mnt_ns, void *) == ns && !usip_mount_being_unmounted(m) &&
	       (!root || under_root(m, root));
}

u32 usip_dominating_group(void *m, void *ns, const struct path *root)
{
	int steps = 0;
	void *master;

	for (master = master_of(m); master; master = master_of(master)) {
		void *p = master;

		do {
			if (seen_from(p, ns, root))
				return USIP_MOUNT_FIELD(p, mnt_group_id, int);
			if (++steps > USIP_DOMINATING_MAX_STEPS)
				return 0;
			p = next_peer(p);
		} while (p != master);
	}
	return 0;
}

bool usip_group_member_in(void *m, void *ns)
{
	int steps = 0;
	void *p;

	for (p = next_peer(m); p != m && ++steps < USIP_DOMINATING_MAX_STEPS; p = next_peer(p))
		if (seen_from(p, ns, NULL))
			return true;
	return false;
}

void *usip_propagation_next(void *m, void *origin)
{
	struct list_head *slaves = USIP_MOUNT_LIST(m, mnt_slave_list);

	if (!list_empty(slaves))
		return USIP_LIST_MOUNT(slaves->next, mnt_slave);
	for (;;) {
		void *master = master_of(m);

		if (master == master_of(origin)) {
			void *next = next_peer(m);

			return next == origin ? NULL : next;
		}
		if (USIP_MOUNT_LIST(m, mnt_slave)->next != USIP_MOUNT_LIST(master, mnt_slave_list))
			return USIP_LIST_MOUNT(USIP_MOUNT_LIST(m, mnt_slave)->next, mnt_slave);
		m = master;
	}
}

bool usip_is_peer_level(void *m, void *origin)
{
	return master_of(m) == master_of(origin);
}
