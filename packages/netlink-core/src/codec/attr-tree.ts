import { MessageBuilder } from './builder.js';
import { NetlinkDecodeError } from './errors.js';
import { AttrCursor } from './reader.js';

/** A leaf: any non-nested attribute, kept as its raw bytes (unknown attributes survive). */
export interface AttrLeaf {
  type: number;
  /** NLA_F_NET_BYTEORDER was set. */
  netByteOrder?: boolean;
  data: Uint8Array;
}

/** A nest (NLA_F_NESTED). */
export interface AttrNest {
  type: number;
  nested: AttrNode[];
}

/** A schema-free attribute tree: what a netlink attribute block looks like without a spec. */
export type AttrNode = AttrLeaf | AttrNest;

export function isNest(node: AttrNode): node is AttrNest {
  return 'nested' in node;
}

/** Encode a tree as an attribute block (no message header). */
export function encodeAttrs(nodes: readonly AttrNode[]): Buffer {
  return new MessageBuilder(256).putAttrs(nodes).finish();
}

/**
 * Decode an attribute block into a tree. Attributes flagged NLA_F_NESTED are descended into
 * (a malformed nest is a NetlinkDecodeError); everything else stays bytes.
 */
export function decodeAttrs(input: Uint8Array, start = 0, end = input.length): AttrNode[] {
  const buf = Buffer.isBuffer(input)
    ? input
    : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  return walk(new AttrCursor(buf, start, end), 0);
}

const MAX_DEPTH = 64;

function walk(c: AttrCursor, depth: number): AttrNode[] {
  if (depth > MAX_DEPTH) throw new NetlinkDecodeError('attributes nested too deeply', c.start);
  const out: AttrNode[] = [];
  while (c.next()) {
    if (c.nested) {
      out.push({ type: c.type, nested: walk(c.children(), depth + 1) });
    } else if (c.netByteOrder) {
      out.push({ type: c.type, netByteOrder: true, data: c.value() });
    } else {
      out.push({ type: c.type, data: c.value() });
    }
  }
  return out;
}
