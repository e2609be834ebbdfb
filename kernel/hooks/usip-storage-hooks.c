// SPDX-License-Identifier: GPL-2.0
/*
 * ENOSPC/EDQUOT events from real writes. Return probes on vfs_write() and vfs_writev() see
 * the write system calls (or, with write_hook=syscall, the sys_exit tracepoint does:
 * usip-write-syscalls.c). Return probes on the VFS entry points every fallocate,
 * open(O_CREAT), mkdir, mknod, symlink, link, rename and in-kernel write goes through see the
 * error as it leaves the VFS; probes on the file systems' write helpers (and on btrfs's own
 * write path while the btrfs module is loaded) see the writes that reach ->write_iter past
 * them: io_uring's, aio's, 6.12's loop driver's. The return handler (atomic, preemption off)
 * only rate-limits, takes a path reference and queues a task_work on the writer. That work
 * runs in the writer's own context just before it returns to user space, where sleeping is
 * fine and d_path() sees the writer's root: it resolves the mount point, device and statfs
 * figures and hands the event to the module.
 * Kernel threads (loop, nfsd) and io_uring workers never return to user space: their failed
 * writes are resolved by a work item instead, where d_path() sees the initial root.
 */
#include <linux/cred.h>
#include <linux/dcache.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/fs_struct.h>
#include <linux/kprobes.h>
#include <linux/llist.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mount.h>
#include <linux/mutex.h>
#include <linux/namei.h>
#include <linux/nsproxy.h>
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#ifdef CONFIG_KRETPROBE_ON_RETHOOK
#include <linux/rethook.h>
#endif
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/statfs.h>
#include <linux/task_work.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include "usip.h"
#include "usip-hooks.h"
#include "usip-layout.h"
#include "usip-mountinfo.h"
#include "usip-ratelimit.h"

/* Enough instances for writers that sleep inside the VFS (only files and block devices). */
#define USIP_WRITE_PROBE_INSTANCES 256

struct storage_capture {
	union {
		struct callback_head work;	/* on the writer, when it returns to user space */
		struct work_struct kwork;	/* or on a workqueue, for a writer that never does */
	};
	struct list_head node;	/* in pending_list until it runs */
	struct task_struct *task;
	const struct file *file;	/* identity only, for nested_capture() */
	u64 time;
	u32 err;
	u32 pid, vpid, uid, gid;	/* the writer's, taken in the handler */
	struct usip_ns mnt_ns;
	struct path path;	/* the written file (write, fallocate) */
	char *name;		/* a failed create: the name passed, resolved in the writer */
	const char __user *uname;	/* ... or where it is in user memory, copied there */
	int dfd;
	struct path base;	/* an io_uring worker's create: where @name starts, or none */
};

/* The name a failed create (open, mkdir, mknod, symlink, link, rename) was making. */
struct created_name {
	const char *name;		/* in kernel memory, alive for the handler only */
	const char __user *uname;	/* or the caller's own copy, still there on return */
	int dfd;
};

struct storage_probe {
	const char *symbol;
	const char *module;	/* where the symbol is, if a module: probed while it is loaded */
	kretprobe_handler_t entry, ret;
	size_t data_size;
	unsigned int dfd_arg, name_arg;	/* NAME_PROBE only */
	bool vfs_level;		/* a system call's write: the file systems' helpers defer to it */
	bool fallback;		/* unless the write system calls are seen at exit */
	struct kretprobe rp;
	bool registered;
};

static struct storage_probe *our_probe(struct kretprobe *rp);

/* Resolves kernel threads' captures; destroying it at unload waits until each has returned. */
static struct workqueue_struct *kernel_writes_wq;

/* Captures queued but not yet run: unload waits for them, their code is ours. */
static atomic_t pending = ATOMIC_INIT(0);
static DECLARE_WAIT_QUEUE_HEAD(pending_wq);
/* The same captures, listed: short-lived (until the writer returns to user space) and few. */
static LIST_HEAD(pending_list);
static DEFINE_SPINLOCK(pending_lock);

/* Unlist and free @c; what it holds of the path is the caller's to drop. Any context. */
static void capture_free(struct storage_capture *c)
{
	unsigned long flags;

	spin_lock_irqsave(&pending_lock, flags);
	list_del(&c->node);
	spin_unlock_irqrestore(&pending_lock, flags);
	kfree(c->name);
	kfree(c);
	if (atomic_dec_and_test(&pending))
		wake_up(&pending_wq);
}

