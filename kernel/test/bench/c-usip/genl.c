// SPDX-License-Identifier: GPL-2.0
/* Raw Generic Netlink for the C USIP watcher: see genl.h. */
#include "genl.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MSG_ATTRS(h) ((const char *)NLMSG_DATA(h) + GENL_HDRLEN)

int genl_open(struct genl_sock *s, int rcvbuf)
{
	struct sockaddr_nl addr = { .nl_family = AF_NETLINK };
	socklen_t len = sizeof(addr);
	int err;

	s->next_seq = 1;
	s->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (s->fd < 0)
		return -errno;
	if (rcvbuf > 0 && setsockopt(s->fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)))
		goto fail;
	if (bind(s->fd, (struct sockaddr *)&addr, sizeof(addr)) ||
	    getsockname(s->fd, (struct sockaddr *)&addr, &len))
		goto fail;
	s->port = addr.nl_pid;
	return 0;
fail:
	err = -errno;
	close(s->fd);
	s->fd = -1;
	return err;
}

void genl_close(struct genl_sock *s)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}

int genl_join(struct genl_sock *s, uint32_t group)
{
	return setsockopt(s->fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &group, sizeof(group)) ?
		       -errno : 0;
}

void genl_msg_init(struct genl_msg *m, uint16_t family, uint8_t version, uint8_t cmd,
		   uint16_t flags)
{
	struct genlmsghdr *g;

	memset(m->buf, 0, NLMSG_SPACE(GENL_HDRLEN));
	m->hdr.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	m->hdr.nlmsg_type = family;
	m->hdr.nlmsg_flags = NLM_F_REQUEST | flags;
	g = NLMSG_DATA(&m->hdr);
	g->cmd = cmd;
	g->version = version;
	m->depth = 0;
}

static struct nlattr *put(struct genl_msg *m, uint16_t type, const void *data, size_t len)
{
	struct nlattr *a = (struct nlattr *)(m->buf + NLMSG_ALIGN(m->hdr.nlmsg_len));

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	memcpy((char *)a + NLA_HDRLEN, data, len);
	memset((char *)a + a->nla_len, 0, NLA_ALIGN(a->nla_len) - a->nla_len);
	m->hdr.nlmsg_len = NLMSG_ALIGN(m->hdr.nlmsg_len) + NLA_ALIGN(a->nla_len);
	return a;
}

void genl_put_u8(struct genl_msg *m, uint16_t type, uint8_t v)
{
	put(m, type, &v, sizeof(v));
}

void genl_put_u32(struct genl_msg *m, uint16_t type, uint32_t v)
{
	put(m, type, &v, sizeof(v));
}

void genl_put_str(struct genl_msg *m, uint16_t type, const char *s)
{
	put(m, type, s, strlen(s) + 1);
}

void genl_nest_start(struct genl_msg *m, uint16_t type)
{
	m->nests[m->depth++] = put(m, type | NLA_F_NESTED, NULL, 0);
}

void genl_nest_end(struct genl_msg *m)
{
	struct nlattr *nest = m->nests[--m->depth];

	nest->nla_len = (char *)&m->hdr + m->hdr.nlmsg_len - (char *)nest;
}

/* The attribute after a in a block of len bytes starting at start, or NULL at its end. */
static const struct nlattr *next_attr(const void *start, size_t len, const struct nlattr *a)
{
	size_t at = a ? (size_t)((const char *)a - (const char *)start) + NLA_ALIGN(a->nla_len) : 0;

	if (at + NLA_HDRLEN > len)
		return NULL;
	a = (const struct nlattr *)((const char *)start + at);
	return a->nla_len >= NLA_HDRLEN && at + a->nla_len <= len ? a : NULL;
}

void genl_parse(struct genl_attrs *out, const void *data, size_t len)
{
	const struct nlattr *a = NULL;

	memset(out, 0, sizeof(*out));
	while ((a = next_attr(data, len, a))) {
		uint16_t type = a->nla_type & NLA_TYPE_MASK;

		if (type < GENL_MAX_ATTRS)
			out->a[type] = a;
	}
}

void genl_parse_msg(struct genl_attrs *out, const struct nlmsghdr *h)
{
	size_t head = NLMSG_LENGTH(GENL_HDRLEN);

	genl_parse(out, MSG_ATTRS(h), h->nlmsg_len > head ? h->nlmsg_len - head : 0);
}

void genl_parse_nest(struct genl_attrs *out, const struct nlattr *nest)
{
	genl_parse(out, (const char *)nest + NLA_HDRLEN, nest ? nest->nla_len - NLA_HDRLEN : 0);
}

uint16_t genl_u16(const struct nlattr *a, uint16_t absent)
{
	uint16_t v;

	if (!a || a->nla_len < NLA_HDRLEN + sizeof(v))
		return absent;
	memcpy(&v, (const char *)a + NLA_HDRLEN, sizeof(v));
	return v;
}

