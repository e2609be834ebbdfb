import { MessageBuilder } from './builder.js';
import { NLMSG_HDRLEN, NlMsgErrAttr, NlMsgType, NlmF } from './constants.js';
import type { ExtAck } from './extack.js';

/**
 * Encoders for what the kernel sends back (ERROR/ACK and DONE, with extended ACK TLVs),
 * the way net/netlink/af_netlink.c lays them out. Fake peers and tests use them.
 */
export interface ErrorReplyOptions {
  /** 0 for an ACK, or a negative errno. */
  error: number;
  /** The request being answered (its header, and its payload unless capped). */
  request: Uint8Array;
  /** NLM_F_CAPPED: echo only the request's header (always so for ACKs). */
  capped?: boolean;
  extAck?: ExtAck;
  pid?: number;
}

export function encodeErrorReply(o: ErrorReplyOptions): Buffer {
  const req = Buffer.from(o.request.buffer, o.request.byteOffset, o.request.byteLength);
  const reqLen = Math.min(req.readUInt32LE(0), req.length);
  const capped = o.capped ?? o.error === 0;
  const tlvs = hasTlvs(o.extAck);
  const flags = (capped ? NlmF.CAPPED : 0) | (tlvs ? NlmF.ACK_TLVS : 0);
  const b = new MessageBuilder(64 + reqLen).beginMessage(
    NlMsgType.ERROR,
    flags,
    req.readUInt32LE(8),
    o.pid ?? 0,
  );
  b.putFamilyHeader(4, (buf, off) => buf.writeInt32LE(o.error, off));
  b.putHeader(req.subarray(0, capped ? NLMSG_HDRLEN : reqLen));
  if (tlvs) putExtAck(b, o.extAck!);
  return b.finish();
}

export function encodeDone(o: {
  seq: number;
  error?: number;
  extAck?: ExtAck;
  flags?: number;
  pid?: number;
}): Buffer {
  const tlvs = hasTlvs(o.extAck);
  const flags = NlmF.MULTI | (tlvs ? NlmF.ACK_TLVS : 0) | (o.flags ?? 0);
  const b = new MessageBuilder(64).beginMessage(NlMsgType.DONE, flags, o.seq, o.pid ?? 0);
  b.putFamilyHeader(4, (buf, off) => buf.writeInt32LE(o.error ?? 0, off));
  if (tlvs) putExtAck(b, o.extAck!);
  return b.finish();
}

function hasTlvs(x: ExtAck | undefined): boolean {
  return x !== undefined && Object.values(x).some((v) => v !== undefined);
}

function putExtAck(b: MessageBuilder, x: ExtAck): void {
  if (x.message !== undefined) b.putStringZ(NlMsgErrAttr.MSG, x.message);
  if (x.offset !== undefined) b.putU32(NlMsgErrAttr.OFFS, x.offset);
  if (x.cookie !== undefined) b.putBinary(NlMsgErrAttr.COOKIE, x.cookie);
  if (x.policy !== undefined) {
    const nest = b.beginNest(NlMsgErrAttr.POLICY);
    b.putAttrs(x.policy);
    b.endNest(nest);
  }
  if (x.missingType !== undefined) b.putU32(NlMsgErrAttr.MISS_TYPE, x.missingType);
  if (x.missingNest !== undefined) b.putU32(NlMsgErrAttr.MISS_NEST, x.missingNest);
}