/* After the task_work ran (process context: path_put() may sleep). */
static void capture_done(struct storage_capture *c)
{
	path_put(&c->path);
	path_put(&c->base);
	capture_free(c);
}

/*
 * The mount's source as mountinfo shows it: the file system's own name for its device where it
 * has one (6.12's btrfs keeps "none" in the mount), else the name the mount was made with.
 * Process context.
 */
static const char *mount_source(struct vfsmount *mnt, char *buf, size_t size)
{
	const char *name = usip_mountinfo_devname(mnt->mnt_sb, mnt->mnt_root, buf, size);

	if (!name && usip_layout.ready)
		name = USIP_MOUNT_FIELD(usip_real_mount(mnt), mnt_devname, const char *);
	return name ? name : mnt->mnt_sb->s_id;
}

/*
 * The directory an open(O_CREAT) of @c->name was creating in, looked up as the writer.
 * Relative to another directory fd, that directory stands in for it (exact for the usual
 * openat(dirfd, "name"); kernels before 6.12 export no lookup relative to a given path).
 */
static int resolve_create_dir(struct storage_capture *c)
{
	char *slash = strrchr(c->name, '/');
	const char *dir = ".";
	struct file *base;

	if (slash == c->name) {
		dir = "/";
	} else if (slash) {
		*slash = '\0';
		dir = c->name;
	}
	/*
	 * An io_uring worker's, in a work item: from the directory taken in the handler, as the
	 * root of the walk (6.1 exports no other lookup from a given path; an O_PATH open is one).
	 */
	if (c->base.mnt) {
		base = file_open_root(&c->base, dir, O_PATH | O_DIRECTORY, 0);
		if (IS_ERR(base))
			return PTR_ERR(base);
		c->path = base->f_path;
		path_get(&c->path);
		fput(base);
		return 0;
	}
	if (current->flags & PF_KTHREAD)	/* a work item's fd table is not the writer's */
		return -EBADF;
	if (c->name[0] == '/' || c->dfd == AT_FDCWD)
		return kern_path(dir, LOOKUP_FOLLOW, &c->path);
	base = fget(c->dfd);
	if (!base)
		return -EBADF;
	c->path = base->f_path;
	path_get(&c->path);
	fput(base);
	return 0;
}

static void raise_storage_event(struct storage_capture *c, u32 suppressed)
{
	struct super_block *sb = c->path.mnt->mnt_sb;
	struct path mount_root = { .mnt = c->path.mnt, .dentry = c->path.mnt->mnt_root };
	struct usip_storage_event ev = {
		.mnt_ns = c->mnt_ns.inum ? c->mnt_ns : usip_current_mnt_ns(),
		.action = c->err == EDQUOT ? USIP_NOTIFY_EDQUOT : USIP_NOTIFY_ENOSPC,
		.err = c->err,
		.pid = c->pid,
		.vpid = c->vpid,
		.uid = c->uid,
		.gid = c->gid,
		.ino = d_inode(c->path.dentry)->i_ino,
		.dev = new_encode_dev(sb->s_dev),
		.suppressed = suppressed,
		.fstype = sb->s_type->name,
	};
	struct kstatfs st;
	char *buf, *fstype = NULL;

	buf = kmalloc(2 * PATH_MAX, GFP_KERNEL);	/* the mount point, then the source */
	if (!buf)
		return;
	ev.mountpoint = d_path(&mount_root, buf, PATH_MAX);
	ev.device = mount_source(c->path.mnt, buf + PATH_MAX, PATH_MAX);
	if (IS_ERR(ev.mountpoint))
		ev.mountpoint = NULL;
	if (sb->s_subtype && sb->s_subtype[0]) {
		fstype = kasprintf(GFP_KERNEL, "%s.%s", sb->s_type->name, sb->s_subtype);
		if (fstype)
			ev.fstype = fstype;
	}
	if (!vfs_statfs(&c->path, &st))
		ev.usage = &st;
	usip_event_storage(&ev);
	kfree(fstype);
	kfree(buf);
}

