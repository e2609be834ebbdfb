// SPDX-License-Identifier: GPL-2.0
/* Copying events into self-contained records (any context: the caller passes the gfp). */
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>

#include "usip.h"
#include "usip-records.h"

/* Bytes a string takes in a record: bounded so one event cannot pin unbounded memory. */
static size_t usip_strsz(const char *s)
{
	return s ? strnlen(s, USIP_PATH_MAX - 1) + 1 : 0;
}

static const char *usip_strput(char **tail, const char *s)
{
	size_t n = usip_strsz(s);
	char *dst = *tail;

	if (!n)
		return NULL;
	memcpy(dst, s, n - 1);
	dst[n - 1] = '\0';
	*tail += n;
	return dst;
}

static size_t usip_mount_strsz(const struct usip_mount_info *m)
{
	return usip_strsz(m->root) + usip_strsz(m->mount_point) + usip_strsz(m->fs_type) +
	       usip_strsz(m->source) + usip_strsz(m->mount_options) +
	       usip_strsz(m->super_options);
}

static void usip_mount_copy(struct usip_mount_info *dst, const struct usip_mount_info *src,
			    char **tail)
{
	*dst = *src;
	dst->root = usip_strput(tail, src->root);
	dst->mount_point = usip_strput(tail, src->mount_point);
	dst->fs_type = usip_strput(tail, src->fs_type);
	dst->source = usip_strput(tail, src->source);
	dst->mount_options = usip_strput(tail, src->mount_options);
	dst->super_options = usip_strput(tail, src->super_options);
}

struct usip_change *usip_change_alloc(const struct usip_mtab_event *ev, gfp_t gfp)
{
	struct usip_change *c;
	char *tail;

	c = kzalloc(sizeof(*c) + usip_mount_strsz(ev->mnt), gfp);
	if (!c)
		return NULL;
	refcount_set(&c->ref, 1);
	INIT_LIST_HEAD(&c->log_node);
	c->time = ktime_get_real_ns();
	c->mnt_ns = ev->mnt_ns;
	c->action = ev->action;
	tail = c->data;
	usip_mount_copy(&c->mnt, ev->mnt, &tail);
	atomic_inc(&usip_stats.records);
	return c;
}

void usip_change_put(struct usip_change *c)
{
	if (c && refcount_dec_and_test(&c->ref)) {
		atomic_dec(&usip_stats.records);
		kfree(c);
	}
}

struct usip_storage_rec *usip_storage_alloc(const struct usip_storage_event *ev, gfp_t gfp)
{
	struct usip_storage_rec *s;
	char *tail;

	s = kzalloc(sizeof(*s) + usip_strsz(ev->mountpoint) + usip_strsz(ev->device) +
		    usip_strsz(ev->fstype), gfp);
	if (!s)
		return NULL;
	s->time = ktime_get_real_ns();
	s->ev = *ev;
	tail = s->data;
	s->ev.mountpoint = usip_strput(&tail, ev->mountpoint);
	s->ev.device = usip_strput(&tail, ev->device);
	s->ev.fstype = usip_strput(&tail, ev->fstype);
	if (ev->usage) {
		s->usage = *ev->usage;
		s->ev.usage = &s->usage;
	}
	return s;
}

void usip_storage_free(struct usip_storage_rec *s)
{
	kfree(s);
}

void usip_event_free(struct usip_event *e)
{
	usip_change_put(e->change);
	usip_storage_free(e->storage);
	kfree(e);
}
