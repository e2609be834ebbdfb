import { MessageBuilder, type NetlinkMessage, NlmF } from '@usip/netlink-core';
import { GENL_HDRLEN } from './constants.js';
import { GenlDecodeError } from './errors.js';
import { decodeGenlHeader, type GenlHeader, writeGenlHeader } from './header.js';

/** What a generic netlink request says, apart from the attributes. */
export interface GenlRequestSpec extends GenlHeader {
  /** nlmsg_type: the family id. */
  familyId: number;
  /** Extra NLM_F_* flags (NLM_F_REQUEST is always set). */
  flags?: number;
  /** The family's fixed header after genlmsghdr (hdrsize bytes), if it has one. */
  familyHeader?: Uint8Array;
}

/** Writes the request's attributes with the builder (putU32, beginNest...). */
export type AttributeWriter = (builder: MessageBuilder) => void;

/**
 * Encodes one whole generic netlink message. The engine fills in the sequence number.
 * Pass a builder to reuse its buffer across calls (hot paths); the result is always a copy.
 */
export function encodeGenlMessage(
  spec: GenlRequestSpec,
  writeAttributes?: AttributeWriter,
  builder: MessageBuilder = new MessageBuilder(256),
): Buffer {
  builder.reset();
  builder.beginMessage(spec.familyId, NlmF.REQUEST | (spec.flags ?? 0));
  builder.putFamilyHeader(GENL_HDRLEN, (buf, offset) => writeGenlHeader(buf, offset, spec));
  if (spec.familyHeader) builder.putHeader(spec.familyHeader);
  writeAttributes?.(builder);
  builder.endMessage();
  return builder.finish();
}

/** A received generic netlink message split into its parts (views, no copies). */
export interface GenlMessage extends GenlHeader {
  familyId: number;
  flags: number;
  seq: number;
  /** The family's fixed header (empty for hdrsize 0). */
  familyHeader: Buffer;
  /** The attribute block, ready for parseAttrs / AttrCursor / decodeAttrs. */
  attributes: Buffer;
}

/** Splits a netlink message into genlmsghdr, family header and attributes. */
export function decodeGenlMessage(message: NetlinkMessage, familyHeaderLength = 0): GenlMessage {
  const header = decodeGenlHeader(message.payload);
  const attrStart = GENL_HDRLEN + familyHeaderLength;
  if (message.payload.length < attrStart) {
    throw new GenlDecodeError(
      `generic netlink payload of ${message.payload.length} bytes is shorter than its headers (${attrStart})`,
    );
  }
  return {
    ...header,
    familyId: message.type,
    flags: message.flags,
    seq: message.seq,
    familyHeader: message.payload.subarray(GENL_HDRLEN, attrStart),
    attributes: message.payload.subarray(attrStart),
  };
}