/* Process context: in the writer before it returns to user space, or in a work item. */
static void storage_resolve(struct storage_capture *c)
{
	bool create = c->name || c->uname;
	u32 suppressed = 0;
	bool raise = true;

	if (c->uname && !c->name) {
		/* The kernel's copy is freed by now; the caller's is still in its memory. */
		char *name = strndup_user(c->uname, PATH_MAX);

		c->name = IS_ERR(name) ? NULL : name;
	}
	if (create) {
		/* Creates are rate-limited here: their file system is known only now. */
		raise = c->name && !resolve_create_dir(c) &&
			usip_ratelimit(c->path.mnt->mnt_sb, c->pid, c->time, &suppressed);
	} else {
		suppressed = c->err >> 16;	/* carried from the handler, see capture() */
		c->err &= 0xffff;
	}
	if (raise)
		raise_storage_event(c, suppressed);
	capture_done(c);
}

static void storage_resolve_task_work(struct callback_head *work)
{
	storage_resolve(container_of(work, struct storage_capture, work));
}

static void storage_resolve_work(struct work_struct *work)
{
	storage_resolve(container_of(work, struct storage_capture, kwork));
}

/*
 * True when this task already queued an event for @file (for any file, when NULL) in this
 * system call: one failed write crosses nested hooked functions on some kernels (6.1's
 * iter_file_splice_write() calls vfs_iter_write(); 6.12's calls ->write_iter directly; a
 * write(2) to overlayfs fails in vfs_iter_write() on the file below), and raises one event.
 */
static bool nested_capture(const struct file *file)
{
	struct storage_capture *c;
	unsigned long flags;
	bool found = false;

	spin_lock_irqsave(&pending_lock, flags);
	list_for_each_entry(c, &pending_list, node) {
		if (c->task == current && (!file || c->file == file)) {
			found = true;
			break;
		}
	}
	spin_unlock_irqrestore(&pending_lock, flags);
	return found;
}

/*
 * A name still in the writer's memory, copied without faulting (we are in a probe handler).
 * Page by page, as a name may end just before an unmapped page. NULL when not resident.
 */
static char *copy_user_name_nofault(const char __user *uname)
{
	char *name = kmalloc(PATH_MAX, GFP_ATOMIC);
	size_t done = 0, chunk;

	while (name && done < PATH_MAX) {
		chunk = min_t(size_t, PATH_MAX - done,
			      PAGE_SIZE - offset_in_page((unsigned long)uname + done));
		if (copy_from_user_nofault(name + done, uname + done, chunk))
			break;
		if (memchr(name + done, '\0', chunk))
			return name;
		done += chunk;
	}
	kfree(name);
	return NULL;
}

/*
 * An io_uring worker shares its process's fs_struct and files, which a work item does not:
 * the directory @c->name starts from is taken now. Never fails once the name is known.
 */
static void take_create_base(struct storage_capture *c)
{
	struct file *dir;

	if (c->name[0] == '/') {
		get_fs_root(current->fs, &c->base);
	} else if (c->dfd == AT_FDCWD) {
		get_fs_pwd(current->fs, &c->base);
	} else {
		dir = fget(c->dfd);
		if (!dir)
			return;	/* closed meanwhile: the lookup fails, nothing is raised */
		c->base = dir->f_path;
		path_get(&c->base);
		fput(dir);	/* the fd table still holds it: never the last reference */
	}
}

/*
 * From a return probe: queue the event for @file (or for the name of a failed create).
 * Never sleeps; on any failure the event is dropped and counted as lost.
 */
