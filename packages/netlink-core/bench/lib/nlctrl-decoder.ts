import { AttrCursor } from '../../src/codec/reader.js';

/** CTRL_CMD_NEWFAMILY, decoded fully: what a client needs to use a family. */
export interface FamilyInfo {
  id: number;
  name: string;
  version: number;
  hdrsize: number;
  maxattr: number;
  ops: { id: number; flags: number }[];
  groups: { id: number; name: string }[];
}

const GENL_HDRLEN = 4;

function decodeOps(c: AttrCursor): { id: number; flags: number }[] {
  const ops: { id: number; flags: number }[] = [];
  for (const list = c.children(); list.next(); ) {
    const op = { id: 0, flags: 0 };
    for (const a = list.children(); a.next(); ) {
      if (a.type === 1) op.id = a.u32();
      else if (a.type === 2) op.flags = a.u32();
    }
    ops.push(op);
  }
  return ops;
}

function decodeGroups(c: AttrCursor): { id: number; name: string }[] {
  const groups: { id: number; name: string }[] = [];
  for (const list = c.children(); list.next(); ) {
    const group = { id: 0, name: '' };
    for (const a = list.children(); a.next(); ) {
      if (a.type === 1) group.name = a.string();
      else if (a.type === 2) group.id = a.u32();
    }
    groups.push(group);
  }
  return groups;
}

/** `payload` is the message after nlmsghdr: genlmsghdr + CTRL_ATTR_*. */
export function decodeFamily(payload: Buffer): FamilyInfo {
  const f: FamilyInfo = {
    id: 0,
    name: '',
    version: 0,
    hdrsize: 0,
    maxattr: 0,
    ops: [],
    groups: [],
  };
  for (const c = new AttrCursor(payload, GENL_HDRLEN); c.next(); ) {
    switch (c.type) {
      case 1:
        f.id = c.u16();
        break;
      case 2:
        f.name = c.string();
        break;
      case 3:
        f.version = c.u32();
        break;
      case 4:
        f.hdrsize = c.u32();
        break;
      case 5:
        f.maxattr = c.u32();
        break;
      case 6:
        f.ops = decodeOps(c);
        break;
      case 7:
        f.groups = decodeGroups(c);
        break;
    }
  }
  return f;
}
