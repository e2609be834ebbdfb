// SPDX-License-Identifier: GPL-2.0
/*
 * One IORING_OP_FALLOCATE of 64 MiB on FILE through io_uring, with raw system calls (no
 * liburing). io_uring always runs fallocate in one of its worker threads, which never return to
 * user space. Prints {"pid": N, "res": -errno or 0, "ino": N}.
 */
#include <fcntl.h>
#include <linux/io_uring.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static void *map_ring(int ring, size_t len, off_t what)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, ring, what);

	return p == MAP_FAILED ? NULL : p;
}

int main(int argc, char **argv)
{
	struct io_uring_params p;
	struct io_uring_sqe *sqes, *sqe;
	struct io_uring_cqe *cqe;
	unsigned int *tail, idx;
	char *sq, *cq;
	struct stat st;
	int ring, fd;

	if (argc != 2)
		return 2;
	memset(&p, 0, sizeof(p));
	ring = syscall(__NR_io_uring_setup, 4, &p);
	fd = open(argv[1], O_WRONLY | O_CREAT, 0644);
	if (ring < 0 || fd < 0 || fstat(fd, &st)) {
		perror("io_uring_setup/open");
		return 2;
	}
	sq = map_ring(ring, p.sq_off.array + p.sq_entries * sizeof(unsigned int),
		      IORING_OFF_SQ_RING);
	cq = map_ring(ring, p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe),
		      IORING_OFF_CQ_RING);
	sqes = map_ring(ring, p.sq_entries * sizeof(struct io_uring_sqe), IORING_OFF_SQES);
	if (!sq || !cq || !sqes) {
		perror("mmap");
		return 2;
	}
	tail = (unsigned int *)(sq + p.sq_off.tail);
	idx = *tail & *(unsigned int *)(sq + p.sq_off.ring_mask);
	sqe = &sqes[idx];
	memset(sqe, 0, sizeof(*sqe));
	sqe->opcode = IORING_OP_FALLOCATE;
	sqe->fd = fd;
	sqe->off = 0;		/* offset */
	sqe->addr = 64 << 20;	/* length */
	sqe->len = 0;		/* mode */
	((unsigned int *)(sq + p.sq_off.array))[idx] = idx;
	__atomic_store_n(tail, *tail + 1, __ATOMIC_RELEASE);
	if (syscall(__NR_io_uring_enter, ring, 1, 1, IORING_ENTER_GETEVENTS, NULL, 0) < 0) {
		perror("io_uring_enter");
		return 2;
	}
	cqe = (struct io_uring_cqe *)(cq + p.cq_off.cqes) +
	      (*(unsigned int *)(cq + p.cq_off.head) & *(unsigned int *)(cq + p.cq_off.ring_mask));
	printf("{\"pid\": %d, \"res\": %d, \"ino\": %llu}\n", getpid(), cqe->res,
	       (unsigned long long)st.st_ino);
	return 0;
}
