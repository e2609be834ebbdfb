// SPDX-License-Identifier: GPL-2.0
/*
 * Mount-table changes from the kernel's own mount code. Each hook sits where one kind of
 * change becomes true (see docs/design-hooks.md for why these and what they cost):
 *   commit_tree            a mount tree joins a namespace (mount, bind, rbind, propagation)
 *   do_move_mount          a mount was moved (mount --move, move_mount(2)): attach_mnt()
 *                          and mnt_set_mountpoint() are inlined into the move path on 6.1
 *   mnt_change_mountpoint  a mount is re-parented by propagation (tucked under a new mount)
 *   umount_tree            a tree leaves without propagation (namespace end, detach of a
 *                          deleted mount point)
 *   propagate_umount       the full list a propagating umount removes (umount, lazy, expiry)
 *   change_mnt_propagation shared / slave / private / unbindable, and the slaves that
 *                          get a new master as a result
 *   mnt_warn_timestamp_expiry  runs after every remount of a mount (flags, read-only)
 *   pivot_root(2), mount_setattr(2)  their changes happen in code both kernels inline: the
 *                          namespace's log is cut and clients resync (usip_event_mtab_unknown)
 *   fsconfig(2)            FSCONFIG_CMD_RECONFIGURE: as pivot_root (no remount hook runs)
 *   reconfigure_super      new superblock options show on every mount of it: when it has more
 *                          than one, all logs are cut and all clients resync
 * Handlers snapshot the mount (usip-mount-snapshot.c) into a FIFO; a work item adds the
 * superblock options in process context and hands the records to the module in order.
 * A slave's propagate_from depends on mounts other than itself (usip-propagation.c): commit_tree
 * and change_mnt_propagation also record the slaves whose propagate_from they may change.
 */
#include <linux/fs.h>
#include <linux/fs_context.h>
#include <uapi/linux/mount.h>
#include <linux/fs_struct.h>
#include <linux/kprobes.h>
#include <linux/mount.h>
#include <linux/nsproxy.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "usip.h"
#include "usip-hooks.h"
#include "usip-layout.h"
#include "usip-mount-snapshot.h"
#include "usip-propagation.h"

/* Records waiting for the work item; beyond this they are dropped and counted as lost. */
#define USIP_MTAB_PENDING_MAX 16384
/* Mounts a walk over a peer group's slaves visits before clients are told to resync instead. */
#define USIP_PROPAGATION_MAX_STEPS 16384

static LIST_HEAD(fifo);
static DEFINE_SPINLOCK(fifo_lock);
static unsigned int fifo_len;
static bool stopping;
static void *scratch;	/* per CPU, USIP_SNAPSHOT_SCRATCH bytes */

static void drain_fifo(struct work_struct *work);
static DECLARE_WORK(drain_work, drain_fifo);

static void drain_fifo(struct work_struct *work)
{
	struct usip_mtab_capture *c, *tmp;
	unsigned long flags;
	LIST_HEAD(batch);
	char *buf;

	spin_lock_irqsave(&fifo_lock, flags);
	list_splice_init(&fifo, &batch);
	fifo_len = 0;
	spin_unlock_irqrestore(&fifo_lock, flags);

	/* The superblock options, then the device name; each record is sent before the next. */
	buf = kmalloc(2 * PAGE_SIZE, GFP_KERNEL);
	list_for_each_entry_safe(c, tmp, &batch, node) {
		list_del(&c->node);
		if (c->ns_end) {
			usip_event_mtab_ns_end(c->ev.mnt_ns);
		} else {
			usip_mtab_capture_finish(c, buf, buf ? PAGE_SIZE : 0,
						 buf ? buf + PAGE_SIZE : NULL, PAGE_SIZE);
			usip_event_mtab(&c->ev);
		}
		usip_mtab_capture_free(c);
	}
	kfree(buf);
}

/*
 * The root of the task making the change: the mount code runs in its context. Read without
 * fs->lock (we may hold mount_lock): a racing chroot() of a task sharing its fs_struct can
 * only make this one record relative to the old root.
 */
static const struct path *changer_root(void)
{
	struct fs_struct *fs = current->fs;

	return fs && !(current->flags & PF_KTHREAD) ? &fs->root : NULL;
}

static void fifo_add(struct usip_mtab_capture *c)
{
	unsigned long flags;

	spin_lock_irqsave(&fifo_lock, flags);
	list_add_tail(&c->node, &fifo);
	fifo_len++;
	if (!stopping)
		queue_work(system_unbound_wq, &drain_work);
	spin_unlock_irqrestore(&fifo_lock, flags);
}

