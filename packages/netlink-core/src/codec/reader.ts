import { NLA_F_NESTED, NLA_F_NET_BYTEORDER, NLA_HDRLEN } from './constants.js';
import { wholeView } from './data-view.js';
import { NetlinkDecodeError } from './errors.js';
import { utf8 } from './text.js';

function swap16(v: number): number {
  return ((v & 0xff) << 8) | (v >>> 8);
}

function swap32(v: number): number {
  return (((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24)) >>> 0;
}

/**
 * u64() copies the value's 8 bytes here (as two words assembled little-endian and stored in
 * host order, which message.ts checks is little-endian, so the bytes keep their order) and
 * reads them with one DataView call: making the attribute buffer's own DataView
 * costs a `buffer` getter (a C++ builtin) and a lookup on every message, more than the copy.
 */
const u64Words = new Uint32Array(2);
const u64View = new DataView(u64Words.buffer);

/** Kept out of next() so the hot loop stays small enough for V8 to inline. */
function badAttrLength(len: number, at: number): NetlinkDecodeError {
  return new NetlinkDecodeError(
    len < NLA_HDRLEN
      ? `nla_len ${len} shorter than its header`
      : `nla_len ${len} runs past the end`,
    at,
  );
}

function badBlock(start: number, end: number): NetlinkDecodeError {
  return new NetlinkDecodeError(`attribute block [${start}, ${end}) outside the buffer`, start);
}

/**
 * Walks an attribute block without allocating: call next() until it returns false and read
 * the current attribute through the getters. Malformed input throws NetlinkDecodeError only.
 */
export class AttrCursor {
  // Fields are declared only (no class field initialisers, so no separate initialiser function
  // for V8 to call or inline) and every one is given its final kind of value in the constructor,
  // always in this order: a field that starts as `undefined` and then holds numbers loses V8's
  // small-integer representation, and every read in next() pays for it.
  declare readonly buf: Buffer;
  declare readonly start: number;
  declare readonly end: number;
  /** Offset of the current attribute's header in `buf`. */
  declare attrOffset: number;
  /** Attribute type without the NLA_F_NESTED / NLA_F_NET_BYTEORDER bits. */
  declare type: number;
  /** The raw 16-bit nla_type, flags included. */
  declare rawType: number;
  declare valueOffset: number;
  declare valueLength: number;
  declare private next_: number;
  /** Made on first use: most attributes are read with byte loads and never need it. */
  declare private dv_: DataView | undefined;
  /** buf.byteOffset: DataView offsets are relative to the whole ArrayBuffer. */
  declare private readonly base: number;

  constructor(buf: Buffer, start?: number, end?: number, dv?: DataView) {
    // The work is a method of its own: a constructor this small is one V8 inlines wherever it
    // is called (outside its cumulative inlining budget), so `new AttrCursor` allocates
    // in line instead of going through the generic construct stub.
    this.init(buf, start, end, dv);
  }

  private init(buf: Buffer, start = 0, end = buf.length, dv: DataView | undefined): void {
    // The throw is out of line: it keeps this method's bytecode small.
    if (start < 0 || end > buf.length || start > end) throw badBlock(start, end);
    // Readonly outside the class; set here, once, by the constructor.
    const self = this as unknown as { buf: Buffer; start: number; end: number; base: number };
    self.buf = buf;
    self.start = start;
    self.end = end;
    this.attrOffset = -1;
    this.type = 0;
    this.rawType = 0;
    this.valueOffset = 0;
    this.valueLength = 0;
    this.next_ = start;
    this.dv_ = dv;
    self.base = buf.byteOffset;
  }

  get nested(): boolean {
    return (this.rawType & NLA_F_NESTED) !== 0;
  }
  get netByteOrder(): boolean {
    return (this.rawType & NLA_F_NET_BYTEORDER) !== 0;
  }

  private get dv(): DataView {
    let dv = this.dv_;
    if (dv === undefined) {
      dv = wholeView(this.buf);
      this.dv_ = dv;
    }
    return dv;
  }

  /** Advance to the next attribute; false at the end of the block. */
  next(): boolean {
    const o = this.next_;
    const end = this.end;
    // Fewer bytes than a header are leftovers the kernel's nla_parse() also tolerates.
    if (end - o < 4) return false;
    // Byte loads (host order is little-endian, checked in message.ts): cheaper than a
    // DataView call in the hottest loop of every decoder.
    const b = this.buf;
    const len = b[o]! | (b[o + 1]! << 8);
    if (len < 4 || len > end - o) throw badAttrLength(len, o);
    const raw = b[o + 2]! | (b[o + 3]! << 8);
    this.rawType = raw;
    this.type = raw & 0x3fff;
    this.attrOffset = o;
    this.valueOffset = o + 4;
    this.valueLength = len - 4;
    // The last attribute's padding may be missing (the block ends exactly at its value): then
    // next_ lands up to 3 bytes past `end`, which the length check above reads as the end. No
    // Math.min: its bytecode counts against V8's inlining budget in every decoder (twice).
    this.next_ = o + ((len + 3) & ~3);
    return true;
  }

  /** The current value as a view into the buffer (no copy). */
  value(): Buffer {
    return this.buf.subarray(this.valueOffset, this.valueOffset + this.valueLength);
  }

  private sized(size: number, what: string): number {
    if (this.valueLength !== size) throw this.wrongSize(size, what);
    return this.valueOffset;
  }

  private wrongSize(size: number, what: string): NetlinkDecodeError {
    return new NetlinkDecodeError(
      `${what} attribute type ${this.type} has ${this.valueLength} bytes, expected ${size}`,
      this.attrOffset,
    );
  }

  // Integer getters honour NLA_F_NET_BYTEORDER when the sender set it. The common
  // host-order case of the small integers is read with byte loads (no DataView call).
  u8(): number {
    return this.buf[this.sized(1, 'u8')]!;
  }
  s8(): number {
    return this.dv.getInt8(this.base + this.sized(1, 's8'));
  }
  // u16/u32 are read little-endian and swapped when needed: half the bytecode of two read
  // paths, which lets V8 inline more getters into one decoder within its inlining budget.
  u16(): number {
    const o = this.sized(2, 'u16');
    const b = this.buf;
    const v = b[o]! | (b[o + 1]! << 8);
    return (this.rawType & NLA_F_NET_BYTEORDER) === 0 ? v : swap16(v);
  }
  s16(): number {
    return this.dv.getInt16(this.base + this.sized(2, 's16'), !this.netByteOrder);
  }
  u32(): number {
    const o = this.sized(4, 'u32');
    const b = this.buf;
    const v = (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
    return (this.rawType & NLA_F_NET_BYTEORDER) === 0 ? v : swap32(v);
  }
  s32(): number {
    return this.dv.getInt32(this.base + this.sized(4, 's32'), !this.netByteOrder);
  }
  u64(): bigint {
    const o = this.sized(8, 'u64');
    const b = this.buf;
    u64Words[0] = b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24);
    u64Words[1] = b[o + 4]! | (b[o + 5]! << 8) | (b[o + 6]! << 16) | (b[o + 7]! << 24);
    return u64View.getBigUint64(0, (this.rawType & NLA_F_NET_BYTEORDER) === 0);
  }
  s64(): bigint {
    return this.dv.getBigInt64(this.base + this.sized(8, 's64'), !this.netByteOrder);
  }
  /** u64 as a JS number (exact below 2^53), avoiding a BigInt allocation. */
  u64Number(): number {
    const o = this.base + this.sized(8, 'u64');
    const le = !this.netByteOrder;
    const lo = this.dv.getUint32(le ? o : o + 4, le);
    const hi = this.dv.getUint32(le ? o + 4 : o, le);
    return hi * 0x1_0000_0000 + lo;
  }
  /** String value; a trailing NUL is stripped. */
  string(): string {
    let end = this.valueOffset + this.valueLength;
    if (end > this.valueOffset && this.buf[end - 1] === 0) end--;
    return utf8(this.buf, this.valueOffset, end);
  }

  /** A cursor over the current attribute's value, read as an attribute block. */
  children(): AttrCursor {
    return new AttrCursor(
      this.buf,
      this.valueOffset,
      this.valueOffset + this.valueLength,
      this.dv_,
    );
  }
}

/** Attributes of one block indexed by type; repeated (multi) attributes keep every value. */
export class AttrSet {
  private readonly first = new Map<number, Buffer>();
  private readonly rest = new Map<number, Buffer[]>();
  readonly order: number[] = [];

  add(type: number, value: Buffer): void {
    if (!this.first.has(type)) {
      this.first.set(type, value);
      this.order.push(type);
      return;
    }
    const list = this.rest.get(type);
    if (list) list.push(value);
    else this.rest.set(type, [value]);
  }
  get(type: number): Buffer | undefined {
    return this.first.get(type);
  }
  has(type: number): boolean {
    return this.first.has(type);
  }
  /** Every value of a repeated attribute, in wire order. */
  all(type: number): Buffer[] {
    const f = this.first.get(type);
    if (!f) return [];
    return [f, ...(this.rest.get(type) ?? [])];
  }
  types(): number[] {
    return [...this.order];
  }
}

/** Index an attribute block by type. Values are views into `buf`. */
export function parseAttrs(buf: Buffer, start = 0, end = buf.length): AttrSet {
  const set = new AttrSet();
  const c = new AttrCursor(buf, start, end);
  while (c.next()) set.add(c.type, c.value());
  return set;
}

/** Values of an indexed array (a nest whose elements are typed by index), in wire order. */
export function parseNestedArray(v: Buffer): Buffer[] {
  const out: Buffer[] = [];
  const c = new AttrCursor(v);
  while (c.next()) out.push(c.value());
  return out;
}