uint32_t genl_u32(const struct nlattr *a, uint32_t absent)
{
	uint32_t v;

	if (!a || a->nla_len < NLA_HDRLEN + sizeof(v))
		return absent;
	memcpy(&v, (const char *)a + NLA_HDRLEN, sizeof(v));
	return v;
}

uint64_t genl_u64(const struct nlattr *a, uint64_t absent)
{
	uint64_t v;

	if (!a || a->nla_len < NLA_HDRLEN + sizeof(v))
		return absent;
	memcpy(&v, (const char *)a + NLA_HDRLEN, sizeof(v));
	return v;
}

size_t genl_str(const struct nlattr *a, const char **s)
{
	size_t len;

	if (!a || a->nla_len <= NLA_HDRLEN) {
		*s = "";
		return 0;
	}
	*s = (const char *)a + NLA_HDRLEN;
	len = a->nla_len - NLA_HDRLEN;
	return (*s)[len - 1] == '\0' ? len - 1 : len;
}

/* Walks one datagram's messages that answer request `seq`; 1 when the answer is complete. */
static int answer_in(const char *buf, size_t len, uint32_t seq, genl_each_fn each, void *ctx,
		     int *err)
{
	const struct nlmsghdr *h;
	size_t left = len;

	for (h = (const void *)buf; NLMSG_OK(h, left); h = NLMSG_NEXT(h, left)) {
		if (h->nlmsg_seq != seq)
			continue; /* a notification, or a late answer to an earlier request */
		if (h->nlmsg_type == NLMSG_ERROR) {
			const struct nlmsgerr *e = NLMSG_DATA(h);

			*err = *err ? *err : e->error;
			return 1;
		}
		if (h->nlmsg_type == NLMSG_DONE) {
			int status;

			memcpy(&status, NLMSG_DATA(h), sizeof(status));
			*err = *err ? *err : status;
			return 1;
		}
		if (!*err && each)
			*err = each(h, ctx);
	}
	return 0;
}

int genl_transact(struct genl_sock *s, struct genl_msg *m, genl_each_fn each, void *ctx)
{
	static char buf[GENL_RECV_BUF] __attribute__((aligned(8)));
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	uint32_t seq = s->next_seq++;
	int err = 0;
	ssize_t got;

	m->hdr.nlmsg_seq = seq;
	if (!(m->hdr.nlmsg_flags & NLM_F_DUMP))
		m->hdr.nlmsg_flags |= NLM_F_ACK;
	if (sendto(s->fd, m->buf, m->hdr.nlmsg_len, 0, (struct sockaddr *)&kernel,
		   sizeof(kernel)) < 0)
		return -errno;
	for (;;) {
		got = recv(s->fd, buf, sizeof(buf), 0);
		if (got < 0 && (errno == EINTR || errno == ENOBUFS))
			continue; /* ENOBUFS: notifications lost, not our answer; the caller resyncs */
		if (got < 0)
			return -errno;
		if (answer_in(buf, (size_t)got, seq, each, ctx, &err))
			return err;
	}
}

struct resolve_ctx {
	const char *group;
	uint16_t family_id;
	uint32_t group_id;
};

static int on_family(const struct nlmsghdr *h, void *p)
{
	struct resolve_ctx *ctx = p;
	struct genl_attrs top, grp;
	const struct nlattr *groups, *g = NULL;
	const char *name;

	genl_parse_msg(&top, h);
	ctx->family_id = genl_u16(top.a[CTRL_ATTR_FAMILY_ID], 0);
	groups = top.a[CTRL_ATTR_MCAST_GROUPS];
	if (!groups)
		return 0;
	while ((g = next_attr((const char *)groups + NLA_HDRLEN, groups->nla_len - NLA_HDRLEN, g))) {
		genl_parse_nest(&grp, g);
		genl_str(grp.a[CTRL_ATTR_MCAST_GRP_NAME], &name);
		if (!strcmp(name, ctx->group))
			ctx->group_id = genl_u32(grp.a[CTRL_ATTR_MCAST_GRP_ID], 0);
	}
	return 0;
}

int genl_resolve(struct genl_sock *s, const char *family, const char *group, uint16_t *family_id,
		 uint32_t *group_id)
{
	struct resolve_ctx ctx = { .group = group };
	struct genl_msg m;
	int err;

	genl_msg_init(&m, GENL_ID_CTRL, 1, CTRL_CMD_GETFAMILY, 0);
	genl_put_str(&m, CTRL_ATTR_FAMILY_NAME, family);
	err = genl_transact(s, &m, on_family, &ctx);
	if (err)
		return err;
	if (!ctx.family_id || !ctx.group_id)
		return -ENOENT;
	*family_id = ctx.family_id;
	*group_id = ctx.group_id;
	return 0;
}
