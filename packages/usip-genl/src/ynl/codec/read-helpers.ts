import { type AttrCursor, NetlinkDecodeError } from '@usip/netlink-core';
import type { SetDesc } from './descriptor.js';
import { YnlDecodeError } from './errors.js';
import { decodeText } from './text-cache.js';
import type { UnknownAttr } from './unknown-attr.js';

/**
 * Value readers the generated per-set decoders call (the generic decoder uses them too).
 * Each reads the cursor's current attribute.
 */

/** A string value without its terminating NUL. */
export function readString(c: AttrCursor): string {
  const b = c.buf;
  const offset = c.valueOffset;
  let end = offset + c.valueLength;
  if (end > offset && b[end - 1] === 0) end--;
  return decodeText(b, offset, end);
}

function sized(c: AttrCursor, size: number, kind: string): number {
  if (c.valueLength !== size) {
    throw new YnlDecodeError(`${kind} has ${c.valueLength} bytes, expected ${size}`);
  }
  return c.valueOffset;
}

/** uint / sint: 4 or 8 bytes, as nla_put_uint() chose. */
export const readUint = (c: AttrCursor): bigint =>
  c.valueLength === 4 ? BigInt(c.u32()) : c.u64();
export const readSint = (c: AttrCursor): bigint =>
  c.valueLength === 4 ? BigInt(c.s32()) : c.s64();

export function readBitfield32(c: AttrCursor): { value: number; selector: number } {
  const o = sized(c, 8, 'bitfield32');
  return { value: c.buf.readUInt32LE(o), selector: c.buf.readUInt32LE(o + 4) };
}

/** A copy, so a decoded object does not keep the whole datagram alive. */
export const readBytes = (c: AttrCursor): Buffer => Buffer.from(c.value());

/** byte-order: big-endian attributes (whether or not NLA_F_NET_BYTEORDER is set). */
export function readBigEndian(c: AttrCursor, kind: string): number | bigint {
  const b = c.buf;
  switch (kind) {
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
    default:
      return b.readBigInt64BE(sized(c, 8, 'be64'));
  }
}

/** The elements of an indexed array (a nest of elements numbered 1..n or 0..n-1). */
export function readIndexed<T>(c: AttrCursor, read: (element: AttrCursor) => T): T[] {
  const items: T[] = [];
  const children = c.children();
  while (children.next()) items.push(read(children));
  return items;
}

/** Keep an attribute the message does not define, named when the set knows its number. */
export function keepUnknown(out: { unknown?: UnknownAttr[] }, set: SetDesc, c: AttrCursor): void {
  const attr: UnknownAttr = { type: c.type, nested: c.nested, data: Buffer.from(c.value()) };
  const name = set.full.byType[c.type]?.name;
  if (name !== undefined) attr.name = name;
  if (out.unknown) out.unknown.push(attr);
  else out.unknown = [attr];
}

/** A failure while decoding attribute `at` (or the block itself), as a YnlDecodeError. */
export function decodeFailure(err: unknown, at: string | undefined): YnlDecodeError {
  const path = at ? [at] : [];
  if (err instanceof YnlDecodeError) {
    return new YnlDecodeError(err.detail, [...path, ...err.path], { cause: err.cause });
  }
  if (err instanceof NetlinkDecodeError)
    return new YnlDecodeError(err.message, path, { cause: err });
  throw err;
}
