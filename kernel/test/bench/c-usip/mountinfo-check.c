// SPDX-License-Identifier: GPL-2.0
/* The C USIP watcher's table check against /proc/self/mountinfo: see mountinfo-check.h. */
#define _GNU_SOURCE
#include "mountinfo-check.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The whole file, NUL-terminated; NULL on failure. */
static char *read_mountinfo(void)
{
	size_t len = 0, cap = 1 << 20;
	char *text = malloc(cap), *bigger;
	int fd = open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC);
	ssize_t got = 0;

	while (text && fd >= 0 && (got = read(fd, text + len, cap - len - 1)) > 0) {
		len += (size_t)got;
		if (cap - len < 65536) {
			bigger = realloc(text, cap *= 2);
			if (!bigger)
				got = -1;
			text = bigger ? bigger : text;
			if (got < 0)
				break;
		}
	}
	if (fd >= 0)
		close(fd);
	if (!text || got < 0 || fd < 0) {
		free(text);
		return NULL;
	}
	text[len] = '\0';
	return text;
}

/* mountinfo's octal escapes (\040 for a space...) undone in place, as usip-watcher.mjs does. */
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

/* One mountinfo line cut into the fields a USIP mount carries. */
struct row {
	unsigned long id, parent_id, major, minor, shared, master;
	char *text[MOUNT_TEXTS];
};

static int parse_row(char *line, struct row *r)
{
	char *f[64], *save = NULL, *tok;
	int n = 0, dash = -1, i;

	memset(r, 0, sizeof(*r));
	for (tok = strtok_r(line, " ", &save); tok && n < 64; tok = strtok_r(NULL, " ", &save))
		f[n++] = tok;
	for (i = 6; i < n && dash < 0; i++)
		if (!strcmp(f[i], "-"))
			dash = i;
	if (dash < 0 || dash + 1 >= n || sscanf(f[2], "%lu:%lu", &r->major, &r->minor) != 2)
		return -1;
	r->id = strtoul(f[0], NULL, 10);
	r->parent_id = strtoul(f[1], NULL, 10);
	for (i = 6; i < dash; i++) {
		if (!strncmp(f[i], "shared:", 7))
			r->shared = strtoul(f[i] + 7, NULL, 10);
		else if (!strncmp(f[i], "master:", 7))
			r->master = strtoul(f[i] + 7, NULL, 10);
	}
	r->text[MOUNT_ROOT] = f[3];
	r->text[MOUNT_POINT] = f[4];
	r->text[MOUNT_OPTIONS] = f[5];	/* not unescaped, as usip-watcher.mjs leaves it */
	r->text[MOUNT_FS_TYPE] = f[dash + 1];
	r->text[MOUNT_SOURCE] = dash + 2 < n ? f[dash + 2] : "";
	r->text[MOUNT_SUPER_OPTIONS] = dash + 3 < n ? f[dash + 3] : "";
	for (i = 0; i < MOUNT_TEXTS; i++)
		if (i != MOUNT_OPTIONS)
			unescape(r->text[i]);
	return 0;
}

/* The first field where m and r differ, written into out; 0 when none does. */
static int differs(const struct mount *m, const struct row *r, char *out, size_t size)
{
	const struct {
		const char *name;
		unsigned long usip, mountinfo;
	} numbers[] = {
		{ "parentId", m->parent_id, r->parent_id }, { "major", m->major, r->major },
		{ "minor", m->minor, r->minor },	    { "shared", m->shared, r->shared },
		{ "master", m->master, r->master },
	};
	size_t i;

	for (i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++)
		if (numbers[i].usip != numbers[i].mountinfo) {
			snprintf(out, size, "id %lu %s: usip %lu, mountinfo %lu", r->id,
				 numbers[i].name, numbers[i].usip, numbers[i].mountinfo);
			return 1;
		}
	for (i = 0; i < MOUNT_TEXTS; i++)
		if (strcmp(m->text[i], r->text[i])) {
			snprintf(out, size, "id %lu %s: usip '%.200s', mountinfo '%.200s'", r->id,
				 mount_text_names[i], m->text[i], r->text[i]);
			return 1;
		}
	return 0;
}

int mountinfo_load(struct mount_table *t)
{
	char *text = read_mountinfo(), *line, *save = NULL;
	struct mount_fields f;
	struct row row;
	int i, err = 0;

	if (!text)
		return -errno;
	for (line = strtok_r(text, "\n", &save); line && !err; line = strtok_r(NULL, "\n", &save)) {
		if (parse_row(line, &row)) {
			err = -EPROTO;
			break;
		}
		f = (struct mount_fields){ .id = row.id, .parent_id = row.parent_id,
					   .major = row.major, .minor = row.minor,
					   .shared = row.shared, .master = row.master };
		for (i = 0; i < MOUNT_TEXTS; i++) {
			f.text[i] = row.text[i];
			f.len[i] = strlen(row.text[i]);
		}
		err = mount_table_put(t, &f);
	}
	free(text);
	return err;
}

int mountinfo_check(struct mount_table *t, struct check_result *r)
{
	static uint32_t stamp;
	char *text = read_mountinfo(), *line, *save = NULL;
	struct mount *m;
	struct row row;
	size_t i;

	if (!text)
		return -errno;
	stamp++;
	r->same = 1;
	r->mountinfo_size = 0;
	strcpy(r->first_difference, "null");
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		r->mountinfo_size++;
		if (!r->same)
			continue;
		if (parse_row(line, &row)) {
			snprintf(r->first_difference, sizeof(r->first_difference),
				 "unparsed mountinfo line %zu", r->mountinfo_size);
			r->same = 0;
			continue;
		}
		m = mount_table_get(t, (uint32_t)row.id);
		if (!m) {
			snprintf(r->first_difference, sizeof(r->first_difference),
				 "id %lu at '%.200s' not in the usip table", row.id, row.text[MOUNT_POINT]);
			r->same = 0;
		} else if (differs(m, &row, r->first_difference, sizeof(r->first_difference))) {
			r->same = 0;
		}
		if (m)
			m->mark = stamp;
	}
	free(text);
	for (i = 0; r->same && i < t->n_buckets; i++)
		for (m = t->buckets[i]; m && r->same; m = m->next)
			if (m->mark != stamp) {
				snprintf(r->first_difference, sizeof(r->first_difference),
					 "id %u at '%.200s' not in mountinfo", m->id, m->text[MOUNT_POINT]);
				r->same = 0;
			}
	return 0;
}
