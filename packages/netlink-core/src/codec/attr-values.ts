import { NetlinkDecodeError } from './errors.js';

/**
 * Length-checked readers for attribute values (the `value` subarray of an attribute).
 * A wrong size is malformed input, so it is a NetlinkDecodeError, never a RangeError.
 */
function need(v: Uint8Array, size: number, what: string): Buffer {
  if (v.length !== size) {
    throw new NetlinkDecodeError(`${what} attribute has ${v.length} bytes, expected ${size}`, 0);
  }
  return Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

export const getU8 = (v: Uint8Array): number => need(v, 1, 'u8').readUInt8(0);
export const getU16 = (v: Uint8Array): number => need(v, 2, 'u16').readUInt16LE(0);
export const getU32 = (v: Uint8Array): number => need(v, 4, 'u32').readUInt32LE(0);
export const getU64 = (v: Uint8Array): bigint => need(v, 8, 'u64').readBigUInt64LE(0);
export const getS8 = (v: Uint8Array): number => need(v, 1, 's8').readInt8(0);
export const getS16 = (v: Uint8Array): number => need(v, 2, 's16').readInt16LE(0);
export const getS32 = (v: Uint8Array): number => need(v, 4, 's32').readInt32LE(0);
export const getS64 = (v: Uint8Array): bigint => need(v, 8, 's64').readBigInt64LE(0);
export const getU16BE = (v: Uint8Array): number => need(v, 2, 'be16').readUInt16BE(0);
export const getU32BE = (v: Uint8Array): number => need(v, 4, 'be32').readUInt32BE(0);
export const getU64BE = (v: Uint8Array): bigint => need(v, 8, 'be64').readBigUInt64BE(0);
export const getS16BE = (v: Uint8Array): number => need(v, 2, 'be16').readInt16BE(0);
export const getS32BE = (v: Uint8Array): number => need(v, 4, 'be32').readInt32BE(0);
export const getS64BE = (v: Uint8Array): bigint => need(v, 8, 'be64').readBigInt64BE(0);

/** A string attribute; a trailing NUL (NLA_NUL_STRING, or NLA_STRING from C) is stripped. */
export function getString(v: Uint8Array): string {
  const b = Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  const end = b.length > 0 && b[b.length - 1] === 0 ? b.length - 1 : b.length;
  return b.toString('utf8', 0, end);
}

/** A NUL-terminated string: the NUL must be there (text stops at the first NUL). */
export function getStringZ(v: Uint8Array): string {
  const b = Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  const nul = b.indexOf(0);
  if (nul === -1) throw new NetlinkDecodeError('string attribute is not NUL-terminated', b.length);
  return b.toString('utf8', 0, nul);
}
