import type { AttrNode } from './attr-tree.js';
import { NLA_F_NESTED, NLA_F_NET_BYTEORDER, NLA_MAX_LEN } from './constants.js';
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

/**
 * UTF-8 encode. Short strings (most netlink names and paths) are copied in JS, four UTF-16
 * units per 32-bit store, on the guess that they are ASCII; if any unit was not, the native
 * encoder writes the string again over the same place (its UTF-8 is at least as long, so no
 * guessed byte survives). Skips a native call, which costs more than the copy below 64 units.
 */
function writeText(buf: Buffer, dv: DataView, s: string, at: number): number {
  const n = s.length;
  if (n > 64) return buf.write(s, at, 'utf8');
  let i = 0;
  let all = 0;
  for (; i + 4 <= n; i += 4) {
    const a = s.charCodeAt(i);
    const b = s.charCodeAt(i + 1);
    const c = s.charCodeAt(i + 2);
    const d = s.charCodeAt(i + 3);
    all |= a | b | c | d;
    dv.setUint32(at + i, a | (b << 8) | (c << 16) | (d << 24), true);
  }
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    all |= c;
    buf[at + i] = c;
  }
  return all < 0x80 ? n : buf.write(s, at, 'utf8');
}

function tooLong(type: number, valueLength: number): NetlinkEncodeError {
  return new NetlinkEncodeError(
    `attribute type ${type & 0x3fff} value is ${valueLength} bytes; nla_len holds at most ${NLA_MAX_LEN}`,
    type & 0x3fff,
  );
}

function toBigInt(v: number | bigint, kind: string, type: number): bigint {
  if (typeof v === 'bigint') return v;
  if (!Number.isSafeInteger(v)) throw outOfRange(v, kind, type);
  return BigInt(v);
}

/**
 * A finished message is handed out as a view of the builder's buffer, and the builder goes on
 * writing after it; once a buffer is full, a builder that keeps finishing messages moves to a
 * new buffer of at least this size, so finish() copies nothing and allocates nothing but the
 * view. Like Node's own Buffer pool, a view keeps its whole buffer alive.
 */
const SLAB_BYTES = 8192;

/**
 * Writes one netlink message, or a batch of them, into a single growing buffer. Attribute
 * headers are written in place and nest lengths patched when the nest ends, so building a
 * message allocates nothing per attribute (only when the buffer has to grow).
 *
 * Hot paths use literal sizes (4 = NLA_HDRLEN, 16 = NLMSG_HDRLEN): module constants are read
 * through a cell on every use, measurably so in loops that write one attribute in a few ns.
 */
export class MessageBuilder {
  private buf: Buffer;
  private dv: DataView;
  /** Where the next byte goes. */
  private off = 0;
  /** Start of what finish() or view() will return: everything before it was handed out. */
  private start = 0;
  /** Start of the message being built, or -1 when none is open. */
  private msgStart = -1;

