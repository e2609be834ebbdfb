/* SPDX-License-Identifier: GPL-2.0 */
/* Internal interface between the parts of kernel/hooks/ (see docs/design-hooks.md). */
#ifndef _USIP_HOOKS_H
#define _USIP_HOOKS_H

#include <linux/types.h>

#include "usip-events.h"

/* ENOSPC/EDQUOT hooks: 0 when the core write hook is in place, else a negative errno. */
int usip_storage_hooks_init(void);	/* registered disarmed */
void usip_storage_hooks_arm(bool on);	/* process context, may sleep */
void usip_storage_hooks_exit(void);

/* write_hook=syscall (usip-write-syscalls.c): init is 0 when it is chosen and possible. */
int usip_write_syscalls_init(void);
int usip_write_syscalls_arm(bool on);	/* process context, may sleep */
void usip_write_syscalls_exit(void);
bool usip_in_write_syscall(void);	/* current is in one it will report */

struct file;
/* A write system call of current failed on @file with @err (preemption off). */
void usip_storage_syscall_failed(struct file *file, u32 err);

/* Mount-table hooks (need usip_layout): 0 when every change kind is covered. */
int usip_mount_hooks_init(void);
void usip_mount_hooks_exit(void);

/* Mount namespace of current, from any context (inum 0 when unknown). */
struct usip_ns usip_task_mnt_ns(void);

#endif /* _USIP_HOOKS_H */
