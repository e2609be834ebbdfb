// SPDX-License-Identifier: GPL-2.0
/*
 * With write_hook=syscall: failed write(2), pwrite64(2), writev(2), pwritev(2) and pwritev2(2)
 * seen as the system call returns, from the raw_syscalls sys_exit tracepoint, instead of by
 * return probes on vfs_write() and vfs_writev() (the default, write_hook=vfs). A return probe
 * costs every write an ftrace call, a kprobe dispatch and a return trampoline; the tracepoint
 * costs it one compare, but while it is armed every system call of every task takes the
 * kernel's traced entry and exit path, as under any syscall tracer. Which is cheaper depends
 * on how many of a machine's system calls are writes (docs/design-hooks.md). Built-in
 * tracepoints have no symbol a module may link against, so it is found by name with
 * for_each_kernel_tracepoint(), as out-of-tree tracers do.
 */
#include <linux/errno.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/moduleparam.h>
#include <linux/sched.h>
#include <linux/sched/task_stack.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include <linux/tracepoint.h>
#include <asm/syscall.h>
#include <asm/unistd.h>
#ifdef CONFIG_IA32_EMULATION
#include <asm/unistd_32_ia32.h>	/* generated: __NR_ia32_* */
#endif

#include "usip-hooks.h"

static char *write_hook = "vfs";
module_param(write_hook, charp, 0444);
MODULE_PARM_DESC(write_hook,
		 "where failed write system calls are seen: vfs (default) or syscall (sys_exit)");

static struct tracepoint *sys_exit_tp;
static bool wanted;	/* write_hook=syscall */
static bool armed;	/* under the caller's arming lock */

static void find_sys_exit(struct tracepoint *tp, void *unused)
{
	if (!strcmp(tp->name, "sys_exit"))
		sys_exit_tp = tp;
}

/* @nr (from a 64-bit task, x32 bit cleared) is one of the write system calls. */
static bool is_write_nr64(int nr)
{
	switch (nr) {
	case __NR_write:
	case __NR_pwrite64:
	case __NR_writev:
	case __NR_pwritev:
	case __NR_pwritev2:
		return true;
	}
	return false;
}

/* The system call @regs belongs to is one this file reports. */
static bool is_write_syscall(struct pt_regs *regs)
{
	int nr = syscall_get_nr(current, regs);

#ifdef CONFIG_IA32_EMULATION
	if (in_ia32_syscall()) {
		switch (nr) {
		case __NR_ia32_write:
		case __NR_ia32_pwrite64:
		case __NR_ia32_writev:
		case __NR_ia32_pwritev:
		case __NR_ia32_pwritev2:
			return true;
		}
		return false;
	}
#endif
	/* x32's vectored writes have numbers of their own (x32 is off unless booted with it). */
	return is_write_nr64(nr & ~__X32_SYSCALL_BIT);
}

bool usip_in_write_syscall(void)
{
	if (!READ_ONCE(armed) || (current->flags & (PF_KTHREAD | PF_IO_WORKER)))
		return false;
	return is_write_syscall(task_pt_regs(current));
}

/* Preemption is off here: nothing may sleep (fget() does not; fput() defers the last put). */
static void write_syscall_exit(void *data, struct pt_regs *regs, long ret)
{
	unsigned long args[6];
	struct file *file;

	if (likely(ret != -ENOSPC && ret != -EDQUOT))
		return;
	if (!is_write_syscall(regs))
		return;
	syscall_get_arguments(current, regs, args);
	/* The same fd as the call's, unless another thread closed it since: then no event. */
	file = fget((unsigned int)args[0]);
	if (!file)
		return;
	usip_storage_syscall_failed(file, -ret);
	fput(file);
}

int usip_write_syscalls_init(void)
{
	wanted = write_hook && !strcmp(write_hook, "syscall");
	if (!wanted) {
		if (!write_hook || strcmp(write_hook, "vfs"))
			pr_warn("usip: write_hook=%s is neither vfs nor syscall: vfs it is\n",
				write_hook ? write_hook : "");
		return -EOPNOTSUPP;
	}
	for_each_kernel_tracepoint(find_sys_exit, NULL);
	if (!sys_exit_tp) {
		pr_warn("usip: no sys_exit tracepoint: write system calls hooked in the VFS\n");
		return -ENOENT;
	}
	return 0;
}

/* Process context (it takes the tracepoints' mutex); serialised by the caller. */
int usip_write_syscalls_arm(bool on)
{
	int err;

	if (!sys_exit_tp || on == armed)
		return 0;
	if (on)
		err = tracepoint_probe_register(sys_exit_tp, (void *)write_syscall_exit, NULL);
	else
		err = tracepoint_probe_unregister(sys_exit_tp, (void *)write_syscall_exit, NULL);
	if (!err)
		WRITE_ONCE(armed, on);
	return err;
}

void usip_write_syscalls_exit(void)
{
	usip_write_syscalls_arm(false);
	/* A probe call that started before the unregister may still be running. */
	tracepoint_synchronize_unregister();
	sys_exit_tp = NULL;
}

static int state_get(char *buf, const struct kernel_param *kp)
{
	if (!wanted)
		return sysfs_emit(buf, "unused\n");
	return sysfs_emit(buf, "%s\n", !sys_exit_tp ? "missing" : READ_ONCE(armed) ? "armed" :
			  "disarmed");
}

static const struct kernel_param_ops state_ops = { .get = state_get };

/*
 * /sys/module/usip/parameters/write_syscall_hook: unused (write_hook=vfs), missing (no
 * tracepoint: the VFS probes stand in), disarmed or armed.
 */
module_param_cb(write_syscall_hook, &state_ops, NULL, 0444);
