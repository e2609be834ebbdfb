import type { MessageBuilder } from '@usip/netlink-core';
import {
  CTRL_ATTR_FAMILY_ID,
  CTRL_ATTR_FAMILY_NAME,
  CTRL_ATTR_OP,
  CTRL_CMD_GETFAMILY,
  CTRL_CMD_GETPOLICY,
  GENL_ID_CTRL,
} from './constants.js';
import { encodeGenlMessage } from './genl-message.js';

/** nlctrl's own interface version, as `genl` and the kernel's YNL tools send it. */
export const NLCTRL_VERSION = 1;

/** A family named by its name or its current id. */
export type FamilyRef = string | number;

function putFamilyRef(builder: MessageBuilder, family: FamilyRef): void {
  if (typeof family === 'string') builder.putStringZ(CTRL_ATTR_FAMILY_NAME, family);
  else builder.putU16(CTRL_ATTR_FAMILY_ID, family);
}

/** CTRL_CMD_GETFAMILY for one family (a "do" request). */
export function encodeGetFamily(family: FamilyRef): Buffer {
  return encodeGenlMessage(
    { familyId: GENL_ID_CTRL, cmd: CTRL_CMD_GETFAMILY, version: NLCTRL_VERSION },
    (b) => putFamilyRef(b, family),
  );
}

/** CTRL_CMD_GETFAMILY without attributes; send it as a dump to list every family. */
export function encodeListFamilies(): Buffer {
  return encodeGenlMessage({
    familyId: GENL_ID_CTRL,
    cmd: CTRL_CMD_GETFAMILY,
    version: NLCTRL_VERSION,
  });
}

/** CTRL_CMD_GETPOLICY (always a dump) for a family, optionally only one of its commands. */
export function encodeGetPolicy(family: FamilyRef, cmd?: number): Buffer {
  return encodeGenlMessage(
    { familyId: GENL_ID_CTRL, cmd: CTRL_CMD_GETPOLICY, version: NLCTRL_VERSION },
    (b) => {
      putFamilyRef(b, family);
      if (cmd !== undefined) b.putU32(CTRL_ATTR_OP, cmd);
    },
  );
}