static void capture(struct file *file, const struct created_name *created, u32 err)
{
	u64 now = ktime_get_real_ns();
	struct storage_capture *c;
	struct usip_ns mnt_ns = usip_task_mnt_ns();
	/* Kernel threads never return to user space, where a task_work would run. */
	bool kernel_thread = current->flags & (PF_KTHREAD | PF_IO_WORKER);
	bool io_worker = current->flags & PF_IO_WORKER;
	u32 suppressed = 0;
	unsigned long flags;

	if (current->flags & PF_EXITING)
		return;
	/* A kernel thread's name is relative to nothing a work item could resolve. */
	if ((current->flags & PF_KTHREAD) && created)
		return;
	if (!usip_event_wanted(USIP_EVENT_TYPE_STORAGE, mnt_ns))
		return;
	if (file && nested_capture(file))
		return;
	if (file && !usip_ratelimit(file_inode(file)->i_sb, task_tgid_nr(current), now,
				    &suppressed))
		return;
	c = kzalloc(sizeof(*c), GFP_ATOMIC);
	if (!c)
		goto lost;
	if (created) {
		/* A user task's name is copied in its task_work; any other is needed now. */
		if (created->name)
			c->name = kstrdup(created->name, GFP_ATOMIC);
		else if (io_worker)
			c->name = copy_user_name_nofault(created->uname);
		if (!c->name && (created->name || io_worker)) {
			kfree(c);
			goto lost;
		}
		c->uname = created->uname;
		c->dfd = created->dfd;
	} else {
		c->path = file->f_path;	/* referenced once the work is queued */
	}
	c->time = now;
	/* The suppressed count rides in the high bits: errno values fit in 16. */
	c->err = err | min_t(u32, suppressed, 0xffff) << 16;
	c->mnt_ns = mnt_ns;
	c->task = current;
	c->file = file;
	c->pid = task_tgid_nr(current);
	c->vpid = task_tgid_vnr(current);
	c->uid = from_kuid_munged(&init_user_ns, current_fsuid());
	c->gid = from_kgid_munged(&init_user_ns, current_fsgid());
	atomic_inc(&pending);
	spin_lock_irqsave(&pending_lock, flags);
	list_add(&c->node, &pending_list);
	spin_unlock_irqrestore(&pending_lock, flags);
	if (kernel_thread) {
		/* The writer holds its file, so the path is alive while we take a reference. */
		if (created)
			take_create_base(c);
		else
			path_get(&c->path);
		INIT_WORK(&c->kwork, storage_resolve_work);
		queue_work(kernel_writes_wq, &c->kwork);
		return;
	}
	init_task_work(&c->work, storage_resolve_task_work);
	if (task_work_add(current, &c->work, TWA_RESUME)) {
		/* Exiting. No path reference was taken: nothing here may sleep. */
		capture_free(c);
		goto lost;
	}
	/* The work runs only when this task returns to user space, after this handler. */
	if (!created)
		path_get(&c->path);
	return;
lost:
	usip_queue_note_lost(USIP_EVENT_TYPE_STORAGE);
}

static bool is_storage_error(long ret)
{
	return ret == -ENOSPC || ret == -EDQUOT;
}

/* Remember @file for the return handler, if it is one that can be full. */
static int remember_file(struct kretprobe_instance *ri, struct file *file)
{
	umode_t mode;

	if (!file)
		return 1;
	mode = file_inode(file)->i_mode;
	/* Pipes, sockets and ttys cannot be full: skip them, and their long sleeps. */
	if (!S_ISREG(mode) && !S_ISBLK(mode))
		return 1;
	*(struct file **)ri->data = file;
	return 0;
}

void usip_storage_syscall_failed(struct file *file, u32 err)
{
	umode_t mode = file_inode(file)->i_mode;

	/* As remember_file(); and a hook inside this call has reported it already. */
	if ((S_ISREG(mode) || S_ISBLK(mode)) && !nested_capture(NULL))
		capture(file, NULL, err);
}

/* Entry of vfs_write / vfs_writev / vfs_iter_write / vfs_fallocate: the file is first. */
static int file_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	return remember_file(ri, (struct file *)regs_get_kernel_argument(regs, 0));
}

/* Entry of iter_file_splice_write(pipe, out, ...): the file is second. */
static int splice_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	return remember_file(ri, (struct file *)regs_get_kernel_argument(regs, 1));
}

/* Helper calls left to the VFS-level hook around them: per CPU, as every armed write counts. */
static DEFINE_PER_CPU(unsigned long, helper_deferrals);

static int helper_deferrals_get(char *buf, const struct kernel_param *kp)
{
	unsigned long sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += per_cpu(helper_deferrals, cpu);
	return sysfs_emit(buf, "%lu\n", sum);
}

static const struct kernel_param_ops helper_deferrals_ops = {
	.get = helper_deferrals_get,
};

/* /sys/module/usip/parameters/storage_helper_deferrals: shows the nesting check at work. */
module_param_cb(storage_helper_deferrals, &helper_deferrals_ops, NULL, 0444);