  constructor(initialCapacity = 1024) {
    this.buf = Buffer.allocUnsafe(Math.max(64, initialCapacity));
    this.dv = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.length);
  }

  get length(): number {
    return this.off - this.start;
  }

  /** Start a message: writes an nlmsghdr whose length endMessage() fills in. */
  beginMessage(type: number, flags = 0, seq = 0, pid = 0): this {
    if (this.msgStart !== -1) this.endMessage();
    const o = this.reserve(16);
    const dv = this.dv;
    this.msgStart = o;
    dv.setUint32(o, 0, true);
    dv.setUint32(o + 4, (type & 0xffff) | ((flags & 0xffff) << 16), true);
    dv.setUint32(o + 8, seq >>> 0, true);
    dv.setUint32(o + 12, pid >>> 0, true);
    this.off = o + 16;
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
    const n = bytes.length;
    const o = this.reserve((n + 3) & ~3);
    const b = this.buf;
    // Family headers are a few bytes: a loop beats TypedArray#set's call and checks.
    if (n <= 16) for (let i = 0; i < n; i++) b[o + i] = bytes[i]!;
    else b.set(bytes, o);
    this.zeroPad(o + n);
    this.off = o + ((n + 3) & ~3);
    return this;
  }

  /** A fixed family header written in place by `write` (avoids allocating its bytes). */
  putFamilyHeader(length: number, write: (buf: Buffer, offset: number) => void): this {
    const o = this.reserve((length + 3) & ~3);
    this.buf.fill(0, o, o + length);
    write(this.buf, o);
    this.zeroPad(o + length);
    this.off = o + ((length + 3) & ~3);
    return this;
  }

  // Each put reserves its whole aligned size first (reserve() may replace this.buf and
  // this.dv), then writes the header and the value. Values shorter than 4 bytes are written as
  // one 32-bit store whose upper bytes are the zero padding.
  // Integers go through a DataView: far cheaper than Buffer's write* (notably for BigInt).
  putU8(type: number, v: number): this {
    if ((v & 0xff) !== v) throw outOfRange(v, 'u8', type);
    return this.small(type, 1, v);
  }
  putU16(type: number, v: number): this {
    if ((v & 0xffff) !== v) throw outOfRange(v, 'u16', type);
    return this.small(type, 2, v);
  }
  putU32(type: number, v: number): this {
    if (v >>> 0 !== v) throw outOfRange(v, 'u32', type);
    return this.small(type, 4, v);
  }
  putS8(type: number, v: number): this {
    if ((v << 24) >> 24 !== v) throw outOfRange(v, 's8', type);
    return this.small(type, 1, v & 0xff);
  }
  putS16(type: number, v: number): this {
    if ((v << 16) >> 16 !== v) throw outOfRange(v, 's16', type);
    return this.small(type, 2, v & 0xffff);
  }
  putS32(type: number, v: number): this {
    if ((v | 0) !== v) throw outOfRange(v, 's32', type);
    return this.small(type, 4, v);
  }
  /** `padType`: the family's PAD attribute, inserted so the value is 64-bit aligned. */
  putU64(type: number, v: bigint | number, padType?: number): this {
    if (padType !== undefined) this.alignFor64(padType);
    // The number form is a method of its own: a smaller putU64 is inlined where it is hot.
    if (typeof v === 'number') return this.u64FromNumber(type, v);
    if (v < 0n || v > MAX_U64) throw outOfRange(v, 'u64', type);
    const o = this.header(type, 8);
    this.dv.setBigUint64(o, v, true);
    return this;
  }
  putS64(type: number, v: bigint | number, padType?: number): this {
    if (padType !== undefined) this.alignFor64(padType);
    const big = toBigInt(v, 's64', type);
    if (big < MIN_S64 || big > MAX_S64) throw outOfRange(v, 's64', type);
    const o = this.header(type, 8);
    this.dv.setBigInt64(o, big, true);
    return this;
  }
  putU16BE(type: number, v: number): this {
    if ((v & 0xffff) !== v) throw outOfRange(v, 'u16', type);
    const o = this.header(type | NLA_F_NET_BYTEORDER, 2);
    this.dv.setUint32(o, (v >>> 8) | ((v & 0xff) << 8), true);
    return this;
  }
  putU32BE(type: number, v: number): this {
    if (v >>> 0 !== v) throw outOfRange(v, 'u32', type);
    const o = this.header(type | NLA_F_NET_BYTEORDER, 4);
    this.dv.setUint32(o, v, false);
    return this;
  }
  putU64BE(type: number, v: bigint | number): this {
    const big = toBigInt(v, 'u64', type);
    if (big < 0n || big > MAX_U64) throw outOfRange(v, 'u64', type);
    const o = this.header(type | NLA_F_NET_BYTEORDER, 8);
    this.dv.setBigUint64(o, big, false);
    return this;
  }
  putS16BE(type: number, v: number): this {
    if ((v << 16) >> 16 !== v) throw outOfRange(v, 's16', type);
    const u = v & 0xffff;
    const o = this.header(type | NLA_F_NET_BYTEORDER, 2);
    this.dv.setUint32(o, (u >>> 8) | ((u & 0xff) << 8), true);
    return this;
  }
  putS32BE(type: number, v: number): this {
    if ((v | 0) !== v) throw outOfRange(v, 's32', type);
    const o = this.header(type | NLA_F_NET_BYTEORDER, 4);
    this.dv.setInt32(o, v, false);
    return this;
  }
  putS64BE(type: number, v: bigint | number): this {
    const big = toBigInt(v, 's64', type);
    if (big < MIN_S64 || big > MAX_S64) throw outOfRange(v, 's64', type);
    const o = this.header(type | NLA_F_NET_BYTEORDER, 8);
    this.dv.setBigInt64(o, big, false);
    return this;
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
    const n = bytes.length;
    if (n > NLA_MAX_LEN - 4) throw tooLong(type, n);
    const o = this.header(type, n);
    this.buf.set(bytes, o);
    this.zeroPad(o + n);
    return this;
  }

  putFlag(type: number): this {
    this.header(type, 0);
    return this;
  }

  /**
   * Open a nest (NLA_F_NESTED is always set). Pass the returned token to endNest(); it is
   * relative to the unfinished content, which moves when the buffer grows.
   */
  beginNest(type: number): number {
    const o = this.reserve(4);
    this.dv.setUint16(o + 2, (type | NLA_F_NESTED) & 0xffff, true);
    this.off = o + 4;
    return o - this.start;
  }

  endNest(token: number): this {
    const at = this.start + token;
    const len = this.off - at;
    if (len > NLA_MAX_LEN) throw this.nestTooLong(at, len);
    this.dv.setUint16(at, len, true);
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

  /**
   * Everything written since the last finish() or reset(), closing an open message first.
   * The bytes are the caller's: the builder never writes them again (it goes on after them,
   * or in a new buffer), so no copy is made.
   */
  finish(): Buffer {
    if (this.msgStart !== -1) this.endMessage();
    const out = this.buf.subarray(this.start, this.off);
    this.start = this.off;
    return out;
  }

  /** A view of everything written, valid until the next write or reset (no copy). */
  view(): Buffer {
    if (this.msgStart !== -1) this.endMessage();
    return this.buf.subarray(this.start, this.off);
  }

  reset(): this {
    this.off = this.start;
    this.msgStart = -1;
    return this;
  }

  // --- internals -------------------------------------------------------------------------

  /**
   * Reserve `bytes` (a multiple of 4) at the write position, growing the buffer if needed,
   * and return their offset. The caller advances this.off.
   */
  private reserve(bytes: number): number {
    const o = this.off;
    if (o + bytes <= this.buf.length) return o;
    this.grow(bytes);
    return this.off;
  }

  /** Write an attribute header for a value of `len` bytes and skip past the aligned value. */
  private header(type: number, len: number): number {
    const o = this.reserve((len + 7) & ~3);
    // nla_len and nla_type in one little-endian 32-bit store.
    this.dv.setUint32(o, ((type & 0xffff) << 16) | (len + 4), true);
    this.off = o + ((len + 7) & ~3);
    return o + 4;
  }

  /** An attribute of at most 4 value bytes, written with its padding in one store. */
  private small(type: number, len: number, word: number): this {
    const o = this.reserve(8);
    const dv = this.dv;
    dv.setUint32(o, ((type & 0xffff) << 16) | (len + 4), true);
    dv.setUint32(o + 4, word, true);
    this.off = o + 8;
    return this;
  }

  /** Zero from `end` to the next 4-byte boundary (reserved by the caller). */
  private zeroPad(end: number): void {
    const b = this.buf;
    for (let i = end; (i & 3) !== 0; i++) b[i] = 0;
  }

  private pad(): void {
    const o = this.off;
    this.zeroPad(o);
    this.off = (o + 3) & ~3;
  }

  private putText(type: number, s: string, nul: 0 | 1): this {
    // UTF-8 needs at most 3 bytes per UTF-16 unit: reserve that after the header, and 4 more
    // bytes for the NUL and the padding, written as one 32-bit store of zeros (bytes past the
    // attribute's end are unused space the next put overwrites).
    const o = this.reserve((s.length * 3 + 11) & ~3);
    const dv = this.dv;
    const written = writeText(this.buf, dv, s, o + 4);
    const len = written + nul;
    if (len > NLA_MAX_LEN - 4) throw tooLong(type, len);
    dv.setUint32(o + 4 + written, 0, true);
    dv.setUint32(o, ((type & 0xffff) << 16) | (len + 4), true);
    this.off = o + ((len + 7) & ~3);
    return this;
  }

  private u64FromNumber(type: number, v: number): this {
    if (!Number.isSafeInteger(v) || v < 0) throw outOfRange(v, 'u64', type);
    const o = this.header(type, 8);
    this.dv.setUint32(o, v % TWO_32, true);
    this.dv.setUint32(o + 4, Math.floor(v / TWO_32), true);
    return this;
  }

  private nestTooLong(at: number, len: number): NetlinkEncodeError {
    const type = this.dv.getUint16(at + 2, true) & ~NLA_F_NESTED;
    return new NetlinkEncodeError(
      `nest of attribute type ${type} is ${len} bytes; nla_len holds at most ${NLA_MAX_LEN}`,
      type,
    );
  }

  /** Kernel nla_put_64bit(): pad when the value would otherwise start 4 bytes off an 8 boundary. */
  private alignFor64(padType: number): void {
    const base = this.msgStart === -1 ? this.start : this.msgStart;
    if ((this.off + 4 - base) % 8 !== 0) this.header(padType, 0);
  }

  /**
   * Move the unfinished content to a buffer with room for `extra` more bytes. A builder that
   * has already handed out bytes of its buffer takes a new one of at least SLAB_BYTES.
   */
  private grow(extra: number): void {
    const start = this.start;
    const used = this.off - start;
    const need = used + extra;
    let size = start === 0 ? this.buf.length * 2 : Math.max(this.buf.length, SLAB_BYTES);
    while (size < need) size *= 2;
    const next = Buffer.allocUnsafe(size);
    next.set(new Uint8Array(this.buf.buffer, this.buf.byteOffset + start, used));
    this.buf = next;
    this.dv = new DataView(next.buffer, next.byteOffset, next.length);
    if (this.msgStart !== -1) this.msgStart -= start;
    this.start = 0;
    this.off = used;
  }
}
