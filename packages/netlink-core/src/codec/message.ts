import { Buffer } from 'node:buffer';
import { NLMSG_HDRLEN, nlAlign } from './constants.js';
import { NetlinkDecodeError } from './errors.js';

/** struct nlmsghdr, host byte order. */
export interface NlMsgHeader {
  length: number;
  type: number;
  flags: number;
  seq: number;
  pid: number;
}

/** One decoded message. `payload` is a view into the datagram (no copy). */
export interface NetlinkMessage {
  type: number;
  flags: number;
  seq: number;
  pid: number;
  payload: Buffer;
}

export function encodeHeader(h: NlMsgHeader, into: Buffer, offset = 0): void {
  into.writeUInt32LE(h.length, offset);
  into.writeUInt16LE(h.type, offset + 4);
  into.writeUInt16LE(h.flags, offset + 6);
  into.writeUInt32LE(h.seq >>> 0, offset + 8);
  into.writeUInt32LE(h.pid >>> 0, offset + 12);
}

// Netlink is host byte order; every Linux target Node supports for this package is little-endian,
// so LE accessors are used throughout (checked once here rather than per field).
if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
  throw new Error('@usip/netlink-core supports little-endian hosts only');
}

function asBuffer(buf: Uint8Array): Buffer {
  return Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
}

export function decodeHeader(input: Uint8Array, offset = 0): NlMsgHeader {
  const buf = asBuffer(input);
  if (offset < 0 || offset + NLMSG_HDRLEN > buf.length) {
    throw new NetlinkDecodeError('truncated netlink header', offset);
  }
  return {
    length: buf.readUInt32LE(offset),
    type: buf.readUInt16LE(offset + 4),
    flags: buf.readUInt16LE(offset + 6),
    seq: buf.readUInt32LE(offset + 8),
    pid: buf.readUInt32LE(offset + 12),
  };
}

/** Split one datagram into its messages; payloads are subarrays of `datagram`. */
export function parseMessages(datagram: Uint8Array): NetlinkMessage[] {
  const buf = asBuffer(datagram);
  const size = buf.length;
  if (size === 0) return [];
  // The array is made around the first message (most datagrams of requests and replies hold
  // one): pushing onto [] would allocate and fill a 17-slot backing store first.
  const first = messageAt(buf, 0, size);
  const out = [first];
  let off = nlAlign(first.payload.length + NLMSG_HDRLEN);
  while (off < size) {
    const m = messageAt(buf, off, size);
    out.push(m);
    off += nlAlign(m.payload.length + NLMSG_HDRLEN);
  }
  return out;
}

function messageAt(buf: Buffer, off: number, size: number): NetlinkMessage {
  if (off + NLMSG_HDRLEN > size) {
    throw new NetlinkDecodeError('truncated netlink header', off);
  }
  // Byte loads (little-endian host, checked above): no call and no bounds re-check per field.
  const length = u32At(buf, off);
  if (length < NLMSG_HDRLEN || length > size - off) throw badMessageLength(length, off);
  return {
    type: buf[off + 4]! | (buf[off + 5]! << 8),
    flags: buf[off + 6]! | (buf[off + 7]! << 8),
    seq: u32At(buf, off + 8),
    pid: u32At(buf, off + 12),
    payload: buf.subarray(off + NLMSG_HDRLEN, off + length),
  };
}

function u32At(b: Buffer, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
}

/** Kept out of parseMessages() so its loop stays small. */
function badMessageLength(length: number, off: number): NetlinkDecodeError {
  return new NetlinkDecodeError(
    length < NLMSG_HDRLEN
      ? `nlmsg_len ${length} shorter than the header`
      : `nlmsg_len ${length} runs past the end of the datagram`,
    off,
  );
}

/** Encode one message with a raw payload (e.g. for tests or replies of a fake peer). */
export function encodeMessage(m: {
  type: number;
  flags?: number;
  seq?: number;
  pid?: number;
  payload?: Uint8Array;
}): Buffer {
  const payloadLength = m.payload?.length ?? 0;
  const length = NLMSG_HDRLEN + payloadLength;
  const out = Buffer.alloc(nlAlign(length));
  encodeHeader(
    { length, type: m.type, flags: m.flags ?? 0, seq: m.seq ?? 0, pid: m.pid ?? 0 },
    out,
  );
  if (m.payload) out.set(m.payload, NLMSG_HDRLEN);
  return out;
}