/* A write inside one of our VFS-level hooks: that hook reports it, when it returns. */
static bool in_vfs_hook(void)
{
	struct llist_node *n;

	/*
	 * The task's pending return hooks, innermost first. With rethook they include other
	 * tracers' (fprobe), so only the owner pointer is compared, never dereferenced further.
	 */
#ifdef CONFIG_KRETPROBE_ON_RETHOOK
	llist_for_each(n, current->rethooks.first) {
		struct rethook *rh = READ_ONCE(container_of(n, struct rethook_node, llist)->rethook);
		struct storage_probe *p = rh ? our_probe(rh->data) : NULL;
#else
	llist_for_each(n, current->kretprobe_instances.first) {
		struct kretprobe_instance *ri = container_of(n, struct kretprobe_instance, llist);
		struct storage_probe *p = our_probe(get_kretprobe(ri));
#endif
		if (p && p->vfs_level)
			return true;
	}
	return false;
}

/*
 * Entry of the file systems' write helpers, (struct kiocb *iocb, ...). They see the writes
 * that reach ->write_iter past every VFS-level hook: io_uring's, aio's, 6.12's loop driver's.
 * Any other write is left to the VFS-level hook around it, so it is reported once.
 */
static int kiocb_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct kiocb *iocb = (struct kiocb *)regs_get_kernel_argument(regs, 0);

	if (!iocb)
		return 1;
	if (usip_in_write_syscall() || in_vfs_hook()) {
		this_cpu_inc(helper_deferrals);
		return 1;
	}
	return remember_file(ri, iocb->ki_filp);
}

static int file_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	long ret = (long)regs_return_value(regs);

	if (unlikely(is_storage_error(ret)))
		capture(*(struct file **)ri->data, NULL, -ret);
	return 0;
}

/* vfs_fallocate() returns int: the upper half of the return register is undefined. */
static int int_file_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	int ret = (int)regs_return_value(regs);

	if (unlikely(is_storage_error(ret)))
		capture(*(struct file **)ri->data, NULL, -ret);
	return 0;
}

struct open_args {
	int dfd;
	struct filename *name;
};

static int open_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct open_args *a = (struct open_args *)ri->data;

	a->dfd = (int)regs_get_kernel_argument(regs, 0);
	a->name = (struct filename *)regs_get_kernel_argument(regs, 1);
	return 0;
}

static int open_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct open_args *a = (struct open_args *)ri->data;
	long ret = (long)regs_return_value(regs);

	/* The caller still holds the struct filename until do_filp_open() returns to it. */
	if (unlikely(is_storage_error(ret)) && a->name && a->name->name) {
		struct created_name created = { .name = a->name->name, .dfd = a->dfd };

		capture(NULL, &created, -ret);
	}
	return 0;
}

static struct storage_probe *probe_of(struct kretprobe_instance *ri)
{
	return container_of(get_kretprobe(ri), struct storage_probe, rp);
}

/*
 * Entry of do_mkdirat, do_mknodat, do_symlinkat, do_linkat, do_renameat2: each frees its
 * struct filename before it returns, so the return handler gets the user's pointer instead.
 */
static int name_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct storage_probe *p = probe_of(ri);
	struct created_name *created = (struct created_name *)ri->data;
	struct filename *name;

	name = (struct filename *)regs_get_kernel_argument(regs, p->name_arg);
	/* getname() failed (the call fails before any create), or a kernel caller's name. */
	if (IS_ERR_OR_NULL(name) || !name->uptr)
		return 1;
	created->name = NULL;
	created->uname = name->uptr;
	created->dfd = (int)regs_get_kernel_argument(regs, p->dfd_arg);
	return 0;
}

static int name_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	int ret = (int)regs_return_value(regs);	/* all five return int */

	if (unlikely(is_storage_error(ret)))
		capture(NULL, (struct created_name *)ri->data, -ret);
	return 0;
}

#define FILE_PROBE(sym) { .symbol = sym, .entry = file_entry, .ret = file_return, \
			  .data_size = sizeof(struct file *), .vfs_level = true }

#define KIOCB_PROBE(sym) { .symbol = sym, .entry = kiocb_entry, .ret = file_return, \
			   .data_size = sizeof(struct file *) }
