// SPDX-License-Identifier: GPL-2.0
/*
 * The USIP side of the mount-table watcher bench (mtab-watchers.mjs) written in C, beside
 * usip-watcher.mjs: the daemons that watch mounts (systemd, udisksd) are C programs, and under
 * emulation a Node wake-up costs more than the work, so this is the like-for-like comparison
 * with reread-watcher.c. Raw Generic Netlink (c-usip/), every USIP number from the generated
 * UAPI header. It registers an mtab listener, joins mcg_mtab, loads the table with an MTAB_GET
 * dump, then applies each MTAB_NOTIFY record in sequence order to a hash table keyed by mount
 * id; a gap, LOST_EVENTS or a socket overrun (ENOBUFS) means a new dump (a resync).
 *
 * Usage: usip-watcher [--lines] [--rcvbuf BYTES]
 * The line protocol of usip-watcher.mjs: "ready <mounts> <seq>" once loaded; with --lines,
 * "seen <changes> <mounts>" after every applied record or resync. Commands on stdin:
 *   cpu   -> "cpu <user us> <system us> <changes> <resyncs> <mounts> <notifications>"
 *   check -> "check <ok|differs> <table size> <mountinfo size> <first difference>"
 *   quit (or end of input) -> unregister the listener, exit
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "c-usip/mountinfo-check.h"
#include "c-usip/usip-proto.h"

struct watcher {
	struct usip_conn conn;
	struct mount_table table;
	unsigned long changes, resyncs, notifications;
	int lines;
};

/* One write(2) per line, as the other watchers: stdio's buffering would blur whose cost it is. */
static void say(const char *format, ...)
{
	char line[1024];
	va_list ap;
	int n;

	va_start(ap, format);
	n = vsnprintf(line, sizeof(line) - 1, format, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (n > (int)sizeof(line) - 2)
		n = sizeof(line) - 2;
	line[n] = '\n';
	if (write(1, line, (size_t)n + 1) < 0)
		exit(1);
}

static void die(const char *what, int err)
{
	fprintf(stderr, "usip-watcher: %s: %s\n", what, strerror(-err));
	exit(1);
}

/*
 * Replaces the table with a fresh dump: after lost records nothing less is exact. Why goes to
 * stderr (the bench's console log), the cpu line only counts resyncs.
 */
static void resync(struct watcher *w, const char *why)
{
	uint64_t from = w->table.seq;
	int err = usip_dump(&w->conn, &w->table);

	if (err)
		die("MTAB_GET dump", err);
	w->resyncs++;
	fprintf(stderr, "usip-watcher: resync (%s) at seq %" PRIu64 ", dump at %" PRIu64 "\n", why,
		from, w->table.seq);
	if (w->lines)
		say("seen %lu %zu", w->changes, w->table.size);
}

/*
 * Applies one record. Each carries the mount's whole new state (a umount its id), so applying
 * is idempotent: the records right after a dump, which the dump may already show (the kernel
 * takes the dump's sequence number before reading the table), converge on the exact table.
 */
static int on_change(uint64_t seq, uint32_t action, const struct mount_fields *f, void *ctx)
{
	struct watcher *w = ctx;

	if (seq <= w->table.seq)
		return 0;
	if (seq != w->table.seq + 1) {
		resync(w, "gap");
		if (seq != w->table.seq + 1)
			return 0; /* covered by the dump, or a loss the kernel reports next */
	}
	if (action == USIP_NOTIFY_UMOUNT)
		mount_table_remove(&w->table, f->id);
	else if (mount_table_put(&w->table, f))
		die("mount table", -ENOMEM);
	w->table.seq = seq;
	w->changes++;
	if (w->lines)
		say("seen %lu %zu", w->changes, w->table.size);
	return 0;
}

static int on_lost(void *ctx)
{
	resync(ctx, "lost-events");
	return 0;
}

/*
 * After ENOBUFS: empties the socket's queue before the dump. The kernel reports an overrun once
 * and then drops silently until the queue has been emptied (netlink's "congested" state), so a
 * dump taken with datagrams still queued could miss records dropped after it. Everything
 * discarded here was queued before the dump starts, so the dump covers it.
 */
static void discard_queued(int fd, char *buf, size_t size)
{
	while (recv(fd, buf, size, MSG_DONTWAIT) >= 0 || errno == EINTR || errno == ENOBUFS)
		;
}

/* Reads every datagram queued on the events socket, one recv each, without blocking. */
static void drain(struct watcher *w)
{
	static char buf[GENL_RECV_BUF] __attribute__((aligned(8)));
	const struct usip_handlers handlers = { .change = on_change, .lost = on_lost, .ctx = w };
	ssize_t got;
	int seen;

	for (;;) {
		got = recv(w->conn.events.fd, buf, sizeof(buf), MSG_DONTWAIT | MSG_TRUNC);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0 && errno == ENOBUFS) {
			discard_queued(w->conn.events.fd, buf, sizeof(buf));
			resync(w, "overrun"); /* the socket overran: notifications are gone */
			continue;
		}
		if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (got < 0)
			die("recv", -errno);
		if ((size_t)got > sizeof(buf)) {
			resync(w, "truncated"); /* never with the kernel's page-sized datagrams */
			continue;
		}
		seen = usip_walk_datagram(&w->conn, buf, (size_t)got, &handlers);
		if (seen < 0)
			die("notification", seen);
		w->notifications += (unsigned long)seen;
	}
}