static struct usip_ns ns_id(void *ns)
{
	return (struct usip_ns){ usip_mnt_ns_inum(ns), usip_mnt_ns_id(ns) };
}

/* Whether namespace @ns (a struct mnt_namespace *) has listeners of mount-table changes. */
static bool ns_wanted(struct usip_ns id)
{
	return id.inum && usip_event_wanted(USIP_EVENT_TYPE_MTAB, id);
}

/* Queue a record of @action for mount @m of namespace @ns (a struct mnt_namespace *). */
static void record(void *m, void *ns, u32 action)
{
	struct usip_ns id = ns_id(ns);
	struct usip_mtab_capture *c;

	if (!ns_wanted(id))
		return;
	if (READ_ONCE(fifo_len) >= USIP_MTAB_PENDING_MAX)
		goto lost;
	c = usip_mtab_capture(m, ns, id, action, this_cpu_ptr(scratch), changer_root());
	if (!c)
		goto lost;
	fifo_add(c);
	return;
lost:
	usip_queue_note_lost(USIP_EVENT_TYPE_MTAB);
}

/*
 * Namespace @ns ends: queued behind the records of its mounts leaving, so its log is freed
 * once they are in it. Without memory the log is left to eviction, as before this existed.
 */
static void record_ns_end(void *ns)
{
	struct usip_ns id = ns_id(ns);
	struct usip_mtab_capture *c;

	if (!ns_wanted(id))
		return;
	c = kzalloc(sizeof(*c), GFP_ATOMIC);
	if (!c)
		return;
	c->ns_end = true;
	c->ev.mnt_ns = id;
	fifo_add(c);
}

/* @action for @root and every mount under it, each in its own namespace. */
static void record_tree(void *root, u32 action)
{
	void *p;

	for (p = root; p; p = usip_next_mount(p, root))
		record(p, USIP_MOUNT_FIELD(p, mnt_ns, void *), action);
}

/*
 * umount_tree(mnt, how): without UMOUNT_PROPAGATE, exactly mnt's tree goes. A tree whose
 * root has no parent is a namespace's whole table: put_mnt_ns() takes it down at the end.
 * (Collected and anonymous trees have no namespace number, and are skipped.)
 */
static int umount_tree_pre(struct kprobe *kp, struct pt_regs *regs)
{
	void *m = (void *)regs_get_kernel_argument(regs, 0);
	unsigned long how = regs_get_kernel_argument(regs, 1);

	if (how & usip_layout.umount_propagate)
		return 0;
	record_tree(m, USIP_NOTIFY_UMOUNT);
	if (USIP_MOUNT_FIELD(m, mnt_parent, void *) == m)
		record_ns_end(USIP_MOUNT_FIELD(m, mnt_ns, void *));
	return 0;
}

/* After every remount (do_remount, do_reconfigure_mnt); before attach for new mounts. */
static int remount_pre(struct kprobe *kp, struct pt_regs *regs)
{
	struct vfsmount *mnt = (struct vfsmount *)regs_get_kernel_argument(regs, 1);
	void *m = usip_real_mount(mnt);

	record(m, USIP_MOUNT_FIELD(m, mnt_ns, void *), USIP_NOTIFY_ATTR);
	return 0;
}

/* Return probes remember one argument at entry and act once the change is complete. */
struct arg_probe {
	int arg;
	void (*done)(void *arg, long ret);
};

static void tucked(void *m, long ret)
{
	record_tree(m, USIP_NOTIFY_MOVE);
}

/*
 * do_move_mount(old_path, ...) returned: on success old_path->mnt is the moved mount. The
 * locks are dropped by now; the caller's reference pins the mount and the handler runs
 * with preemption off, so the tree it walks cannot be freed under it.
 */
static void moved(void *old_path, long ret)
{
	if (!(int)ret)	/* do_move_mount() returns int */
		record_tree(usip_real_mount(((struct path *)old_path)->mnt), USIP_NOTIFY_MOVE);
}

/* propagate_umount(list): on return the list holds every mount the umount removes. */
static void umount_list(void *list, long ret)
{
	struct list_head *head = list, *pos;

	for (pos = head->next; pos != head; pos = pos->next) {
		void *m = (char *)pos - usip_layout.mnt_list;

		record(m, USIP_MOUNT_FIELD(m, mnt_ns, void *), USIP_NOTIFY_UMOUNT);
	}
}