#define MODULE_KIOCB_PROBE(mod, sym) { .symbol = sym, .module = mod, .entry = kiocb_entry, \
				       .ret = file_return, .data_size = sizeof(struct file *) }

/* do_*at(..., dfd, struct filename *name, ...): which arguments name what is created. */
#define NAME_PROBE(sym, dfd, name) { .symbol = sym, .entry = name_entry, .ret = name_return, \
				     .data_size = sizeof(struct created_name), \
				     .dfd_arg = dfd, .name_arg = name }

static struct storage_probe probes[] = {
	/* write(2), pwrite64(2); writev(2), pwritev(2), pwritev2(2); unless write_hook=syscall */
	{ .symbol = "vfs_write", .entry = file_entry, .ret = file_return,
	  .data_size = sizeof(struct file *), .vfs_level = true, .fallback = true },
	{ .symbol = "vfs_writev", .entry = file_entry, .ret = file_return,
	  .data_size = sizeof(struct file *), .vfs_level = true, .fallback = true },
	FILE_PROBE("vfs_iter_write"),	/* loop, overlayfs, nfsd; splice on 6.1 */
	/* splice(2), sendfile(2), copy_file_range(2) fallback into most file systems */
	{ .symbol = "iter_file_splice_write", .entry = splice_entry, .ret = file_return,
	  .data_size = sizeof(struct file *), .vfs_level = true },
	{ .symbol = "vfs_fallocate", .entry = file_entry, .ret = int_file_return,
	  .data_size = sizeof(struct file *), .vfs_level = true },	/* fallocate(2) */
	/* Below every ->write_iter of most file systems: io_uring, aio, 6.12's loop driver */
	KIOCB_PROBE("generic_perform_write"),		/* buffered: tmpfs, ext4, ext2, fat */
	KIOCB_PROBE("iomap_file_buffered_write"),	/* buffered: xfs, gfs2, zonefs */
	KIOCB_PROBE("iomap_dio_rw"),			/* O_DIRECT: ext4, xfs */
	/* btrfs uses none of the three: its buffered, direct and encoded writes all pass here */
	MODULE_KIOCB_PROBE("btrfs", "btrfs_do_write_iter"),
	{ .symbol = "do_filp_open", .entry = open_entry, .ret = open_return,
	  .data_size = sizeof(struct open_args) },	/* open(O_CREAT), creat(2) */
	NAME_PROBE("do_mkdirat", 0, 1),		/* mkdir(2), mkdirat(2) */
	NAME_PROBE("do_mknodat", 0, 1),		/* mknod(2), mknodat(2): fifos, sockets, nodes */
	NAME_PROBE("do_symlinkat", 1, 2),	/* symlink(2), symlinkat(2): the link's name */
	NAME_PROBE("do_linkat", 2, 3),		/* link(2), linkat(2): the new name */
	NAME_PROBE("do_renameat2", 2, 3),	/* rename(2), renameat(2), renameat2(2): the new */
};

/* @rp as one of ours, or NULL: another tracer's, or none. */
static struct storage_probe *our_probe(struct kretprobe *rp)
{
	unsigned long addr = (unsigned long)rp;

	if (addr < (unsigned long)probes || addr >= (unsigned long)(probes + ARRAY_SIZE(probes)))
		return NULL;
	return container_of(rp, struct storage_probe, rp);
}

/* Serialises registering (at load, at unload, as modules come and go) with arming. */
static DEFINE_MUTEX(probes_lock);
static bool probes_armed;

/*
 * Registered armed or not as the others are; logs why not, unless @absent_ok and the symbol is
 * not there (its module is not loaded yet). Under probes_lock.
 */
static int register_probe(struct storage_probe *p, bool absent_ok)
{
	int err;

	memset(&p->rp, 0, sizeof(p->rp));
	p->rp.kp.symbol_name = p->symbol;
	p->rp.entry_handler = p->entry;
	p->rp.handler = p->ret;
	p->rp.data_size = p->data_size;
	p->rp.maxactive = max_t(int, USIP_WRITE_PROBE_INSTANCES, 8 * num_possible_cpus());
	/* Disabled until a storage listener exists. */
	p->rp.kp.flags = probes_armed ? 0 : KPROBE_FLAG_DISABLED;
	err = register_kretprobe(&p->rp);
	p->registered = !err;
	if (err && !(absent_ok && err == -ENOENT))
		pr_warn("usip: cannot hook %s (%d): its ENOSPC/EDQUOT events are missed\n",
			p->symbol, err);
	return err;
}

