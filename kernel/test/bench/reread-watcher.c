// SPDX-License-Identifier: GPL-2.0
/*
 * The watcher USIP replaces, for the mount-table watcher bench (mtab-watchers.mjs): poll(2) on
 * /proc/self/mountinfo for POLLPRI (the kernel's "the table changed" signal), then re-read the
 * whole file and parse every line into fields, as libmount's table parser and the daemons built
 * on it (systemd, udisks) do. It keeps no diff of the old and new tables, so it is the cheapest
 * honest re-reader: written in C, it is a conservative baseline for a watcher in Node.
 *
 * Usage: reread-watcher [--lines | --ticks]
 * Prints "ready <mounts>" after the first read; with --lines, "seen <wakeups> <mounts>" after
 * each re-read. With --ticks it only polls and prints "tick <wakeups>" per wake-up, reading
 * nothing: the poller of reread-watcher.mjs, the same re-reader written in Node. Commands on stdin: "cpu" -> "cpu <user us> <system us> <wakeups> <mounts>"
 * (getrusage of this process), "quit" (or end of input) -> exit.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

struct mount_entry {
	int id, parent_id;
	unsigned int major, minor;
	char *root, *mount_point, *mount_options, *fs_type, *source, *super_options;
};

static char *text;
static size_t text_cap;
static struct mount_entry *table;
static size_t table_cap;

/* Reads the whole file from its start into `text`, growing it; returns its length. */
static size_t read_all(int fd)
{
	size_t len = 0;
	ssize_t got;

	if (lseek(fd, 0, SEEK_SET) < 0)
		exit(1);
	for (;;) {
		if (text_cap - len < 65536) {
			text_cap = text_cap ? text_cap * 2 : 1 << 20;
			text = realloc(text, text_cap);
			if (!text)
				exit(1);
		}
		got = read(fd, text + len, text_cap - len - 1);
		if (got < 0)
			exit(1);
		if (got == 0)
			break;
		len += got;
	}
	text[len] = '\0';
	return len;
}

/* Undoes mountinfo's octal escapes (\040 for a space...) in place, as libmount does. */
static void unescape(char *s)
{
	char *out = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
		    s[3] >= '0' && s[3] <= '7') {
			*out++ = (char)((s[1] - '0') << 6 | (s[2] - '0') << 3 | (s[3] - '0'));
			s += 3;
		} else {
			*out++ = *s;
		}
	}
	*out = '\0';
}

/* Cuts the next space-separated field off *cursor. */
static char *field(char **cursor)
{
	char *start = *cursor, *end = strchr(start, ' ');

	if (end) {
		*end = '\0';
		*cursor = end + 1;
	} else {
		*cursor = start + strlen(start);
	}
	return start;
}

/* Parses one line; 0 when it is well formed. */
static int parse_line(char *line, struct mount_entry *e)
{
	char *cursor = line, *dev, *tag;

	e->id = atoi(field(&cursor));
	e->parent_id = atoi(field(&cursor));
	dev = field(&cursor);
	if (sscanf(dev, "%u:%u", &e->major, &e->minor) != 2)
		return -1;
	e->root = field(&cursor);
	e->mount_point = field(&cursor);
	e->mount_options = field(&cursor);
	do { /* optional fields (shared:N master:N ...) up to the "-" separator */
		tag = field(&cursor);
		if (!*tag)
			return -1;
	} while (strcmp(tag, "-"));
	e->fs_type = field(&cursor);
	e->source = field(&cursor);
	e->super_options = field(&cursor);
	unescape(e->root);
	unescape(e->mount_point);
	unescape(e->source);
	return 0;
}

/* Re-reads and parses the whole table; returns the number of mounts. */
static size_t reread(int fd)
{
	size_t len = read_all(fd), n = 0;
	char *line = text, *end;

	while (line < text + len) {
		end = strchr(line, '\n');
		if (end)
			*end = '\0';
		if (n == table_cap) {
			table_cap = table_cap ? table_cap * 2 : 4096;
			table = realloc(table, table_cap * sizeof(*table));
			if (!table)
				exit(1);
		}
		if (parse_line(line, &table[n]) == 0)
			n++;
		if (!end)
			break;
		line = end + 1;
	}
	return n;
}

static void report_cpu(unsigned long wakeups, size_t mounts)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	printf("cpu %ld %ld %lu %zu\n", ru.ru_utime.tv_sec * 1000000L + ru.ru_utime.tv_usec,
	       ru.ru_stime.tv_sec * 1000000L + ru.ru_stime.tv_usec, wakeups, mounts);
}

int main(int argc, char **argv)
{
	int lines = argc > 1 && !strcmp(argv[1], "--lines");
	int ticks = argc > 1 && !strcmp(argv[1], "--ticks");
	struct pollfd fds[2] = { { .fd = 0, .events = POLLIN }, { .events = POLLPRI } };
	unsigned long wakeups = 0;
	char command[64];
	size_t mounts;

	setvbuf(stdout, NULL, _IOLBF, 0);
	fds[1].fd = open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC);
	if (fds[1].fd < 0)
		return 1;
	mounts = reread(fds[1].fd);
	printf("ready %zu\n", mounts);
	for (;;) {
		if (poll(fds, 2, -1) < 0)
			return 1;
		if (fds[1].revents & (POLLPRI | POLLERR) && ticks) {
			printf("tick %lu\n", ++wakeups); /* poll() itself re-arms the signal */
		} else if (fds[1].revents & (POLLPRI | POLLERR)) {
			mounts = reread(fds[1].fd);
			wakeups++;
			if (lines)
				printf("seen %lu %zu\n", wakeups, mounts);
		}
		if (fds[0].revents & (POLLIN | POLLHUP)) {
			if (!fgets(command, sizeof(command), stdin) || !strncmp(command, "quit", 4))
				return 0;
			if (!strncmp(command, "cpu", 3))
				report_cpu(wakeups, mounts);
		}
	}
}