/*
 * A syscall whose changes no hook sees returned: cut the caller's namespace log, then raise
 * an ATTR record of the caller's root mount so listeners see the gap at once.
 */
static void unrecorded_change(void *unused, long ret)
{
	struct fs_struct *fs = current->fs;
	struct usip_ns id;
	void *ns, *root;

	if (ret || !current->nsproxy || !fs || (current->flags & PF_KTHREAD))
		return;
	ns = current->nsproxy->mnt_ns;
	id = usip_task_mnt_ns();
	if (!usip_event_wanted(USIP_EVENT_TYPE_MTAB, id))
		return;
	usip_event_mtab_unknown(id);
	root = usip_real_mount(fs->root.mnt);
	if (USIP_MOUNT_FIELD(root, mnt_ns, void *) == ns)
		record(root, ns, USIP_NOTIFY_ATTR);
}

/* fsconfig(2) returned: only FSCONFIG_CMD_RECONFIGURE changes a mount in place. */
static void fsconfig_done(void *syscall_regs, long ret)
{
	const struct pt_regs *uregs = syscall_regs;

	if (regs_get_kernel_argument((struct pt_regs *)uregs, 1) == FSCONFIG_CMD_RECONFIGURE)
		unrecorded_change(NULL, ret);
}

/*
 * reconfigure_super(fc) succeeded: the superblock's new options show on every mount of it.
 * Its other mounts cannot be listed here (sb->s_mounts is guarded by mount_lock, which a
 * module cannot take) and may be in any namespace, so when there are others every log is cut
 * and every client resyncs. A lone mount is recorded by remount_pre or fsconfig_done. Reading
 * the list head's two pointers without the lock is safe; a bind racing with us is recorded
 * with the new options by commit_tree.
 */
static void superblock_reconfigured(void *fc_ptr, long ret)
{
	struct fs_context *fc = fc_ptr;

	if (ret || !fc->root || list_is_singular(&fc->root->d_sb->s_mounts))
		return;
	usip_event_mtab_unknown_all();
}

static const struct arg_probe move_args = { 0, moved };
static const struct arg_probe syscall_args = { 0, unrecorded_change };
static const struct arg_probe fsconfig_args = { 0, fsconfig_done };
static const struct arg_probe reconfigure_args = { 0, superblock_reconfigured };
static const struct arg_probe change_mountpoint_args = { 2, tucked };
static const struct arg_probe propagate_umount_args = { 0, umount_list };

struct mount_kretprobe {
	struct kretprobe rp;
	const struct arg_probe *args;
};

static int arg_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct mount_kretprobe *p = container_of(get_kretprobe(ri), struct mount_kretprobe, rp);

	*(void **)ri->data = (void *)regs_get_kernel_argument(regs, p->args->arg);
	return 0;
}

static int arg_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct mount_kretprobe *p = container_of(get_kretprobe(ri), struct mount_kretprobe, rp);

	p->args->done(*(void **)ri->data, (long)regs_return_value(regs));
	return 0;
}

/* Record the mounts of @ns that receive propagation from @origin's peer group. */
static void record_slaves_in(void *origin, void *ns)
{
	unsigned int steps = 0;
	void *p;

	for (p = usip_propagation_next(origin, origin); p; p = usip_propagation_next(p, origin)) {
		if (++steps > USIP_PROPAGATION_MAX_STEPS) {
			usip_queue_note_lost(USIP_EVENT_TYPE_MTAB);
			return;
		}
		if (!usip_is_peer_level(p, origin) && USIP_MOUNT_FIELD(p, mnt_ns, void *) == ns &&
		    !usip_mount_being_unmounted(p))
			record(p, ns, USIP_NOTIFY_ATTR);
	}
}

/*
 * commit_tree(mnt): mnt's tree, linked through mnt_list, joins the parent's namespace. The
 * list is read at entry: by return, propagation may have tucked mounts already in the
 * namespace under the tree (mnt_change_mountpoint()). A shared mount of the tree whose peer
 * group has no member in the namespace yet may change what the namespace's mounts below that
 * group show as propagate_from, those of this tree included (their snapshots, taken before
 * the tree is in the namespace, could not count it): such mounts are noted at entry, and at
 * return, with the tree in place, the mounts below their groups are recorded again.
 */
#define USIP_JOINERS_MAX 16

struct tree_commit {
	void *ns;
	unsigned int nr_joiners;	/* > USIP_JOINERS_MAX: too many to follow */
	void *joiners[USIP_JOINERS_MAX];
};

