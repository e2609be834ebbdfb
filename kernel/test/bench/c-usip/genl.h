/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Raw Generic Netlink for the C USIP watcher (no libnl, no libmnl): a socket, a message
 * builder, an attribute walker, request/reply and dump loops, and nlctrl's family lookup.
 */
#ifndef USIP_BENCH_GENL_H
#define USIP_BENCH_GENL_H

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <stddef.h>
#include <stdint.h>

/* Bigger than any datagram the kernel sends us: dump skbs are at most 32 KiB. */
#define GENL_RECV_BUF (64 * 1024)

struct genl_sock {
	int fd;
	uint32_t port;		/* our port id, as the kernel bound it */
	uint32_t next_seq;
};

/* One request being built in a fixed buffer (our requests are a few hundred bytes). */
struct genl_msg {
	union {
		struct nlmsghdr hdr;
		char buf[1024];
	};
	struct nlattr *nests[4];
	int depth;
};

/* 0 or -errno. rcvbuf > 0: ask that queue size with SO_RCVBUFFORCE (root only). */
int genl_open(struct genl_sock *s, int rcvbuf);
void genl_close(struct genl_sock *s);
int genl_join(struct genl_sock *s, uint32_t group);

void genl_msg_init(struct genl_msg *m, uint16_t family, uint8_t version, uint8_t cmd,
		   uint16_t flags);
void genl_put_u8(struct genl_msg *m, uint16_t type, uint8_t v);
void genl_put_u32(struct genl_msg *m, uint16_t type, uint32_t v);
void genl_put_str(struct genl_msg *m, uint16_t type, const char *s);
void genl_nest_start(struct genl_msg *m, uint16_t type);
void genl_nest_end(struct genl_msg *m);

/* The attributes of one message or nest, indexed by type (types above max are ignored). */
#define GENL_MAX_ATTRS 48
struct genl_attrs {
	const struct nlattr *a[GENL_MAX_ATTRS];
};
void genl_parse(struct genl_attrs *out, const void *data, size_t len);
void genl_parse_msg(struct genl_attrs *out, const struct nlmsghdr *h);
void genl_parse_nest(struct genl_attrs *out, const struct nlattr *nest);
uint16_t genl_u16(const struct nlattr *a, uint16_t absent);
uint32_t genl_u32(const struct nlattr *a, uint32_t absent);
uint64_t genl_u64(const struct nlattr *a, uint64_t absent);
/* The string's length without its NUL; *s points into the message. */
size_t genl_str(const struct nlattr *a, const char **s);

/*
 * Called for each message of the reply to our request (other messages, such as multicast
 * notifications queued meanwhile, are skipped); returns 0 to go on, -errno to stop.
 */
typedef int (*genl_each_fn)(const struct nlmsghdr *h, void *ctx);

/*
 * Sends m and reads the answer to it: a dump's messages up to NLMSG_DONE, or a reply and its
 * ack. 0, or the kernel's -errno, or a local -errno.
 */
int genl_transact(struct genl_sock *s, struct genl_msg *m, genl_each_fn each, void *ctx);

/* nlctrl CTRL_CMD_GETFAMILY: the family's id and the id of one of its multicast groups. */
int genl_resolve(struct genl_sock *s, const char *family, const char *group, uint16_t *family_id,
		 uint32_t *group_id);

#endif
