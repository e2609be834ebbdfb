import {
  getString,
  getU16,
  getU32,
  type NetlinkMessage,
  parseAttrs,
  parseNestedArray,
} from '@usip/netlink-core';
import {
  CTRL_ATTR_FAMILY_ID,
  CTRL_ATTR_FAMILY_NAME,
  CTRL_ATTR_HDRSIZE,
  CTRL_ATTR_MAXATTR,
  CTRL_ATTR_MCAST_GROUPS,
  CTRL_ATTR_MCAST_GRP_ID,
  CTRL_ATTR_MCAST_GRP_NAME,
  CTRL_ATTR_OP_FLAGS,
  CTRL_ATTR_OP_ID,
  CTRL_ATTR_OPS,
  CTRL_ATTR_VERSION,
  GENL_HDRLEN,
  GENL_ID_CTRL,
} from './constants.js';
import { GenlDecodeError } from './errors.js';
import { type GenlFamily, type GenlMcastGroup, type GenlOp, opFromFlags } from './family.js';
import { decodeGenlHeader } from './header.js';

/**
 * Decodes an nlctrl family message: the reply to CTRL_CMD_GETFAMILY (do or dump) and the
 * CTRL_CMD_NEW/DELFAMILY and NEW/DELMCAST_GRP notifications, which share its attributes.
 * A notification may carry only some fields; absent numbers decode as 0, absent lists as [].
 */
export function decodeFamilyMessage(message: NetlinkMessage): GenlFamily {
  if (message.type !== GENL_ID_CTRL) {
    throw new GenlDecodeError(`message type ${message.type} is not nlctrl (${GENL_ID_CTRL})`);
  }
  decodeGenlHeader(message.payload);
  const attrs = parseAttrs(message.payload, GENL_HDRLEN);
  const id = attrs.get(CTRL_ATTR_FAMILY_ID);
  const name = attrs.get(CTRL_ATTR_FAMILY_NAME);
  if (!id || !name) {
    throw new GenlDecodeError('nlctrl family message lacks CTRL_ATTR_FAMILY_ID or _NAME');
  }
  const optionalU32 = (type: number): number => {
    const value = attrs.get(type);
    return value ? getU32(value) : 0;
  };
  const ops = attrs.get(CTRL_ATTR_OPS);
  const groups = attrs.get(CTRL_ATTR_MCAST_GROUPS);
  return {
    id: getU16(id),
    name: getString(name),
    version: optionalU32(CTRL_ATTR_VERSION),
    hdrsize: optionalU32(CTRL_ATTR_HDRSIZE),
    maxattr: optionalU32(CTRL_ATTR_MAXATTR),
    ops: ops ? parseNestedArray(ops).map(decodeOp) : [],
    mcastGroups: groups ? parseNestedArray(groups).map(decodeMcastGroup) : [],
  };
}

function decodeOp(entry: Buffer): GenlOp {
  const attrs = parseAttrs(entry);
  const id = attrs.get(CTRL_ATTR_OP_ID);
  if (!id) throw new GenlDecodeError('nlctrl op entry lacks CTRL_ATTR_OP_ID');
  const flags = attrs.get(CTRL_ATTR_OP_FLAGS);
  return opFromFlags(getU32(id), flags ? getU32(flags) : 0);
}

function decodeMcastGroup(entry: Buffer): GenlMcastGroup {
  const attrs = parseAttrs(entry);
  const name = attrs.get(CTRL_ATTR_MCAST_GRP_NAME);
  const id = attrs.get(CTRL_ATTR_MCAST_GRP_ID);
  if (!name || !id) throw new GenlDecodeError('nlctrl mcast group entry lacks its name or id');
  return { name: getString(name), id: getU32(id) };
}