static void unregister_probe(struct storage_probe *p)
{
	unregister_kretprobe(&p->rp);
	if (p->rp.nmissed)
		pr_info("usip: %s: %d return probes missed (all instances busy)\n",
			p->symbol, p->rp.nmissed);
	p->registered = false;
}

/*
 * A module with a probe of ours in it is coming (before its init runs, as the kernel's own
 * kprobe_events do) or going: probe it while it is there. No write is under way in a module
 * that is going.
 */
static int module_event(struct notifier_block *nb, unsigned long state, void *data)
{
	struct module *mod = data;
	int i;

	if (state != MODULE_STATE_COMING && state != MODULE_STATE_GOING)
		return NOTIFY_DONE;
	mutex_lock(&probes_lock);
	for (i = 0; i < ARRAY_SIZE(probes); i++) {
		struct storage_probe *p = &probes[i];

		if (!p->module || strcmp(p->module, mod->name))
			continue;
		if (state == MODULE_STATE_COMING && !p->registered)
			register_probe(p, false);
		else if (state == MODULE_STATE_GOING && p->registered)
			unregister_probe(p);
	}
	mutex_unlock(&probes_lock);
	return NOTIFY_DONE;
}

static struct notifier_block module_notifier = { .notifier_call = module_event };

int usip_storage_hooks_init(void)
{
	int i, err, core_err = 0;
	bool syscalls;

	kernel_writes_wq = alloc_workqueue("usip_storage", WQ_UNBOUND, 0);
	if (!kernel_writes_wq)
		return -ENOMEM;
	syscalls = !usip_write_syscalls_init();	/* else the fallback probes below */
	/* First, so that a module loaded meanwhile is not missed (both sides take the lock). */
	err = register_module_notifier(&module_notifier);
	if (err)
		pr_warn("usip: cannot follow modules (%d): btrfs is hooked only if loaded first\n",
			err);
	mutex_lock(&probes_lock);
	for (i = 0; i < ARRAY_SIZE(probes); i++) {
		struct storage_probe *p = &probes[i];

		if (p->registered || (p->fallback && syscalls))
			continue;
		/* In a module not loaded yet (-ENOENT), the notifier probes it when it is. */
		err = register_probe(p, p->module);
		if (err && i == 0)	/* vfs_write: the write system calls */
			core_err = err;
	}
	mutex_unlock(&probes_lock);
	return core_err;
}

/* A disabled probe on ftrace leaves the call site as it was: nothing runs per write. */
void usip_storage_hooks_arm(bool on)
{
	int i, err;

	err = usip_write_syscalls_arm(on);
	if (err)
		pr_warn("usip: cannot %s the write system calls' hook (%d)\n",
			on ? "arm" : "disarm", err);
	mutex_lock(&probes_lock);
	probes_armed = on;
	for (i = 0; i < ARRAY_SIZE(probes); i++) {
		if (!probes[i].registered)
			continue;
		err = on ? enable_kretprobe(&probes[i].rp) : disable_kretprobe(&probes[i].rp);
		if (err)
			pr_warn("usip: cannot %s the %s hook (%d)\n", on ? "arm" : "disarm",
				probes[i].symbol, err);
	}
	mutex_unlock(&probes_lock);
}

void usip_storage_hooks_exit(void)
{
	int i;

	usip_write_syscalls_exit();
	unregister_module_notifier(&module_notifier);
	mutex_lock(&probes_lock);
	for (i = 0; i < ARRAY_SIZE(probes); i++)
		if (probes[i].registered)
			unregister_probe(&probes[i]);
	mutex_unlock(&probes_lock);
	/* Writers with a queued capture are on their way back to user space. */
	wait_event(pending_wq, !atomic_read(&pending));
	/*
	 * The last of them may still be between capture_free() and the return from its
	 * task_work, in our text. A Tasks RCU grace period ends only when every task has
	 * switched voluntarily or been in user space, so it has left that code by then.
	 */
	synchronize_rcu_tasks();
	if (kernel_writes_wq) {
		destroy_workqueue(kernel_writes_wq);
		kernel_writes_wq = NULL;
	}
}
