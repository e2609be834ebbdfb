// SPDX-License-Identifier: GPL-2.0
/*
 * The listener registry: EVENT_REGISTER / EVENT_UNREGISTER, clean-up when the registering
 * socket is released (NETLINK_URELEASE also covers a process that dies), and matching
 * queued events against listeners. Everything here runs in process context under a mutex.
 */
#include <linux/mutex.h>
#include <linux/netlink.h>
#include <linux/notifier.h>
#include <linux/slab.h>
#include <net/genetlink.h>

#include "usip.h"
#include "usip-listener.h"
#include "usip-records.h"

static LIST_HEAD(usip_listeners);
static DEFINE_MUTEX(usip_listeners_lock);
static u32 usip_next_id;
/* Listeners holding a notifier of each type (all, and GLOBAL ones): cheap checks for sources. */
static atomic_t usip_nr_of_type[USIP_EVENT_TYPE_STORAGE + 1];
static atomic_t usip_nr_global_of_type[USIP_EVENT_TYPE_STORAGE + 1];

bool usip_listeners_of_type(u32 type)
{
	return type <= USIP_EVENT_TYPE_STORAGE && atomic_read(&usip_nr_of_type[type]);
}

bool usip_global_listeners_of_type(u32 type)
{
	return type <= USIP_EVENT_TYPE_STORAGE && atomic_read(&usip_nr_global_of_type[type]);
}

static bool usip_listener_has_type(const struct usip_listener *l, u32 type)
{
	unsigned int i;

	for (i = 0; i < l->n; i++)
		if (l->notifiers[i].type == type)
			return true;
	return false;
}

static void usip_listener_count(const struct usip_listener *l, int delta)
{
	u32 type;
	int now;

	for (type = USIP_EVENT_TYPE_MTAB; type <= USIP_EVENT_TYPE_STORAGE; type++) {
		if (!usip_listener_has_type(l, type))
			continue;
		now = atomic_add_return(delta, &usip_nr_of_type[type]);
		/* The first storage listener arms the write hooks, the last one disarms them. */
		if (type == USIP_EVENT_TYPE_STORAGE && now == (delta > 0 ? 1 : 0))
			usip_hooks_storage_wanted(delta > 0);
		if (l->flags & USIP_FLAGS_LISTENER_GLOBAL)
			atomic_add(delta, &usip_nr_global_of_type[type]);
	}
	atomic_add(delta, &usip_stats.listeners);
}

/* A listener of its namespace's changes keeps that namespace's log (usip_log_pin()). */
static void usip_listener_unpin(const struct usip_listener *l)
{
	if (!(l->flags & USIP_FLAGS_LISTENER_GLOBAL) &&
	    usip_listener_has_type(l, USIP_EVENT_TYPE_MTAB))
		usip_log_unpin(l->mnt_ns);
}

/* Unlink and free; the caller holds usip_listeners_lock. */
static void usip_listener_destroy(struct usip_listener *l)
{
	usip_listener_unpin(l);
	list_del(&l->node);
	usip_listener_count(l, -1);
	nlmsg_free(l->batch);	/* NULL: the delivery work flushes before it drops the lock */
	put_net(l->net);
	kfree(l);
}

static bool usip_action_valid(u32 type, u32 action)
{
	if (action == USIP_NOTIFY_UNSPEC)
		return true;
	if (type == USIP_EVENT_TYPE_STORAGE)
		return action == USIP_NOTIFY_ENOSPC || action == USIP_NOTIFY_EDQUOT;
	return action == USIP_NOTIFY_MOUNT || action == USIP_NOTIFY_UMOUNT ||
	       action == USIP_NOTIFY_MOVE || action == USIP_NOTIFY_ATTR;
}

static int usip_parse_notifier(const struct nlattr *nest, struct usip_notifier *n,
			       struct netlink_ext_ack *extack)
{
	struct nlattr *tb[USIP_NOTIFIER_A_MAX + 1];
	int err;

	err = nla_parse_nested(tb, USIP_NOTIFIER_A_MAX, nest, usip_notifier_nl_policy, extack);
	if (err)
		return err;
	if (!tb[USIP_NOTIFIER_A_TYPE]) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "notifier without a type");
		return -EINVAL;
	}
	n->type = nla_get_u32(tb[USIP_NOTIFIER_A_TYPE]);
	if (n->type != USIP_EVENT_TYPE_MTAB && n->type != USIP_EVENT_TYPE_STORAGE) {
		NL_SET_ERR_MSG_ATTR(extack, tb[USIP_NOTIFIER_A_TYPE], "notifier type must be mtab or storage");
		return -EINVAL;
	}
	n->action = tb[USIP_NOTIFIER_A_ACTION] ? nla_get_u32(tb[USIP_NOTIFIER_A_ACTION]) : 0;
	if (!usip_action_valid(n->type, n->action)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[USIP_NOTIFIER_A_ACTION], "action does not belong to this event type");
		return -EINVAL;
	}
	n->cmd = tb[USIP_NOTIFIER_A_CMD] ? nla_get_u8(tb[USIP_NOTIFIER_A_CMD]) : 0;
	if (n->cmd > USIP_CMD_MAX) {
		NL_SET_ERR_MSG_ATTR(extack, tb[USIP_NOTIFIER_A_CMD], "cmd is not a USIP command");
		return -EINVAL;
	}
	n->flags = tb[USIP_NOTIFIER_A_FLAGS] ? nla_get_u32(tb[USIP_NOTIFIER_A_FLAGS]) :
					       USIP_FLAGS_NOTIFIER_NOTIFY;
	return 0;
}

