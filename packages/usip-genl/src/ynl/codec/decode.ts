import { AttrCursor } from '@usip/netlink-core';
import type { AttrDesc, SetDesc } from './descriptor.js';
import { YnlDecodeError } from './errors.js';
import { decodeFailure, keepUnknown, readString } from './read-helpers.js';
import type { UnknownAttr } from './unknown-attr.js';

export type DecodedAttrs = Record<string, unknown> & { unknown?: UnknownAttr[] };

/**
 * Decode an attribute block by its set: known attributes become camelCase properties
 * (64-bit integers as bigint), anything else lands in `unknown`. Throws YnlDecodeError.
 */
export function decodeAttrs(set: SetDesc, buf: Buffer, start = 0, end = buf.length): DecodedAttrs {
  const out: DecodedAttrs = {};
  // One try around the loop (not one per attribute): this is the hot path of every message.
  let desc: AttrDesc | undefined;
  try {
    const cursor = new AttrCursor(buf, start, end);
    while (cursor.next()) {
      desc = set.byType[cursor.type];
      if (desc === undefined || desc.kind === 'unused') {
        keepUnknown(out, set, cursor);
        continue;
      }
      if (desc.kind === 'pad') continue;
      const value = desc.array ? readArray(cursor, desc) : readValue(cursor, desc);
      if (desc.multi) {
        const list = out[desc.key] as unknown[] | undefined;
        if (list) list.push(value);
        else out[desc.key] = [value];
      } else {
        out[desc.key] = value;
      }
      desc = undefined;
    }
  } catch (err) {
    throw decodeFailure(err, desc?.name);
  }
  return out;
}

function readArray(c: AttrCursor, desc: AttrDesc): unknown[] {
  const items: unknown[] = [];
  const children = c.children();
  while (children.next()) items.push(readValue(children, desc));
  return items;
}

function sized(c: AttrCursor, size: number, kind: string): number {
  if (c.valueLength !== size) {
    throw new YnlDecodeError(`${kind} has ${c.valueLength} bytes, expected ${size}`);
  }
  return c.valueOffset;
}

function readValue(c: AttrCursor, desc: AttrDesc): unknown {
  const b = c.buf;
  if (desc.bigEndian) {
    switch (desc.kind) {
      case 'u16':
        return b.readUInt16BE(sized(c, 2, 'be16'));
      case 'u32':
        return b.readUInt32BE(sized(c, 4, 'be32'));
      case 'u64':
        return b.readBigUInt64BE(sized(c, 8, 'be64'));
      case 's16':
        return b.readInt16BE(sized(c, 2, 'be16'));
      case 's32':
        return b.readInt32BE(sized(c, 4, 'be32'));
      case 's64':
        return b.readBigInt64BE(sized(c, 8, 'be64'));
      default:
        break;
    }
  }
  switch (desc.kind) {
    case 'u8':
      return c.u8();
    case 'u16':
      return c.u16();
    case 'u32':
      return c.u32();
    case 'u64':
      return c.u64();
    case 's8':
      return c.s8();
    case 's16':
      return c.s16();
    case 's32':
      return c.s32();
    case 's64':
      return c.s64();
    case 'uint':
      return c.valueLength === 4 ? BigInt(c.u32()) : c.u64();
    case 'sint':
      return c.valueLength === 4 ? BigInt(c.s32()) : c.s64();
    case 'string':
      return readString(c);
    case 'flag':
      return true;
    case 'bitfield32': {
      const o = sized(c, 8, 'bitfield32');
      return { value: b.readUInt32LE(o), selector: b.readUInt32LE(o + 4) };
    }
    case 'nest':
      if (!desc.nested) throw new YnlDecodeError('nest without a nested set');
      return decodeAttrs(desc.nested, b, c.valueOffset, c.valueOffset + c.valueLength);
    default:
      return Buffer.from(c.value());
  }
}
