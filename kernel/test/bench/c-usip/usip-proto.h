/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The USIP requests and notifications the C watcher uses, every number from the generated
 * UAPI header (kernel/include/uapi/linux/usip.h): an mtab listener, the MTAB_GET dump, and
 * the walk over a datagram of MTAB_NOTIFY / LOST_EVENTS messages.
 */
#ifndef USIP_BENCH_USIP_PROTO_H
#define USIP_BENCH_USIP_PROTO_H

#include <linux/usip.h>

#include "genl.h"
#include "mount-table.h"

struct usip_conn {
	struct genl_sock events;	/* joined to mcg_mtab, holds the listener */
	struct genl_sock requests;	/* dumps, so that a dump never waits behind notifications */
	uint16_t family;
	uint32_t mtab_group;
	uint32_t listener_id, listener_ns;
};

/*
 * Resolves the family, opens both sockets (the events one with an rcvbuf-byte queue), joins
 * mcg_mtab and registers a listener with one mtab notifier. 0 or -errno; *step names what failed.
 */
int usip_connect(struct usip_conn *c, int rcvbuf, const char **step);
/* EVENT_UNREGISTER from the socket that registered, then both sockets closed. */
void usip_disconnect(struct usip_conn *c);

/* Loads the caller's mount table with MTAB_GET into t (emptied first), t->seq its sequence. */
int usip_dump(struct usip_conn *c, struct mount_table *t);

/* A mount nest's fields; strings point into the message. */
void usip_mount_fields(const struct nlattr *nest, struct mount_fields *f);

/* What a datagram on the events socket tells the watcher, message by message. */
struct usip_handlers {
	/* A change record of our listener; returns 0, or -errno to stop the walk. */
	int (*change)(uint64_t seq, uint32_t action, const struct mount_fields *f, void *ctx);
	/* LOST_EVENTS for our listener: records are gone, the table must be reloaded. */
	int (*lost)(void *ctx);
	void *ctx;
};

/*
 * Walks every message of one datagram; messages of other listeners or families are skipped.
 * Returns the number of our notifications seen, or a handler's -errno.
 */
int usip_walk_datagram(const struct usip_conn *c, const char *buf, size_t len,
		       const struct usip_handlers *h);

#endif
