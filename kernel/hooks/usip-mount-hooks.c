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

/* Records waiting for the work item; beyond this they are dropped and counted as lost. */
#define USIP_MTAB_PENDING_MAX 16384

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

	buf = kmalloc(PAGE_SIZE, GFP_KERNEL);
	list_for_each_entry_safe(c, tmp, &batch, node) {
		list_del(&c->node);
		if (c->ns_end) {
			usip_event_mtab_ns_end(c->ev.mnt_ns);
		} else {
			if (buf)
				usip_mtab_capture_finish(c, buf, PAGE_SIZE);
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

/* Queue a record of @action for mount @m of namespace @ns (a struct mnt_namespace *). */
static void record(void *m, void *ns, u32 action)
{
	struct usip_ns id = { usip_mnt_ns_inum(ns), usip_mnt_ns_id(ns) };
	struct usip_mtab_capture *c;

	if (!id.inum || !usip_event_wanted(USIP_EVENT_TYPE_MTAB, id))
		return;
	if (READ_ONCE(fifo_len) >= USIP_MTAB_PENDING_MAX)
		goto lost;
	c = usip_mtab_capture(m, id, action, this_cpu_ptr(scratch), changer_root());
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
	struct usip_ns id = { usip_mnt_ns_inum(ns), usip_mnt_ns_id(ns) };
	struct usip_mtab_capture *c;

	if (!id.inum || !usip_event_wanted(USIP_EVENT_TYPE_MTAB, id))
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

/* commit_tree(mnt): mnt's tree, linked through mnt_list, joins the parent's namespace. */
static int commit_tree_pre(struct kprobe *kp, struct pt_regs *regs)
{
	void *m = (void *)regs_get_kernel_argument(regs, 0);
	void *ns = USIP_MOUNT_FIELD(USIP_MOUNT_FIELD(m, mnt_parent, void *), mnt_ns, void *);
	struct list_head *head = (struct list_head *)((char *)m + usip_layout.mnt_list), *pos;

	record(m, ns, USIP_NOTIFY_MOUNT);
	for (pos = head->next; pos != head; pos = pos->next)
		record((char *)pos - usip_layout.mnt_list, ns, USIP_NOTIFY_MOUNT);
	return 0;
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

static struct kprobe kprobes[] = {
	{ .symbol_name = "commit_tree", .pre_handler = commit_tree_pre },
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
 * change_mnt_propagation(mnt, type): besides mnt itself, every slave of mnt may get a new
 * master (mnt's peer, mnt's own master, or none when mnt was alone in its peer group and
 * had no master: do_make_slave()). The slaves are remembered at entry, where the list still
 * holds them, and recorded at return, under the same locks, once their master is final.
 */
#define USIP_RESLAVED_MAX 64

struct propagation_change {
	void *mnt;
	unsigned int nr_slaves;		/* > USIP_RESLAVED_MAX: too many to follow */
	void *slaves[USIP_RESLAVED_MAX];
};

static bool being_unmounted(void *m)
{
	/* umount_tree() makes each mount it removes private: that is no attribute change. */
	return READ_ONCE(usip_vfsmount(m)->mnt_flags) & MNT_UMOUNT;
}

static int propagation_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct propagation_change *pc = (struct propagation_change *)ri->data;
	void *m = (void *)regs_get_kernel_argument(regs, 0);
	int type = regs_get_kernel_argument(regs, 1);
	struct list_head *head, *pos;

	pc->mnt = m;
	pc->nr_slaves = 0;
	if (type == MS_SHARED)	/* slaves keep their master */
		return 0;
	head = (struct list_head *)((char *)m + usip_layout.mnt_slave_list);
	for (pos = head->next; pos != head; pos = pos->next) {
		if (pc->nr_slaves < USIP_RESLAVED_MAX)
			pc->slaves[pc->nr_slaves] = (char *)pos - usip_layout.mnt_slave;
		pc->nr_slaves++;
	}
	return 0;
}

static int propagation_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct propagation_change *pc = (struct propagation_change *)ri->data;
	unsigned int i;

	if (!being_unmounted(pc->mnt))
		record(pc->mnt, USIP_MOUNT_FIELD(pc->mnt, mnt_ns, void *), USIP_NOTIFY_ATTR);
	if (pc->nr_slaves > USIP_RESLAVED_MAX) {
		/* Rare (a peer group with that many slaves): clients resync instead. */
		usip_queue_note_lost(USIP_EVENT_TYPE_MTAB);
		return 0;
	}
	for (i = 0; i < pc->nr_slaves; i++)
		if (!being_unmounted(pc->slaves[i]))
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

static bool propagation_probe_on;

static bool kprobe_on[ARRAY_SIZE(kprobes)];
static bool retprobe_on[ARRAY_SIZE(retprobes)];

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
	for (i = 0; i < ARRAY_SIZE(retprobes); i++) {
		/* Mount changes are serialised by namespace_sem: few run at once. */
		retprobes[i].rp.maxactive = 4 * num_possible_cpus();
		err = register_kretprobe(&retprobes[i].rp);
		retprobe_on[i] = !err;
		if (err) {
			pr_warn("usip: cannot hook %s (%d): its mount changes are missed\n",
				retprobes[i].rp.kp.symbol_name, err);
			missing++;
		}
	}
	propagation_probe.maxactive = 4 * num_possible_cpus();
	err = register_kretprobe(&propagation_probe);
	propagation_probe_on = !err;
	if (err) {
		pr_warn("usip: cannot hook change_mnt_propagation (%d): its mount changes are missed\n",
			err);
		missing++;
	}
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
	for (i = 0; i < ARRAY_SIZE(retprobes); i++) {
		if (!retprobe_on[i])
			continue;
		unregister_kretprobe(&retprobes[i].rp);
		if (retprobes[i].rp.nmissed)
			pr_info("usip: %s: %d return probes missed\n",
				retprobes[i].rp.kp.symbol_name, retprobes[i].rp.nmissed);
	}
	if (propagation_probe_on)
		unregister_kretprobe(&propagation_probe);
	propagation_probe_on = false;
	memset(kprobe_on, 0, sizeof(kprobe_on));
	memset(retprobe_on, 0, sizeof(retprobe_on));
	/* No handler runs any more (unregister waits for them): deliver what is queued. */
	spin_lock_irqsave(&fifo_lock, flags);
	stopping = true;
	spin_unlock_irqrestore(&fifo_lock, flags);
	cancel_work_sync(&drain_work);
	drain_fifo(NULL);
	free_percpu(scratch);
	scratch = NULL;
}