static struct usip_listener *usip_parse_listener(const struct nlattr *notifiers,
						 struct netlink_ext_ack *extack)
{
	struct usip_listener *l;
	const struct nlattr *pos;
	unsigned int n = 0;
	int rem, err;

	nla_for_each_nested(pos, notifiers, rem)
		n++;
	if (!n || n > USIP_MAX_NOTIFIERS) {
		NL_SET_ERR_MSG_ATTR(extack, notifiers, "a listener holds 1 to USIP_MAX_NOTIFIERS notifiers");
		return ERR_PTR(n ? -E2BIG : -EINVAL);
	}
	l = kzalloc(struct_size(l, notifiers, n), GFP_KERNEL);
	if (!l)
		return ERR_PTR(-ENOMEM);
	nla_for_each_nested(pos, notifiers, rem) {
		err = usip_parse_notifier(pos, &l->notifiers[l->n], extack);
		if (err) {
			kfree(l);
			return ERR_PTR(err);
		}
		l->n++;
	}
	return l;
}

static int usip_register_reply(struct genl_info *info, const struct usip_listener *l)
{
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &usip_family, 0, USIP_CMD_EVENT_REGISTER);
	if (!hdr || nla_put_s32(msg, USIP_A_STATUS, 0) ||
	    nla_put_u32(msg, USIP_A_EVENT_ID, l->id) ||
	    nla_put_u32(msg, USIP_A_EVENT_GROUP, l->mnt_ns.inum)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

int usip_nl_event_register_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct usip_listener *l;
	u32 flags = 0;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, USIP_A_EVENT_NOTIFIERS)) {
		NL_SET_ERR_MSG(info->extack, "event-notifiers is required");
		return -EINVAL;
	}
	if (info->attrs[USIP_A_EVENT_FLAGS])
		flags = nla_get_u32(info->attrs[USIP_A_EVENT_FLAGS]);
	if ((flags & USIP_FLAGS_LISTENER_GLOBAL) && !netlink_capable(skb, CAP_SYS_ADMIN)) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[USIP_A_EVENT_FLAGS],
				    "a GLOBAL listener sees every mount namespace: it needs CAP_SYS_ADMIN");
		return -EPERM;
	}
	l = usip_parse_listener(info->attrs[USIP_A_EVENT_NOTIFIERS], info->extack);
	if (IS_ERR(l))
		return PTR_ERR(l);
	l->flags = flags;
	l->portid = info->snd_portid;
	l->privileged = netlink_ns_capable(skb, net->user_ns, CAP_SYS_ADMIN);
	if (!(flags & USIP_FLAGS_LISTENER_GLOBAL)) {
		l->mnt_ns = usip_current_mnt_ns();
		err = l->mnt_ns.inum ? 0 : -ENOENT;
		if (err)
			NL_SET_ERR_MSG(info->extack, "cannot determine the caller's mount namespace (is /proc mounted?)");
		else if (usip_listener_has_type(l, USIP_EVENT_TYPE_MTAB))
			err = usip_log_pin(l->mnt_ns);
		if (err) {
			kfree(l);
			return err;
		}
	}

	mutex_lock(&usip_listeners_lock);
	if (atomic_read(&usip_stats.listeners) >= USIP_MAX_LISTENERS) {
		mutex_unlock(&usip_listeners_lock);
		usip_listener_unpin(l);
		kfree(l);
		NL_SET_ERR_MSG(info->extack, "too many listeners in the system");
		return -ENOSPC;
	}
	l->id = ++usip_next_id;
	l->net = get_net(net);
	list_add_tail(&l->node, &usip_listeners);
	usip_listener_count(l, 1);
	/* Reply under the lock: the listener cannot be released before its id is sent. */
	err = usip_register_reply(info, l);
	mutex_unlock(&usip_listeners_lock);
	return err;
}

