import { MessageBuilder, type NetlinkMessage, NlmF } from '@usip/netlink-core';
import { type DecodedAttrs, decodeAttrs } from './decode.js';
import type { SetDesc } from './descriptor.js';
import { encodeAttrs } from './encode.js';
import { YnlDecodeError } from './errors.js';

/** struct genlmsghdr: cmd u8, version u8, reserved u16. */
const GENL_HDRLEN = 4;

export interface SpecEncodeOptions {
  /** nlmsg_flags; default NLM_F_REQUEST (the engine adds ACK/DUMP as needed). */
  flags?: number;
  seq?: number;
  pid?: number;
  /** Reuse a builder (e.g. one per connection) instead of allocating. */
  builder?: MessageBuilder;
}

/** One whole netlink message: nlmsghdr, genlmsghdr, then the attributes. */
export function encodeSpecMessage(
  familyId: number,
  cmd: number,
  version: number,
  set: SetDesc,
  attrs: Readonly<Record<string, unknown>>,
  options: SpecEncodeOptions = {},
): Buffer {
  const b = options.builder ?? new MessageBuilder(256);
  b.reset();
  b.beginMessage(familyId, options.flags ?? NlmF.REQUEST, options.seq ?? 0, options.pid ?? 0);
  b.putHeader(Uint8Array.of(cmd & 0xff, version & 0xff, 0, 0));
  try {
    encodeAttrs(b, set, attrs);
  } catch (err) {
    b.reset();
    throw err;
  }
  b.endMessage();
  return b.finish();
}

export interface SpecMessageHeader {
  cmd: number;
  version: number;
}

/** Throw unless the payload starts with a whole genlmsghdr (no allocation: hot path). */
export function checkGenlHeader(payload: Uint8Array): void {
  if (payload.length < GENL_HDRLEN) {
    throw new YnlDecodeError(`payload of ${payload.length} bytes has no genlmsghdr`);
  }
}

/** Read the genlmsghdr at the start of a message's payload. */
export function readGenlHeader(payload: Uint8Array): SpecMessageHeader {
  checkGenlHeader(payload);
  return { cmd: payload[0]!, version: payload[1]! };
}

/** The message's payload: a NetlinkMessage's, or the bytes after a bare nlmsghdr. */
export function payloadOf(msg: NetlinkMessage | Buffer): Buffer {
  return Buffer.isBuffer(msg) ? msg : msg.payload;
}

/** Decode a generic netlink payload's attributes by `set`, checking the command if given. */
export function decodeSpecAttrs(
  set: SetDesc,
  msg: NetlinkMessage | Buffer,
  expectCmd?: number,
): DecodedAttrs {
  const payload = payloadOf(msg);
  const header = readGenlHeader(payload);
  if (expectCmd !== undefined && header.cmd !== expectCmd) {
    throw new YnlDecodeError(`command ${header.cmd}, expected ${expectCmd}`);
  }
  return decodeAttrs(set, payload, GENL_HDRLEN, payload.length);
}
