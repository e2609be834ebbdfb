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

/* ns per 4 KiB pwrite() (@write) or pread() of one file in @dir; -1 on failure. */
static double file_io(const char *dir, long n, int write)
{
	char path[4096], buf[4096];
	ssize_t done = 0;
	double t0;
	long i;
	int fd;

	memset(buf, 'x', sizeof(buf));
	snprintf(path, sizeof(path), "%s/hook-cost.dat", dir);
	fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0600);
	if (fd < 0 || pwrite(fd, buf, sizeof(buf), 0) != sizeof(buf))
		return -1;
	t0 = now_ns();
	for (i = 0; i < n && done >= 0; i++)
		done = write ? pwrite(fd, buf, sizeof(buf), 0) : pread(fd, buf, sizeof(buf), 0);
	t0 = now_ns() - t0;
	close(fd);
	unlink(path);
	return done == sizeof(buf) ? t0 / n : -1;
}

int main(int argc, char **argv)
{
	char path[4096];
	long i, n;
	double t0;

	if (argc != 4)
		return 2;
	n = atol(argv[3]);
	if (!strcmp(argv[1], "write") || !strcmp(argv[1], "read")) {
		t0 = file_io(argv[2], n, argv[1][0] == 'w');
		if (t0 < 0)
			return 1;
		printf("%s %.0f\n", argv[1], t0);
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
