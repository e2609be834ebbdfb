/** Sizes and alignment from <linux/netlink.h>. */
export const NLMSG_HDRLEN = 16;
export const NLA_HDRLEN = 4;
export const NLMSG_ALIGNTO = 4;
/** nla_len and nlmsg attribute lengths are 16 bits wide. */
export const NLA_MAX_LEN = 0xffff;

export function nlAlign(n: number): number {
  return (n + 3) & ~3;
}

/** Control message types (nlmsg_type < NLMSG_MIN_TYPE). */
export const NlMsgType = {
  NOOP: 1,
  ERROR: 2,
  DONE: 3,
  OVERRUN: 4,
  MIN_TYPE: 0x10,
} as const;

/** nlmsg_flags. Values above 0xff mean different things for GET, NEW, DELETE and ACK. */
export const NlmF = {
  REQUEST: 0x01,
  MULTI: 0x02,
  ACK: 0x04,
  ECHO: 0x08,
  DUMP_INTR: 0x10,
  DUMP_FILTERED: 0x20,
  // GET requests
  ROOT: 0x100,
  MATCH: 0x200,
  ATOMIC: 0x400,
  DUMP: 0x300,
  // NEW requests
  REPLACE: 0x100,
  EXCL: 0x200,
  CREATE: 0x400,
  APPEND: 0x800,
  // DELETE requests
  NONREC: 0x100,
  BULK: 0x200,
  // ACK messages
  CAPPED: 0x100,
  ACK_TLVS: 0x200,
} as const;

export const NLA_F_NESTED = 0x8000;
export const NLA_F_NET_BYTEORDER = 0x4000;
export const NLA_TYPE_MASK = ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER) & 0xffff;

/** Extended ACK TLVs carried after struct nlmsgerr (enum nlmsgerr_attrs). */
export const NlMsgErrAttr = {
  UNUSED: 0,
  MSG: 1,
  OFFS: 2,
  COOKIE: 3,
  POLICY: 4,
  MISS_TYPE: 5,
  MISS_NEST: 6,
} as const;

/** AF_NETLINK protocol numbers. */
export const NetlinkProtocol = {
  ROUTE: 0,
  UNUSED: 1,
  USERSOCK: 2,
  FIREWALL: 3,
  SOCK_DIAG: 4,
  NFLOG: 5,
  XFRM: 6,
  SELINUX: 7,
  ISCSI: 8,
  AUDIT: 9,
  FIB_LOOKUP: 10,
  CONNECTOR: 11,
  NETFILTER: 12,
  IP6_FW: 13,
  DNRTMSG: 14,
  KOBJECT_UEVENT: 15,
  GENERIC: 16,
  SCSITRANSPORT: 18,
  ECRYPTFS: 19,
  RDMA: 20,
  CRYPTO: 21,
  SMC: 22,
} as const;

export const SOL_NETLINK = 270;

/** SOL_NETLINK socket options. */
export const NetlinkSockOpt = {
  ADD_MEMBERSHIP: 1,
  DROP_MEMBERSHIP: 2,
  PKTINFO: 3,
  BROADCAST_ERROR: 4,
  NO_ENOBUFS: 5,
  RX_RING: 6,
  TX_RING: 7,
  LISTEN_ALL_NSID: 8,
  LIST_MEMBERSHIPS: 9,
  CAP_ACK: 10,
  EXT_ACK: 11,
  GET_STRICT_CHK: 12,
} as const;