static void report_cpu(const struct watcher *w)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	say("cpu %ld %ld %lu %lu %zu %lu", ru.ru_utime.tv_sec * 1000000L + ru.ru_utime.tv_usec,
	    ru.ru_stime.tv_sec * 1000000L + ru.ru_stime.tv_usec, w->changes, w->resyncs,
	    w->table.size, w->notifications);
}

static void check(struct watcher *w)
{
	struct check_result r;
	int err;

	drain(w); /* what the kernel has sent so far first, as usip-watcher.mjs settles */
	err = mountinfo_check(&w->table, &r);
	if (err)
		die("reading /proc/self/mountinfo", err);
	say("check %s %zu %zu %s", r.same ? "ok" : "differs", w->table.size, r.mountinfo_size,
	    r.first_difference);
}

static void quit(struct watcher *w)
{
	usip_disconnect(&w->conn);
	mount_table_free(&w->table);
	exit(0);
}

/* Runs the complete lines in the stdin buffer; returns how many bytes it consumed. */
static size_t run_commands(struct watcher *w, char *buf, size_t len)
{
	char *line = buf, *end;

	while ((end = memchr(line, '\n', len - (size_t)(line - buf)))) {
		*end = '\0';
		if (!strcmp(line, "cpu"))
			report_cpu(w);
		else if (!strcmp(line, "check"))
			check(w);
		else if (!strcmp(line, "quit"))
			quit(w);
		line = end + 1;
	}
	return (size_t)(line - buf);
}

int main(int argc, char **argv)
{
	static struct watcher w;
	struct pollfd fds[2] = { { .fd = 0, .events = POLLIN }, { .events = POLLIN } };
	int rcvbuf = 64 << 20, i, err;
	char commands[256];
	size_t pending = 0, used;
	const char *step;
	ssize_t got;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--lines"))
			w.lines = 1;
		else if (!strcmp(argv[i], "--rcvbuf") && i + 1 < argc)
			rcvbuf = atoi(argv[++i]);
		else {
			fprintf(stderr, "usage: usip-watcher [--lines] [--rcvbuf BYTES]\n");
			return 2;
		}
	}
	/* A watcher that must not miss a burst asks for a large queue, as systemd does. */
	err = usip_connect(&w.conn, rcvbuf, &step);
	if (err)
		die(step, err);
	err = usip_dump(&w.conn, &w.table);
	if (err)
		die("MTAB_GET dump", err);
	drain(&w);
	say("ready %zu %" PRIu64, w.table.size, w.table.seq);
	fds[1].fd = w.conn.events.fd;
	for (;;) {
		if (poll(fds, 2, -1) < 0 && errno != EINTR)
			die("poll", -errno);
		if (fds[1].revents & (POLLIN | POLLERR))
			drain(&w);
		if (fds[0].revents & (POLLIN | POLLHUP)) {
			got = read(0, commands + pending, sizeof(commands) - pending);
			if (got <= 0)
				quit(&w);
			pending += (size_t)got;
			used = run_commands(&w, commands, pending);
			memmove(commands, commands + used, pending - used);
			pending -= used;
			if (pending == sizeof(commands))
				pending = 0; /* a line longer than any command: not ours */
		}
	}
}