int usip_nl_event_unregister_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct usip_listener *l, *found = NULL;
	u32 id, group;
	int err = 0;

	if (GENL_REQ_ATTR_CHECK(info, USIP_A_EVENT_GROUP) ||
	    GENL_REQ_ATTR_CHECK(info, USIP_A_EVENT_ID)) {
		NL_SET_ERR_MSG(info->extack, "event-group and event-id are required");
		return -EINVAL;
	}
	group = nla_get_u32(info->attrs[USIP_A_EVENT_GROUP]);
	id = nla_get_u32(info->attrs[USIP_A_EVENT_ID]);

	mutex_lock(&usip_listeners_lock);
	list_for_each_entry(l, &usip_listeners, node) {
		if (l->id == id && l->mnt_ns.inum == group) {
			found = l;
			break;
		}
	}
	if (!found) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[USIP_A_EVENT_ID],
				    "no listener with this event-group and event-id");
		err = -ENOENT;
	} else if (found->portid != info->snd_portid ||
		   !net_eq(found->net, genl_info_net(info))) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[USIP_A_EVENT_ID],
				    "the listener belongs to another socket");
		err = -EPERM;
	} else {
		usip_listener_destroy(found);
	}
	mutex_unlock(&usip_listeners_lock);
	return err;
}

/* A netlink socket went away: its listeners go with it. */
static int usip_netlink_event(struct notifier_block *nb, unsigned long event, void *ptr)
{
	struct netlink_notify *n = ptr;
	struct usip_listener *l, *tmp;

	if (event != NETLINK_URELEASE || n->protocol != NETLINK_GENERIC)
		return NOTIFY_DONE;
	mutex_lock(&usip_listeners_lock);
	list_for_each_entry_safe(l, tmp, &usip_listeners, node)
		if (l->portid == n->portid && net_eq(l->net, n->net))
			usip_listener_destroy(l);
	mutex_unlock(&usip_listeners_lock);
	return NOTIFY_DONE;
}

static struct notifier_block usip_netlink_notifier = {
	.notifier_call = usip_netlink_event,
};

int usip_listeners_init(void)
{
	return netlink_register_notifier(&usip_netlink_notifier);
}

void usip_listeners_exit(void)
{
	struct usip_listener *l, *tmp;

	netlink_unregister_notifier(&usip_netlink_notifier);
	mutex_lock(&usip_listeners_lock);
	list_for_each_entry_safe(l, tmp, &usip_listeners, node)
		usip_listener_destroy(l);
	mutex_unlock(&usip_listeners_lock);
}

static const struct usip_notifier *usip_match(const struct usip_listener *l, u32 type,
					      u32 action, bool *kern_log)
{
	const struct usip_notifier *notify = NULL;
	unsigned int i;

	for (i = 0; i < l->n; i++) {
		const struct usip_notifier *n = &l->notifiers[i];

		if (n->type != type || (n->action && n->action != action))
			continue;
		if (n->flags & USIP_FLAGS_NOTIFIER_KERN_LOG)
			*kern_log = true;
		if ((n->flags & USIP_FLAGS_NOTIFIER_NOTIFY) && !notify)
			notify = n;
	}
	return notify;
}

/* Pack @e into the pending datagram of every listener it matches; the caller holds the lock. */
static void usip_deliver_one(const struct usip_event *e)
{
	struct usip_ns mnt_ns;
	u32 action;
	const struct usip_notifier *n;
	struct usip_listener *l;
	bool kern_log = false;

	if (e->type == USIP_EVENT_TYPE_MTAB) {
		mnt_ns = e->change->mnt_ns;
		action = e->change->action;
	} else {
		mnt_ns = e->storage->ev.mnt_ns;
		action = e->storage->ev.action;
	}
	list_for_each_entry(l, &usip_listeners, node) {
		if (!(l->flags & USIP_FLAGS_LISTENER_GLOBAL) && !usip_ns_eq(l->mnt_ns, mnt_ns))
			continue;
		n = usip_match(l, e->type, action, &kern_log);
		if (!n)
			continue;
		if (l->lost[e->type])
			usip_notify_lost(l, e->type);
		usip_notify_event(l, e, n->cmd);
	}
	if (kern_log)
		usip_kern_log(e);
}

/*
 * Deliver a run of queued events. Each listener's notifications go out packed several to a
 * datagram: during a burst of changes a reader wakes and calls recvmsg once per datagram, not
 * once per record. Every datagram is sent before this returns.
 */
void usip_listeners_deliver(struct list_head *events)
{
	struct usip_listener *l;
	struct usip_event *e;

	mutex_lock(&usip_listeners_lock);
	list_for_each_entry(e, events, node)
		usip_deliver_one(e);
	list_for_each_entry(l, &usip_listeners, node)
		usip_notify_flush(l);
	mutex_unlock(&usip_listeners_lock);
}

void usip_listeners_lost(u32 type, u64 count)
{
	struct usip_listener *l;

	mutex_lock(&usip_listeners_lock);
	list_for_each_entry(l, &usip_listeners, node) {
		if (!usip_listener_has_type(l, type))
			continue;
		l->lost[type] += count;
		usip_notify_lost(l, type);
	}
	mutex_unlock(&usip_listeners_lock);
}
