import { type MessageBuilder, NetlinkEncodeError, NLA_F_NESTED } from '@usip/netlink-core';
import type { AttrDesc, SetDesc } from './descriptor.js';
import { YnlEncodeError } from './errors.js';
import type { UnknownAttr } from './unknown-attr.js';

/**
 * Write an object's attributes in the set's order (attribute-number order), then any
 * `unknown` attributes it carries unchanged. Undefined properties are left out.
 * 64-bit values get the set's PAD attribute before them when needed, like the kernel's
 * nla_put_64bit(). Throws YnlEncodeError.
 */
export function encodeAttrs(
  b: MessageBuilder,
  set: SetDesc,
  obj: Readonly<Record<string, unknown>>,
) {
  for (const desc of set.attrs) {
    const value = obj[desc.key];
    if (value === undefined || desc.kind === 'pad') continue;
    try {
      if (desc.multi) {
        for (const item of value as unknown[]) writeOne(b, set, desc, desc.type, item);
      } else {
        writeOne(b, set, desc, desc.type, value);
      }
    } catch (err) {
      throw asEncodeError(err, desc.name);
    }
  }
  const unknown = obj.unknown as UnknownAttr[] | undefined;
  if (unknown) {
    for (const u of unknown) b.putBinary(u.nested ? u.type | NLA_F_NESTED : u.type, u.data);
  }
}

function writeOne(b: MessageBuilder, set: SetDesc, desc: AttrDesc, type: number, value: unknown) {
  if (!desc.array) {
    writeValue(b, set, desc, type, value);
    return;
  }
  // Elements of an indexed array are numbered from 1 (index 0 is "unspec" to many parsers).
  b.putIndexedArray(type, value as unknown[], (_, item, index) =>
    writeValue(b, set, desc, index, item),
  );
}

function writeValue(b: MessageBuilder, set: SetDesc, desc: AttrDesc, type: number, v: unknown) {
  if (desc.bigEndian) {
    switch (desc.kind) {
      case 'u16':
        return b.putU16BE(type, v as number);
      case 'u32':
        return b.putU32BE(type, v as number);
      case 'u64':
        return b.putU64BE(type, checkU64(v));
      case 's16':
        return b.putS16BE(type, v as number);
      case 's32':
        return b.putS32BE(type, v as number);
      case 's64':
        return b.putS64BE(type, v as bigint);
      default:
        break;
    }
  }
  switch (desc.kind) {
    case 'u8':
      return b.putU8(type, v as number);
    case 'u16':
      return b.putU16(type, v as number);
    case 'u32':
      return b.putU32(type, v as number);
    case 's8':
      return b.putS8(type, v as number);
    case 's16':
      return b.putS16(type, v as number);
    case 's32':
      return b.putS32(type, v as number);
    case 'u64':
      return b.putU64(type, checkU64(v), set.padType);
    case 's64':
      return b.putS64(type, v as bigint, set.padType);
    case 'uint': {
      // Like nla_put_uint(): 4 bytes when the value fits, else 8.
      const n = checkU64(v);
      return BigInt(n) <= 0xffffffffn ? b.putU32(type, Number(n)) : b.putU64(type, n, set.padType);
    }
    case 'sint': {
      const n = BigInt(v as bigint);
      const fits = n >= -0x80000000n && n <= 0x7fffffffn;
      return fits ? b.putS32(type, Number(n)) : b.putS64(type, n, set.padType);
    }
    case 'string':
      if (typeof v !== 'string') throw new YnlEncodeError(`expected a string, got ${typeof v}`);
      return b.putStringZ(type, v);
    case 'flag':
      if (v === true) b.putFlag(type);
      return b;
    case 'bitfield32': {
      const { value, selector } = v as { value: number; selector: number };
      const bytes = Buffer.alloc(8);
      bytes.writeUInt32LE(value, 0);
      bytes.writeUInt32LE(selector, 4);
      return b.putBinary(type, bytes);
    }
    case 'nest': {
      const token = b.beginNest(type);
      encodeAttrs(b, desc.nested!, v as Record<string, unknown>);
      return b.endNest(token);
    }
    default:
      if (!(v instanceof Uint8Array)) throw new YnlEncodeError('expected bytes (Uint8Array)');
      return b.putBinary(type, v);
  }
}

function checkU64(v: unknown): bigint | number {
  const n = typeof v === 'bigint' ? v : BigInt(v as number);
  if (n < 0n || n > 0xffff_ffff_ffff_ffffn) throw new YnlEncodeError(`${n} is not a u64`);
  return n;
}

function asEncodeError(err: unknown, name: string): YnlEncodeError {
  if (err instanceof YnlEncodeError) {
    return new YnlEncodeError(err.detail, [name, ...err.path], { cause: err.cause });
  }
  if (err instanceof RangeError || err instanceof TypeError || err instanceof NetlinkEncodeError) {
    return new YnlEncodeError(err.message, [name], { cause: err });
  }
  throw err;
}
