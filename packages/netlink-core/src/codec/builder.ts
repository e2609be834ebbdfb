import type { AttrNode } from './attr-tree.js';
import {
  NLA_F_NESTED,
  NLA_F_NET_BYTEORDER,
  NLA_HDRLEN,
  NLA_MAX_LEN,
  NLMSG_HDRLEN,
  nlAlign,
} from './constants.js';
import { NetlinkEncodeError } from './errors.js';

const TWO_32 = 0x1_0000_0000;
const MAX_U64 = 0xffff_ffff_ffff_ffffn;
const MAX_S64 = 0x7fff_ffff_ffff_ffffn;
const MIN_S64 = -0x8000_0000_0000_0000n;

function outOfRange(v: number | bigint, kind: string, type: number): NetlinkEncodeError {
  return new NetlinkEncodeError(
    `${v} does not fit a ${kind} (attribute type ${type & 0x3fff})`,
    type & 0x3fff,
  );
}

/** UTF-8 encode; short ASCII strings (most netlink names) are copied in JS, skipping a native call. */
function writeText(buf: Buffer, s: string, at: number): number {
  const n = s.length;
  if (n <= 64) {
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) return buf.write(s, at, 'utf8');
      buf[at + i] = c;
    }
    return n;
  }
  return buf.write(s, at, 'utf8');
}

function toBigInt(v: number | bigint, kind: string, type: number): bigint {
  if (typeof v === 'bigint') return v;
  if (!Number.isSafeInteger(v)) throw outOfRange(v, kind, type);
  return BigInt(v);
}

/**
 * Writes one netlink message, or a batch of them, into a single growing buffer. Attribute
 * headers are written in place and nest lengths patched when the nest ends, so building a
 * message allocates nothing per attribute (only when the buffer has to grow).
 */
export class MessageBuilder {
  private buf: Buffer;
  private dv: DataView;
  private off = 0;
  /** Start of the message being built, or -1 when none is open. */
  private msgStart = -1;

