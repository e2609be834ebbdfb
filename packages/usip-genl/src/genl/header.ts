import { GENL_HDRLEN } from './constants.js';
import { GenlDecodeError } from './errors.js';

/** struct genlmsghdr: the 4 bytes after nlmsghdr in every generic netlink message. */
export interface GenlHeader {
  /** Family-specific command. */
  cmd: number;
  /** Family interface version the sender speaks. */
  version: number;
}

/** Writes a genlmsghdr (reserved field zeroed) into `out` at `offset`; returns bytes written. */
export function writeGenlHeader(out: Uint8Array, offset: number, header: GenlHeader): number {
  out[offset] = header.cmd;
  out[offset + 1] = header.version;
  out[offset + 2] = 0;
  out[offset + 3] = 0;
  return GENL_HDRLEN;
}

/** A fresh 4-byte genlmsghdr. */
export function encodeGenlHeader(header: GenlHeader): Buffer {
  const out = Buffer.alloc(GENL_HDRLEN);
  writeGenlHeader(out, 0, header);
  return out;
}

/** Reads the genlmsghdr at the start of a netlink message payload. */
export function decodeGenlHeader(payload: Uint8Array): GenlHeader {
  if (payload.length < GENL_HDRLEN) {
    throw new GenlDecodeError(
      `generic netlink payload of ${payload.length} bytes is shorter than genlmsghdr (${GENL_HDRLEN})`,
    );
  }
  return { cmd: payload[0]!, version: payload[1]! };
}
