import { MessageBuilder } from '@usip/netlink-core';
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
  CTRL_CMD_NEWFAMILY,
  GENL_ID_CTRL,
} from './constants.js';
import type { GenlFamily } from './family.js';
import { writeGenlHeader } from './header.js';

export interface FamilyMessageOptions {
  /** CTRL_CMD_NEWFAMILY (replies, registration), DELFAMILY, NEW/DELMCAST_GRP. */
  cmd?: number;
  flags?: number;
  seq?: number;
  pid?: number;
}

/**
 * Encodes a family the way nlctrl's ctrl_fill_info() lays it out (version 2 of nlctrl).
 * For fake kernels in offline tests, and the inverse of decodeFamilyMessage.
 */
export function encodeFamilyMessage(
  family: GenlFamily,
  options: FamilyMessageOptions = {},
): Buffer {
  const b = new MessageBuilder(256).beginMessage(
    GENL_ID_CTRL,
    options.flags ?? 0,
    options.seq ?? 0,
    options.pid ?? 0,
  );
  b.putFamilyHeader(4, (buf, offset) =>
    writeGenlHeader(buf, offset, { cmd: options.cmd ?? CTRL_CMD_NEWFAMILY, version: 2 }),
  );
  b.putStringZ(CTRL_ATTR_FAMILY_NAME, family.name);
  b.putU16(CTRL_ATTR_FAMILY_ID, family.id);
  b.putU32(CTRL_ATTR_VERSION, family.version);
  b.putU32(CTRL_ATTR_HDRSIZE, family.hdrsize);
  b.putU32(CTRL_ATTR_MAXATTR, family.maxattr);
  if (family.ops.length > 0) {
    b.putIndexedArray(CTRL_ATTR_OPS, family.ops, (item, op, index) => {
      const nest = item.beginNest(index);
      item.putU32(CTRL_ATTR_OP_ID, op.cmd).putU32(CTRL_ATTR_OP_FLAGS, op.flags);
      item.endNest(nest);
    });
  }
  if (family.mcastGroups.length > 0) {
    b.putIndexedArray(CTRL_ATTR_MCAST_GROUPS, family.mcastGroups, (item, group, index) => {
      const nest = item.beginNest(index);
      item.putU32(CTRL_ATTR_MCAST_GRP_ID, group.id);
      item.putStringZ(CTRL_ATTR_MCAST_GRP_NAME, group.name);
      item.endNest(nest);
    });
  }
  return b.endMessage().finish();
}