static int commit_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct tree_commit *tc = (struct tree_commit *)ri->data;
	void *m = (void *)regs_get_kernel_argument(regs, 0);
	void *ns = USIP_MOUNT_FIELD(USIP_MOUNT_FIELD(m, mnt_parent, void *), mnt_ns, void *);
	struct list_head *head = USIP_MOUNT_LIST(m, mnt_list), *pos = head;

	tc->ns = ns;
	tc->nr_joiners = 0;
	if (!ns_wanted(ns_id(ns)))
		return 1;
	do {
		void *p = USIP_LIST_MOUNT(pos, mnt_list);

		record(p, ns, USIP_NOTIFY_MOUNT);
		if ((READ_ONCE(usip_vfsmount(p)->mnt_flags) & MNT_SHARED) &&
		    !usip_group_member_in(p, ns)) {
			if (tc->nr_joiners < USIP_JOINERS_MAX)
				tc->joiners[tc->nr_joiners] = p;
			tc->nr_joiners++;
		}
		pos = pos->next;
	} while (pos != head);
	/* Non-zero: no return probe, so a mount that changes no one's propagate_from costs none. */
	return !tc->nr_joiners;
}

static int commit_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct tree_commit *tc = (struct tree_commit *)ri->data;
	unsigned int i;

	if (tc->nr_joiners > USIP_JOINERS_MAX) {
		usip_queue_note_lost(USIP_EVENT_TYPE_MTAB);
		return 0;
	}
	for (i = 0; i < tc->nr_joiners; i++)
		record_slaves_in(tc->joiners[i], tc->ns);
	return 0;
}

static struct kretprobe commit_probe = {
	.kp.symbol_name = "commit_tree",
	.entry_handler = commit_entry,
	.handler = commit_return,
	.data_size = sizeof(struct tree_commit),
};

static struct kprobe kprobes[] = {
	{ .symbol_name = "umount_tree", .pre_handler = umount_tree_pre },
	{ .symbol_name = "mnt_warn_timestamp_expiry", .pre_handler = remount_pre },
};

#define RETPROBE(sym, a) { .rp = { .kp.symbol_name = sym, .entry_handler = arg_entry, \
	.handler = arg_return, .data_size = sizeof(void *) }, .args = &(a) }

static struct mount_kretprobe retprobes[] = {
	RETPROBE("do_move_mount", move_args),
	RETPROBE("mnt_change_mountpoint", change_mountpoint_args),
	RETPROBE("propagate_umount", propagate_umount_args),
	RETPROBE("__x64_sys_pivot_root", syscall_args),
	RETPROBE("__x64_sys_mount_setattr", syscall_args),
	RETPROBE("__x64_sys_fsconfig", fsconfig_args),
	RETPROBE("reconfigure_super", reconfigure_args),
};

/*
 * change_mnt_propagation(mnt, type): unless mnt is made shared, its peer group loses it, and
 * every mount that receives propagation from the group may show another master (mnt's slaves
 * get mnt's peer, mnt's own master, or none: do_make_slave()) or another propagate_from.
 * Those are found at entry, while mnt is still in the group, and recorded at return, under
 * the same locks, once the change is complete.
 */
#define USIP_RESLAVED_MAX 128

struct propagation_change {
	void *mnt;
	unsigned int nr_slaves;		/* > USIP_RESLAVED_MAX: too many to follow */
	void *slaves[USIP_RESLAVED_MAX];
};

static int propagation_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct propagation_change *pc = (struct propagation_change *)ri->data;
	void *m = (void *)regs_get_kernel_argument(regs, 0);
	int type = regs_get_kernel_argument(regs, 1);
	unsigned int steps = 0;
	void *p;

	pc->mnt = m;
	pc->nr_slaves = 0;
	if (type == MS_SHARED)	/* no group loses a member */
		return 0;
	for (p = usip_propagation_next(m, m); p; p = usip_propagation_next(p, m)) {
		if (++steps > USIP_PROPAGATION_MAX_STEPS) {
			pc->nr_slaves = USIP_RESLAVED_MAX + 1;
			break;
		}
		if (usip_is_peer_level(p, m) || usip_mount_being_unmounted(p) ||
		    !ns_wanted(ns_id(USIP_MOUNT_FIELD(p, mnt_ns, void *))))
			continue;
		if (pc->nr_slaves < USIP_RESLAVED_MAX)
			pc->slaves[pc->nr_slaves] = p;
		pc->nr_slaves++;
	}
	/* Non-zero: no return probe when nothing is left to record (a mount being unmounted). */
	return !pc->nr_slaves && (usip_mount_being_unmounted(m) ||
				  !ns_wanted(ns_id(USIP_MOUNT_FIELD(m, mnt_ns, void *))));
}

