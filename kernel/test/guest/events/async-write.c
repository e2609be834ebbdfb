// SPDX-License-Identifier: GPL-2.0
/*
 * One asynchronous write or create of DIR/NAME, by raw system calls (no liburing, no libaio),
 * or a synchronous write:
 *   uring-fallocate  IORING_OP_FALLOCATE of 64 MiB: io_uring runs it in one of its worker
 *                    threads, which never return to user space;
 *   uring-write      IORING_OP_WRITE of 64 KiB, which reaches ->write_iter directly;
 *   uring-write-direct  the same on a file opened with O_DIRECT;
 *   aio-write        IOCB_CMD_PWRITE of 64 KiB through io_submit(2), run inline in the caller;
 *   pwrite           a plain pwrite(2) of 64 KiB, for comparison (the VFS's own hooks see it);
 *   uring-openat     IORING_OP_OPENAT(dirfd of DIR, "NAME", O_CREAT), run by a worker;
 *   uring-mkdirat    IORING_OP_MKDIRAT(AT_FDCWD, "DIR/NAME"), run by a worker.
 * Prints {"pid": N, "res": -errno or bytes (pwrite: 0), "ino": N}: the inode of the file
 * written, or of DIR for a create.
 */
#define _GNU_SOURCE	/* O_DIRECT */
#include <errno.h>
#include <fcntl.h>
#include <linux/aio_abi.h>
#include <linux/io_uring.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define WRITE_LEN (64 << 10)
#define UNUSABLE LONG_MIN

static char buf[WRITE_LEN] __attribute__((aligned(4096)));	/* O_DIRECT needs it */

static void *map_ring(int ring, size_t len, off_t what)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, ring, what);

	return p == MAP_FAILED ? NULL : p;
}

/* One SQE of @opcode on @fd (and @path), waited for; its result, or UNUSABLE. */
static long uring_one(int fd, unsigned char opcode, const char *path)
{
	struct io_uring_params p;
	struct io_uring_sqe *sqes, *sqe;
	struct io_uring_cqe *cqe;
	unsigned int *tail, idx;
	char *sq, *cq;
	int ring;

	memset(&p, 0, sizeof(p));
	ring = syscall(__NR_io_uring_setup, 4, &p);
	if (ring < 0) {
		perror("io_uring_setup");
		return UNUSABLE;
	}
	sq = map_ring(ring, p.sq_off.array + p.sq_entries * sizeof(unsigned int),
		      IORING_OFF_SQ_RING);
	cq = map_ring(ring, p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe),
		      IORING_OFF_CQ_RING);
	sqes = map_ring(ring, p.sq_entries * sizeof(struct io_uring_sqe), IORING_OFF_SQES);
	if (!sq || !cq || !sqes) {
		perror("mmap");
		return UNUSABLE;
	}
	tail = (unsigned int *)(sq + p.sq_off.tail);
	idx = *tail & *(unsigned int *)(sq + p.sq_off.ring_mask);
	sqe = &sqes[idx];
	memset(sqe, 0, sizeof(*sqe));
	sqe->opcode = opcode;
	sqe->fd = fd;
	sqe->off = 0;
	if (opcode == IORING_OP_FALLOCATE) {
		sqe->addr = 64 << 20;	/* length */
		sqe->len = 0;		/* mode */
	} else if (opcode == IORING_OP_OPENAT || opcode == IORING_OP_MKDIRAT) {
		sqe->addr = (uintptr_t)path;
		sqe->len = 0755;	/* mode */
		sqe->open_flags = opcode == IORING_OP_OPENAT ? O_WRONLY | O_CREAT : 0;
	} else {
		sqe->addr = (uintptr_t)buf;
		sqe->len = WRITE_LEN;
	}
	((unsigned int *)(sq + p.sq_off.array))[idx] = idx;
	__atomic_store_n(tail, *tail + 1, __ATOMIC_RELEASE);
	if (syscall(__NR_io_uring_enter, ring, 1, 1, IORING_ENTER_GETEVENTS, NULL, 0) < 0) {
		perror("io_uring_enter");
		return UNUSABLE;
	}
	cqe = (struct io_uring_cqe *)(cq + p.cq_off.cqes) +
	      (*(unsigned int *)(cq + p.cq_off.head) & *(unsigned int *)(cq + p.cq_off.ring_mask));
	return cqe->res;
}

/* One IOCB_CMD_PWRITE on @fd, waited for; its result, or UNUSABLE. */
static long aio_one(int fd)
{
	struct iocb cb, *cbs[1] = { &cb };
	struct io_event ev;
	aio_context_t ctx = 0;

	if (syscall(__NR_io_setup, 1, &ctx) < 0) {
		perror("io_setup");
		return UNUSABLE;
	}
	memset(&cb, 0, sizeof(cb));
	cb.aio_lio_opcode = IOCB_CMD_PWRITE;
	cb.aio_fildes = fd;
	cb.aio_buf = (uintptr_t)buf;
	cb.aio_nbytes = WRITE_LEN;
	if (syscall(__NR_io_submit, ctx, 1, cbs) != 1 ||
	    syscall(__NR_io_getevents, ctx, 1, 1, &ev, NULL) != 1) {
		perror("io_submit/io_getevents");
		return UNUSABLE;
	}
	return ev.res;
}

int main(int argc, char **argv)
{
	char path[4096];
	struct stat st;
	long res;
	int dir, fd;

	if (argc != 4)
		return 2;
	memset(buf, 'u', sizeof(buf));
	snprintf(path, sizeof(path), "%s/%s", argv[2], argv[3]);
	dir = open(argv[2], O_RDONLY | O_DIRECTORY);
	if (dir < 0) {
		perror("open DIR");
		return 2;
	}
	if (!strcmp(argv[1], "uring-openat") || !strcmp(argv[1], "uring-mkdirat")) {
		if (fstat(dir, &st)) {
			perror("fstat");
			return 2;
		}
		if (!strcmp(argv[1], "uring-openat"))
			res = uring_one(dir, IORING_OP_OPENAT, argv[3]);
		else
			res = uring_one(AT_FDCWD, IORING_OP_MKDIRAT, path);
	} else {
		fd = open(path, O_WRONLY | O_CREAT |
			  (!strcmp(argv[1], "uring-write-direct") ? O_DIRECT : 0), 0644);
		if (fd < 0 || fstat(fd, &st)) {
			perror("open");
			return 2;
		}
		if (!strcmp(argv[1], "uring-fallocate"))
			res = uring_one(fd, IORING_OP_FALLOCATE, NULL);
		else if (!strcmp(argv[1], "uring-write") || !strcmp(argv[1], "uring-write-direct"))
			res = uring_one(fd, IORING_OP_WRITE, NULL);
		else if (!strcmp(argv[1], "aio-write"))
			res = aio_one(fd);
		else if (!strcmp(argv[1], "pwrite"))
			res = pwrite(fd, buf, WRITE_LEN, 0) < 0 ? -errno : 0;
		else
			return 2;
	}
	if (res == UNUSABLE)
		return 2;
	printf("{\"pid\": %d, \"res\": %ld, \"ino\": %llu}\n", getpid(), res,
	       (unsigned long long)st.st_ino);
	return 0;
}
