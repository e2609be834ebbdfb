// SPDX-License-Identifier: GPL-2.0
/*
 * Reading and parsing mountinfo. Reading the proc file rather than walking the namespace
 * keeps the module off private structures (struct mount, struct mnt_namespace) and gives
 * exactly what the caller could read itself: its namespace, relative to its root.
 */
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/sched/signal.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "usip.h"
#include "usip-mountinfo.h"

#define USIP_MOUNTINFO_FIRST	(64 * 1024)
#define USIP_MOUNTINFO_MAX	(256 * 1024 * 1024)

static int usip_mountinfo_grow(struct usip_mountinfo *mi, size_t *cap)
{
	size_t bigger = *cap * 2;
	char *buf;

	if (bigger > USIP_MOUNTINFO_MAX)
		return -EFBIG;
	buf = kvmalloc(bigger, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	memcpy(buf, mi->buf, mi->len);
	kvfree(mi->buf);
	mi->buf = buf;
	*cap = bigger;
	return 0;
}

int usip_mountinfo_read(struct usip_mountinfo *mi)
{
	size_t cap = USIP_MOUNTINFO_FIRST;
	struct file *file;
	loff_t pos = 0;
	ssize_t n;
	int err = 0;

	memset(mi, 0, sizeof(*mi));
	file = filp_open("/proc/thread-self/mountinfo", O_RDONLY, 0);
	if (IS_ERR(file))
		return PTR_ERR(file);
	mi->buf = kvmalloc(cap, GFP_KERNEL);
	if (!mi->buf) {
		err = -ENOMEM;
		goto out;
	}
	for (;;) {
		if (cap - mi->len < PAGE_SIZE + 1) {
			err = usip_mountinfo_grow(mi, &cap);
			if (err)
				break;
		}
		n = kernel_read(file, mi->buf + mi->len, cap - mi->len - 1, &pos);
		if (n <= 0) {
			err = n;
			break;
		}
		mi->len += n;
		if (fatal_signal_pending(current)) {
			err = -EINTR;
			break;
		}
	}
out:
	filp_close(file, NULL);
	if (err) {
		usip_mountinfo_free(mi);
		return err;
	}
	mi->buf[mi->len] = '\0';
	return 0;
}

void usip_mountinfo_free(struct usip_mountinfo *mi)
{
	kvfree(mi->buf);
	mi->buf = NULL;
	mi->len = 0;
	mi->pos = 0;
}

/* mountinfo escapes space, tab, newline and backslash as \ooo; undo it in place. */
static char *usip_unescape(char *s)
{
	char *r = s, *w = s;

	while (*r) {
		if (r[0] == '\\' && r[1] >= '0' && r[1] <= '3' && r[2] >= '0' && r[2] <= '7' &&
		    r[3] >= '0' && r[3] <= '7') {
			*w++ = ((r[1] - '0') << 6) | ((r[2] - '0') << 3) | (r[3] - '0');
			r += 4;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
	return s;
}

const char *usip_mountinfo_devname(struct super_block *sb, struct dentry *root, char *buf,
				   size_t size)
{
	struct seq_file m = { .buf = buf, .size = size };

	if (!buf || !sb->s_op->show_devname || sb->s_op->show_devname(&m, root) || m.count >= size)
		return NULL;
	buf[m.count] = '\0';
	return usip_unescape(buf);
}

static char *usip_field(char **line)
{
	char *f = strsep(line, " ");

	return f ? usip_unescape(f) : NULL;
}

static bool usip_has_option(const char *opts, const char *name)
{
	size_t n = strlen(name);
	const char *p = opts;

	while (p && *p) {
		if (!strncmp(p, name, n) && (p[n] == ',' || p[n] == '\0'))
			return true;
		p = strchr(p, ',');
		if (p)
			p++;
	}
	return false;
}

static u32 usip_mount_flags(const char *opts)
{
	static const struct {
		const char *name;
		u32 flag;
	} table[] = {
		{ "ro", USIP_MOUNT_READONLY },
		{ "nosuid", USIP_MOUNT_NOSUID },
		{ "nodev", USIP_MOUNT_NODEV },
		{ "noexec", USIP_MOUNT_NOEXEC },
		{ "noatime", USIP_MOUNT_NOATIME },
		{ "nodiratime", USIP_MOUNT_NODIRATIME },
		{ "relatime", USIP_MOUNT_RELATIME },
		{ "nosymfollow", USIP_MOUNT_NOSYMFOLLOW },
	};
	u32 flags = 0;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(table); i++)
		if (usip_has_option(opts, table[i].name))
			flags |= table[i].flag;
	return flags;
}

/* "TAG:N" into @value; false when @f is not that tag. */
static bool usip_tag_value(const char *f, const char *tag, u32 *value)
{
	size_t n = str_has_prefix(f, tag);

	return n && !kstrtou32(f + n, 10, value);
}

/* One optional field ("shared:N", "master:N", "propagate_from:N", "unbindable"). */
static void usip_optional_field(const char *f, struct usip_mount_info *m)
{
	if (usip_tag_value(f, "shared:", &m->shared_group) ||
	    usip_tag_value(f, "master:", &m->master_group) ||
	    usip_tag_value(f, "propagate_from:", &m->propagate_from))
		return;
	if (!strcmp(f, "unbindable"))
		m->flags |= USIP_MOUNT_UNBINDABLE;
}

static int usip_parse_line(char *line, struct usip_mount_info *m)
{
	char *id, *parent, *dev, *minor, *f;

	memset(m, 0, sizeof(*m));
	id = usip_field(&line);
	parent = usip_field(&line);
	dev = usip_field(&line);
	m->root = usip_field(&line);
	m->mount_point = usip_field(&line);
	m->mount_options = usip_field(&line);
	if (!m->mount_options || !dev)
		return -EPROTO;
	minor = strchr(dev, ':');
	if (!minor)
		return -EPROTO;
	*minor++ = '\0';
	if (kstrtou32(id, 10, &m->id) || kstrtou32(parent, 10, &m->parent_id) ||
	    kstrtou32(dev, 10, &m->dev_major) || kstrtou32(minor, 10, &m->dev_minor))
		return -EPROTO;
	m->flags = usip_mount_flags(m->mount_options);
	for (;;) {
		f = usip_field(&line);
		if (!f)
			return -EPROTO;
		if (!strcmp(f, "-"))
			break;
		usip_optional_field(f, m);
	}
	m->fs_type = usip_field(&line);
	m->source = usip_field(&line);
	m->super_options = usip_field(&line);
	return m->super_options ? 0 : -EPROTO;
}

int usip_mountinfo_next(struct usip_mountinfo *mi, struct usip_mount_info *m)
{
	char *line, *end;
	int err;

	while (mi->pos < mi->len) {
		line = mi->buf + mi->pos;
		end = strchrnul(line, '\n');
		mi->pos = end - mi->buf + (*end ? 1 : 0);
		*end = '\0';
		if (!*line)
			continue;
		err = usip_parse_line(line, m);
		return err ? err : 1;
	}
	return 0;
}
