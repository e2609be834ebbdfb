import {
  GENL_ADMIN_PERM,
  GENL_CMD_CAP_DO,
  GENL_CMD_CAP_DUMP,
  GENL_CMD_CAP_HASPOL,
  GENL_UNS_ADMIN_PERM,
} from './constants.js';

/** One command a family accepts (an entry of CTRL_ATTR_OPS). */
export interface GenlOp {
  cmd: number;
  /** Raw CTRL_ATTR_OP_FLAGS (GENL_ADMIN_PERM | GENL_CMD_CAP_* ...). */
  flags: number;
  /** Needs CAP_NET_ADMIN in the initial user namespace. */
  adminPerm: boolean;
  /** Needs CAP_NET_ADMIN in the socket's network namespace's user namespace. */
  unsAdminPerm: boolean;
  canDo: boolean;
  canDump: boolean;
  hasPolicy: boolean;
}

/** One multicast group of a family (an entry of CTRL_ATTR_MCAST_GROUPS). */
export interface GenlMcastGroup {
  name: string;
  /** Group number to pass to NETLINK_ADD_MEMBERSHIP; allocated globally by the kernel. */
  id: number;
}

/** A generic netlink family as nlctrl describes it. */
export interface GenlFamily {
  /** nlmsg_type to address the family with; changes when its module is reloaded. */
  id: number;
  name: string;
  version: number;
  /** Size of the family's fixed header after genlmsghdr (0 for almost all families). */
  hdrsize: number;
  /** Highest attribute type (0 for families with per-op policies). */
  maxattr: number;
  ops: GenlOp[];
  mcastGroups: GenlMcastGroup[];
}

/** Spreads an op's flag word into named booleans. */
export function opFromFlags(cmd: number, flags: number): GenlOp {
  return {
    cmd,
    flags,
    adminPerm: (flags & GENL_ADMIN_PERM) !== 0,
    unsAdminPerm: (flags & GENL_UNS_ADMIN_PERM) !== 0,
    canDo: (flags & GENL_CMD_CAP_DO) !== 0,
    canDump: (flags & GENL_CMD_CAP_DUMP) !== 0,
    hasPolicy: (flags & GENL_CMD_CAP_HASPOL) !== 0,
  };
}