  constructor(initialCapacity = 1024) {
    this.buf = Buffer.allocUnsafe(Math.max(64, initialCapacity));
    this.dv = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.length);
  }

  get length(): number {
    return this.off;
  }

  /** Start a message: writes an nlmsghdr whose length endMessage() fills in. */
  beginMessage(type: number, flags = 0, seq = 0, pid = 0): this {
    if (this.msgStart !== -1) this.endMessage();
    this.ensure(NLMSG_HDRLEN);
    const dv = this.dv;
    const o = this.off;
    this.msgStart = o;
    dv.setUint32(o, 0, true);
    dv.setUint16(o + 4, type, true);
    dv.setUint16(o + 6, flags, true);
    dv.setUint32(o + 8, seq >>> 0, true);
    dv.setUint32(o + 12, pid >>> 0, true);
    this.off = o + NLMSG_HDRLEN;
    return this;
  }

  /** Close the open message: patches nlmsg_len and aligns for the next message of a batch. */
  endMessage(): this {
    if (this.msgStart === -1) throw new NetlinkEncodeError('endMessage() without beginMessage()');
    this.dv.setUint32(this.msgStart, this.off - this.msgStart, true);
    this.msgStart = -1;
    this.pad();
    return this;
  }

  /** A fixed family header (genlmsghdr, ifinfomsg, ...) copied verbatim and 4-byte aligned. */
  putHeader(bytes: Uint8Array): this {
    this.ensure(bytes.length + 3);
    this.buf.set(bytes, this.off);
    this.off += bytes.length;
    this.pad();
    return this;
  }

  /** A fixed family header written in place by `write` (avoids allocating its bytes). */
  putFamilyHeader(length: number, write: (buf: Buffer, offset: number) => void): this {
    this.ensure(length + 3);
    this.buf.fill(0, this.off, this.off + length);
    write(this.buf, this.off);
    this.off += length;
    this.pad();
    return this;
  }

  // Each put reserves space first: attr() may grow (replace) this.buf and this.dv.
  // Integers go through a DataView: far cheaper than Buffer's write* (notably for BigInt).
  putU8(type: number, v: number): this {
    if ((v & 0xff) !== v) throw outOfRange(v, 'u8', type);
    const o = this.attr(type, 1);
    this.buf[o] = v;
    return this.endAttr();
  }
  putU16(type: number, v: number): this {
    if ((v & 0xffff) !== v) throw outOfRange(v, 'u16', type);
    const o = this.attr(type, 2);
    this.dv.setUint16(o, v, true);
    return this.endAttr();
  }
  putU32(type: number, v: number): this {
    if (v >>> 0 !== v) throw outOfRange(v, 'u32', type);
    const o = this.attr(type, 4);
    this.dv.setUint32(o, v, true);
    return this.endAttr();
  }
  putS8(type: number, v: number): this {
    if ((v << 24) >> 24 !== v) throw outOfRange(v, 's8', type);
    const o = this.attr(type, 1);
    this.dv.setInt8(o, v);
    return this.endAttr();
  }
  putS16(type: number, v: number): this {
    if ((v << 16) >> 16 !== v) throw outOfRange(v, 's16', type);
    const o = this.attr(type, 2);
    this.dv.setInt16(o, v, true);
    return this.endAttr();
  }
  putS32(type: number, v: number): this {
    if ((v | 0) !== v) throw outOfRange(v, 's32', type);
    const o = this.attr(type, 4);
    this.dv.setInt32(o, v, true);
    return this.endAttr();
  }
  /** `padType`: the family's PAD attribute, inserted so the value is 64-bit aligned. */
  putU64(type: number, v: bigint | number, padType?: number): this {
    if (padType !== undefined) this.alignFor64(padType);
    if (typeof v === 'number') {
      if (!Number.isSafeInteger(v) || v < 0) throw outOfRange(v, 'u64', type);
      const o = this.attr(type, 8);
      this.dv.setUint32(o, v % TWO_32, true);
      this.dv.setUint32(o + 4, Math.floor(v / TWO_32), true);
    } else {
      if (v < 0n || v > MAX_U64) throw outOfRange(v, 'u64', type);
      const o = this.attr(type, 8);
      this.dv.setBigUint64(o, v, true);
    }
    return this.endAttr();
  }
  putS64(type: number, v: bigint | number, padType?: number): this {
    if (padType !== undefined) this.alignFor64(padType);
    const big = toBigInt(v, 's64', type);
    if (big < MIN_S64 || big > MAX_S64) throw outOfRange(v, 's64', type);
    const o = this.attr(type, 8);
    this.dv.setBigInt64(o, big, true);
    return this.endAttr();
  }
  putU16BE(type: number, v: number): this {
    if ((v & 0xffff) !== v) throw outOfRange(v, 'u16', type);
    const o = this.attr(type | NLA_F_NET_BYTEORDER, 2);
    this.dv.setUint16(o, v, false);
    return this.endAttr();
  }
  putU32BE(type: number, v: number): this {
    if (v >>> 0 !== v) throw outOfRange(v, 'u32', type);
    const o = this.attr(type | NLA_F_NET_BYTEORDER, 4);
    this.dv.setUint32(o, v, false);
    return this.endAttr();
  }
  putU64BE(type: number, v: bigint | number): this {
    const big = toBigInt(v, 'u64', type);
    if (big < 0n || big > MAX_U64) throw outOfRange(v, 'u64', type);
    const o = this.attr(type | NLA_F_NET_BYTEORDER, 8);
    this.dv.setBigUint64(o, big, false);
    return this.endAttr();
  }
  putS16BE(type: number, v: number): this {
    if ((v << 16) >> 16 !== v) throw outOfRange(v, 's16', type);
    const o = this.attr(type | NLA_F_NET_BYTEORDER, 2);
    this.dv.setInt16(o, v, false);
    return this.endAttr();
  }
  putS32BE(type: number, v: number): this {
    if ((v | 0) !== v) throw outOfRange(v, 's32', type);
    const o = this.attr(type | NLA_F_NET_BYTEORDER, 4);
    this.dv.setInt32(o, v, false);
    return this.endAttr();
  }
  putS64BE(type: number, v: bigint | number): this {
    const big = toBigInt(v, 's64', type);
    if (big < MIN_S64 || big > MAX_S64) throw outOfRange(v, 's64', type);
    const o = this.attr(type | NLA_F_NET_BYTEORDER, 8);
    this.dv.setBigInt64(o, big, false);
    return this.endAttr();
  }

  /** A string without terminating NUL. */
  putString(type: number, s: string): this {
    return this.putText(type, s, 0);
  }
  /** A NUL-terminated string (what NLA_NUL_STRING requires and NLA_STRING accepts). */
  putStringZ(type: number, s: string): this {
    return this.putText(type, s, 1);
  }

  putBinary(type: number, bytes: Uint8Array): this {
    this.checkLeafLength(type, bytes.length);
    const o = this.attr(type, bytes.length);
    this.buf.set(bytes, o);
    return this.endAttr();
  }

  putFlag(type: number): this {
    this.attr(type, 0);
    return this.endAttr();
  }

  /** Open a nest (NLA_F_NESTED is always set). Pass the returned token to endNest(). */
  beginNest(type: number): number {
    this.ensure(NLA_HDRLEN);
    const start = this.off;
    this.dv.setUint16(start + 2, (type | NLA_F_NESTED) & 0xffff, true);
    this.off += NLA_HDRLEN;
    return start;
  }

  endNest(token: number): this {
    const len = this.off - token;
    if (len > NLA_MAX_LEN) {
      const type = this.dv.getUint16(token + 2, true) & ~NLA_F_NESTED;
      throw new NetlinkEncodeError(
        `nest of attribute type ${type} is ${len} bytes; nla_len holds at most ${NLA_MAX_LEN}`,
        type,
      );
    }
    this.dv.setUint16(token, len, true);
    return this;
  }

  /**
   * An indexed array: a nest `type` whose elements carry their index as attribute type,
   * starting at `firstIndex` (1 by default, as rtnetlink/tc do; YNL indexed-array uses 0).
   * `write` writes one element using the attribute type it is given.
   */
  putIndexedArray<T>(
    type: number,
    items: readonly T[],
    write: (b: this, item: T, attrType: number) => void,
    firstIndex = 1,
  ): this {
    const nest = this.beginNest(type);
    for (let i = 0; i < items.length; i++) write(this, items[i] as T, firstIndex + i);
    return this.endNest(nest);
  }

  /** Write a generic attribute tree (see attr-tree.ts). */
  putAttr(node: AttrNode): this {
    if ('nested' in node) {
      const nest = this.beginNest(node.type);
      for (const child of node.nested) this.putAttr(child);
      return this.endNest(nest);
    }
    const type = node.netByteOrder ? node.type | NLA_F_NET_BYTEORDER : node.type;
    return this.putBinary(type, node.data);
  }

  putAttrs(nodes: readonly AttrNode[]): this {
    for (const n of nodes) this.putAttr(n);
    return this;
  }

  /** A copy of everything written (closing an open message first); the builder is reset. */
  finish(): Buffer {
    if (this.msgStart !== -1) this.endMessage();
    const out = Buffer.allocUnsafe(this.off);
    // TypedArray#set on a raw Uint8Array view: cheaper than Buffer#copy's argument checks.
    out.set(new Uint8Array(this.buf.buffer, this.buf.byteOffset, this.off));
    this.off = 0;
    return out;
  }

  /** A view of everything written, valid until the next write or reset (no copy). */
  view(): Buffer {
    if (this.msgStart !== -1) this.endMessage();
    return this.buf.subarray(0, this.off);
  }

  reset(): this {
    this.off = 0;
    this.msgStart = -1;
    return this;
  }

  // --- internals -------------------------------------------------------------------------

  /** Write an attribute header for a value of `len` bytes; returns the value's offset. */
  private attr(type: number, len: number): number {
    this.ensure(NLA_HDRLEN + len + 3);
    const o = this.off;
    // nla_len and nla_type in one little-endian 32-bit store.
    this.dv.setUint32(o, ((type & 0xffff) << 16) | (NLA_HDRLEN + len), true);
    this.off = o + NLA_HDRLEN + len;
    return o + NLA_HDRLEN;
  }

  /** Zero the alignment padding after the value just written. */
  private endAttr(): this {
    this.pad();
    return this;
  }

  private pad(): void {
    const aligned = nlAlign(this.off);
    while (this.off < aligned) this.buf[this.off++] = 0;
  }

  private putText(type: number, s: string, nul: 0 | 1): this {
    // UTF-8 needs at most 3 bytes per UTF-16 unit: reserve that, write, then fix the length.
    const max = s.length * 3 + nul;
    this.ensure(NLA_HDRLEN + max + 3);
    const o = this.off;
    const written = writeText(this.buf, s, o + NLA_HDRLEN);
    const len = written + nul;
    this.checkLeafLength(type, len);
    if (nul) this.buf[o + NLA_HDRLEN + written] = 0;
    this.dv.setUint16(o, NLA_HDRLEN + len, true);
    this.dv.setUint16(o + 2, type & 0xffff, true);
    this.off = o + NLA_HDRLEN + len;
    return this.endAttr();
  }

  private checkLeafLength(type: number, valueLength: number): void {
    if (NLA_HDRLEN + valueLength > NLA_MAX_LEN) {
      throw new NetlinkEncodeError(
        `attribute type ${type & 0x3fff} value is ${valueLength} bytes; nla_len holds at most ${NLA_MAX_LEN}`,
        type & 0x3fff,
      );
    }
  }

  /** Kernel nla_put_64bit(): pad when the value would otherwise start 4 bytes off an 8 boundary. */
  private alignFor64(padType: number): void {
    const base = this.msgStart === -1 ? 0 : this.msgStart;
    if ((this.off + NLA_HDRLEN - base) % 8 !== 0) {
      this.attr(padType, 0);
    }
  }

  private ensure(extra: number): void {
    const need = this.off + extra;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.off);
    this.buf = next;
    this.dv = new DataView(next.buffer, next.byteOffset, next.length);
  }
}
