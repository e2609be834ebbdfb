// SPDX-License-Identifier: GPL-2.0
/*
 * Cost the kernel/hooks probes add to the operations they watch (issue 6 bench):
 *   hook-cost write DIR N   ns per 4 KiB pwrite() to a file in DIR (a hooked vfs_write)
 *   hook-cost mount DIR N   ns per mount(tmpfs) + umount() pair on DIR/m
 *   hook-cost read DIR N    ns per 4 KiB pread() of a file in DIR (no write hook on its path)
 *   hook-cost syscall DIR N ns per getppid(): what any system call pays while the write
 *                           system calls are hooked at the sys_exit tracepoint (DIR unused)
 * Prints "<op> <ns-per-op>"; run it with the module loaded and unloaded and compare ratios
 * from the same boot (the guest is emulated, so absolute figures mean little).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	char path[4096], buf[4096];
	long i, n;
	double t0;
	int fd;

	if (argc != 4)
		return 2;
	n = atol(argv[3]);
	memset(buf, 'x', sizeof(buf));
	if (!strcmp(argv[1], "write")) {
		snprintf(path, sizeof(path), "%s/hook-cost.dat", argv[2]);
		fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0600);
		if (fd < 0 || pwrite(fd, buf, sizeof(buf), 0) != sizeof(buf))
			return 1;
		t0 = now_ns();
		for (i = 0; i < n; i++)
			if (pwrite(fd, buf, sizeof(buf), 0) != sizeof(buf))
				return 1;
		printf("write %.0f\n", (now_ns() - t0) / n);
		close(fd);
		unlink(path);
		return 0;
	}
	if (!strcmp(argv[1], "read")) {
		snprintf(path, sizeof(path), "%s/hook-cost.dat", argv[2]);
		fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0600);
		if (fd < 0 || pwrite(fd, buf, sizeof(buf), 0) != sizeof(buf))
			return 1;
		t0 = now_ns();
		for (i = 0; i < n; i++)
			if (pread(fd, buf, sizeof(buf), 0) != sizeof(buf))
				return 1;
		printf("read %.0f\n", (now_ns() - t0) / n);
		close(fd);
		unlink(path);
		return 0;
	}
	if (!strcmp(argv[1], "mount")) {
		snprintf(path, sizeof(path), "%s/m", argv[2]);
		mkdir(path, 0700);
		t0 = now_ns();
		for (i = 0; i < n; i++)
			if (mount("bench", path, "tmpfs", 0, "size=64k") || umount(path))
				return 1;
		printf("mount %.0f\n", (now_ns() - t0) / n);
		return 0;
	}
	if (!strcmp(argv[1], "syscall")) {
		t0 = now_ns();
		for (i = 0; i < n; i++)
			syscall(SYS_getppid);	/* not the libc wrapper: nothing cached */
		printf("syscall %.0f\n", (now_ns() - t0) / n);
		return 0;
	}
	return 2;
}
