// SPDX-License-Identifier: GPL-2.0
/*
 * The mount maker of the mount-table watcher bench (mtab-watchers.mjs): one long-lived process
 * that changes the mount table on command, so the watchers' CPU is measured apart from the
 * changer's, and no fork per mount slows an emulated guest. Commands, one per line on stdin,
 * each answered with one line on stdout ("ok <wall ns>" or "err <errno text>"):
 *   mkdirs DIR FROM COUNT   mkdir DIR/FROM .. DIR/FROM+COUNT-1 (not timed as mounts)
 *   fill DIR FROM COUNT     mount a small tmpfs on each of them, as fast as mount(2) goes
 *   mount PATH              one small tmpfs on PATH
 *   umount PATH
 *   detach PATH             umount2(MNT_DETACH): PATH and everything under it
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <time.h>

#define TMPFS_OPTIONS "size=4k,nr_inodes=8"

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int small_tmpfs(const char *path)
{
	return mount("usip-bench", path, "tmpfs", 0, TMPFS_OPTIONS);
}

/* Runs op on DIR/FROM .. DIR/FROM+COUNT-1; stops at the first failure. */
static int each_entry(const char *dir, long from, long count, int (*op)(const char *))
{
	char path[4096 + 32];
	long i;

	for (i = from; i < from + count; i++) {
		snprintf(path, sizeof(path), "%s/%ld", dir, i);
		if (op(path))
			return -1;
	}
	return 0;
}

static int make_dir(const char *path)
{
	return mkdir(path, 0700) && errno != EEXIST ? -1 : 0;
}

static int plain_umount(const char *path)
{
	return umount(path);
}

static int detach(const char *path)
{
	return umount2(path, MNT_DETACH);
}

static int run(char *line)
{
	char cmd[32], path[4096];
	long from = 0, count = 0;
	int fields = sscanf(line, "%31s %4095s %ld %ld", cmd, path, &from, &count);

	if (fields == 4 && !strcmp(cmd, "mkdirs"))
		return each_entry(path, from, count, make_dir);
	if (fields == 4 && !strcmp(cmd, "fill"))
		return each_entry(path, from, count, small_tmpfs);
	if (fields == 2 && !strcmp(cmd, "mount"))
		return small_tmpfs(path);
	if (fields == 2 && !strcmp(cmd, "umount"))
		return plain_umount(path);
	if (fields == 2 && !strcmp(cmd, "detach"))
		return detach(path);
	errno = EINVAL;
	return -1;
}

int main(void)
{
	char line[8192];
	double t0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	while (fgets(line, sizeof(line), stdin)) {
		t0 = now_ns();
		if (run(line))
			printf("err %s\n", strerror(errno));
		else
			printf("ok %.0f\n", now_ns() - t0);
	}
	return 0;
}