static int propagation_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct propagation_change *pc = (struct propagation_change *)ri->data;
	unsigned int i;

	/* umount_tree() makes each mount it removes private: that is no attribute change. */
	if (!usip_mount_being_unmounted(pc->mnt))
		record(pc->mnt, USIP_MOUNT_FIELD(pc->mnt, mnt_ns, void *), USIP_NOTIFY_ATTR);
	if (pc->nr_slaves > USIP_RESLAVED_MAX) {
		/* Rare (a peer group with that many slaves): clients resync instead. */
		usip_queue_note_lost(USIP_EVENT_TYPE_MTAB);
		return 0;
	}
	for (i = 0; i < pc->nr_slaves; i++)
		if (!usip_mount_being_unmounted(pc->slaves[i]))
			record(pc->slaves[i], USIP_MOUNT_FIELD(pc->slaves[i], mnt_ns, void *),
			       USIP_NOTIFY_ATTR);
	return 0;
}

static struct kretprobe propagation_probe = {
	.kp.symbol_name = "change_mnt_propagation",
	.entry_handler = propagation_entry,
	.handler = propagation_return,
	.data_size = sizeof(struct propagation_change),
};

/* The return probes that walk peer groups, each with its own instance data. */
static struct kretprobe *walk_probes[] = { &commit_probe, &propagation_probe };

static bool kprobe_on[ARRAY_SIZE(kprobes)];
static bool retprobe_on[ARRAY_SIZE(retprobes)];
static bool walk_probe_on[ARRAY_SIZE(walk_probes)];

static int hook_retprobe(struct kretprobe *rp, bool *on)
{
	int err;

	/* Mount changes are serialised by namespace_sem: few run at once. */
	rp->maxactive = 4 * num_possible_cpus();
	err = register_kretprobe(rp);
	*on = !err;
	if (err)
		pr_warn("usip: cannot hook %s (%d): its mount changes are missed\n",
			rp->kp.symbol_name, err);
	return err;
}

static void unhook_retprobe(struct kretprobe *rp, bool *on)
{
	if (!*on)
		return;
	unregister_kretprobe(rp);
	if (rp->nmissed)
		pr_info("usip: %s: %d return probes missed\n", rp->kp.symbol_name, rp->nmissed);
	*on = false;
}

int usip_mount_hooks_init(void)
{
	int i, err, missing = 0;

	if (!usip_layout.ready)
		return -ENOENT;
	scratch = __alloc_percpu(USIP_SNAPSHOT_SCRATCH, sizeof(long));
	if (!scratch)
		return -ENOMEM;
	stopping = false;
	for (i = 0; i < ARRAY_SIZE(kprobes); i++) {
		err = register_kprobe(&kprobes[i]);
		kprobe_on[i] = !err;
		if (err) {
			pr_warn("usip: cannot hook %s (%d): its mount changes are missed\n",
				kprobes[i].symbol_name, err);
			missing++;
		}
	}
	for (i = 0; i < ARRAY_SIZE(retprobes); i++)
		missing += !!hook_retprobe(&retprobes[i].rp, &retprobe_on[i]);
	for (i = 0; i < ARRAY_SIZE(walk_probes); i++)
		missing += !!hook_retprobe(walk_probes[i], &walk_probe_on[i]);
	if (missing) {
		usip_mount_hooks_exit();
		return -ENOENT;
	}
	return 0;
}

void usip_mount_hooks_exit(void)
{
	unsigned long flags;
	int i;

	for (i = 0; i < ARRAY_SIZE(kprobes); i++)
		if (kprobe_on[i])
			unregister_kprobe(&kprobes[i]);
	memset(kprobe_on, 0, sizeof(kprobe_on));
	for (i = 0; i < ARRAY_SIZE(retprobes); i++)
		unhook_retprobe(&retprobes[i].rp, &retprobe_on[i]);
	for (i = 0; i < ARRAY_SIZE(walk_probes); i++)
		unhook_retprobe(walk_probes[i], &walk_probe_on[i]);
	/* No handler runs any more (unregister waits for them): deliver what is queued. */
	spin_lock_irqsave(&fifo_lock, flags);
	stopping = true;
	spin_unlock_irqrestore(&fifo_lock, flags);
	cancel_work_sync(&drain_work);
	drain_fifo(NULL);
	free_percpu(scratch);
	scratch = NULL;
}
