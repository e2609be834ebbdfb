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

/**
 * Writes one netlink message, or a batch of them, into a single growing buffer. Attribute
 * headers are written in place and nest lengths patched when the nest ends, so building a
 * message allocates nothing per attribute (only when the buffer has to grow).
 */
export class MessageBuilder {
  private buf: Buffer;
  private off = 0;
  /** Start of the message being built, or -1 when none is open. */
  private msgStart = -1;

  constructor(initialCapacity = 1024) {
    this.buf = Buffer.allocUnsafe(Math.max(64, initialCapacity));
  }

  get length(): number {
    return this.off;
  }

  /** Start a message: writes an nlmsghdr whose length endMessage() fills in. */
  beginMessage(type: number, flags = 0, seq = 0, pid = 0): this {
    if (this.msgStart !== -1) this.endMessage();
    this.ensure(NLMSG_HDRLEN);
    const b = this.buf;
    const o = this.off;
    this.msgStart = o;
    b.writeUInt32LE(0, o);
    b.writeUInt16LE(type, o + 4);
    b.writeUInt16LE(flags, o + 6);
    b.writeUInt32LE(seq >>> 0, o + 8);
    b.writeUInt32LE(pid >>> 0, o + 12);
    this.off = o + NLMSG_HDRLEN;
    return this;
  }

  /** Close the open message: patches nlmsg_len and aligns for the next message of a batch. */
  endMessage(): this {
    if (this.msgStart === -1) throw new NetlinkEncodeError('endMessage() without beginMessage()');
    this.buf.writeUInt32LE(this.off - this.msgStart, this.msgStart);
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

  // Each put reserves space first: attr() may grow (replace) this.buf.
  putU8(type: number, v: number): this {
    const o = this.attr(type, 1);
    this.buf.writeUInt8(v, o);
    return this.endAttr();
  }
  putU16(type: number, v: number): this {
    const o = this.attr(type, 2);
    this.buf.writeUInt16LE(v, o);
    return this.endAttr();
  }
  putU32(type: number, v: number): this {
    const o = this.attr(type, 4);
    this.buf.writeUInt32LE(v, o);
    return this.endAttr();
  }
  putS8(type: number, v: number): this {
    const o = this.attr(type, 1);
    this.buf.writeInt8(v, o);
    return this.endAttr();
  }
  putS16(type: number, v: number): this {
    const o = this.attr(type, 2);
    this.buf.writeInt16LE(v, o);
    return this.endAttr();
  }
  putS32(type: number, v: number): this {
    const o = this.attr(type, 4);
    this.buf.writeInt32LE(v, o);
    return this.endAttr();
  }
  /** `padType`: the family's PAD attribute, inserted so the value is 64-bit aligned. */
  putU64(type: number, v: bigint | number, padType?: number): this {
    if (padType !== undefined) this.alignFor64(padType);
    const o = this.attr(type, 8);
    if (typeof v === 'number' && v >= 0 && v <= Number.MAX_SAFE_INTEGER) {
      this.buf.writeUInt32LE(v % TWO_32, o);
      this.buf.writeUInt32LE(Math.floor(v / TWO_32), o + 4);
    } else this.buf.writeBigUInt64LE(BigInt(v), o);
    return this.endAttr();
  }
  putS64(type: number, v: bigint | number, padType?: number): this {
    if (padType !== undefined) this.alignFor64(padType);
    const o = this.attr(type, 8);
    this.buf.writeBigInt64LE(BigInt(v), o);
    return this.endAttr();
  }
  putU16BE(type: number, v: number): this {
    const o = this.attr(type | NLA_F_NET_BYTEORDER, 2);
    this.buf.writeUInt16BE(v, o);
    return this.endAttr();
  }
  putU32BE(type: number, v: number): this {
    const o = this.attr(type | NLA_F_NET_BYTEORDER, 4);
    this.buf.writeUInt32BE(v, o);
    return this.endAttr();
  }
  putU64BE(type: number, v: bigint | number): this {
    const o = this.attr(type | NLA_F_NET_BYTEORDER, 8);
    this.buf.writeBigUInt64BE(BigInt(v), o);
    return this.endAttr();
  }
  putS16BE(type: number, v: number): this {
    const o = this.attr(type | NLA_F_NET_BYTEORDER, 2);
    this.buf.writeInt16BE(v, o);
    return this.endAttr();
  }
  putS32BE(type: number, v: number): this {
    const o = this.attr(type | NLA_F_NET_BYTEORDER, 4);
    this.buf.writeInt32BE(v, o);
    return this.endAttr();
  }
  putS64BE(type: number, v: bigint | number): this {
    const o = this.attr(type | NLA_F_NET_BYTEORDER, 8);
    this.buf.writeBigInt64BE(BigInt(v), o);
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
    this.buf.writeUInt16LE((type | NLA_F_NESTED) & 0xffff, start + 2);
    this.off += NLA_HDRLEN;
    return start;
  }

  endNest(token: number): this {
    const len = this.off - token;
    if (len > NLA_MAX_LEN) {
      const type = this.buf.readUInt16LE(token + 2) & ~NLA_F_NESTED;
      throw new NetlinkEncodeError(
        `nest of attribute type ${type} is ${len} bytes; nla_len holds at most ${NLA_MAX_LEN}`,
        type,
      );
    }
    this.buf.writeUInt16LE(len, token);
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
    this.buf.copy(out, 0, 0, this.off);
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
    const b = this.buf;
    const o = this.off;
    b.writeUInt16LE(NLA_HDRLEN + len, o);
    b.writeUInt16LE(type & 0xffff, o + 2);
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
    const written = this.buf.write(s, o + NLA_HDRLEN, 'utf8');
    const len = written + nul;
    this.checkLeafLength(type, len);
    if (nul) this.buf[o + NLA_HDRLEN + written] = 0;
    this.buf.writeUInt16LE(NLA_HDRLEN + len, o);
    this.buf.writeUInt16LE(type & 0xffff, o + 2);
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
  }
}
