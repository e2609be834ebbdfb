import { type AttrNode, decodeAttrs } from './attr-tree.js';
import { NLMSG_HDRLEN, NlMsgErrAttr, NlmF, nlAlign } from './constants.js';
import { errnoName } from './errno.js';
import { NetlinkDecodeError, NetlinkError } from './errors.js';
import { decodeHeader, type NetlinkMessage, type NlMsgHeader } from './message.js';
import { AttrCursor } from './reader.js';

/** The extended ACK TLVs (enum nlmsgerr_attrs) that followed an ERROR or DONE message. */
export interface ExtAck {
  message?: string;
  offset?: number;
  cookie?: Buffer;
  policy?: AttrNode[];
  missingType?: number;
  missingNest?: number;
}

/** A decoded NLMSG_ERROR: error is 0 for an ACK, or a negative errno. */
export interface NlMsgErr {
  error: number;
  /** Header of the request this answers. */
  request: NlMsgHeader;
  /** The echoed request payload, unless the kernel capped it (NLM_F_CAPPED). */
  requestPayload?: Buffer;
  extAck: ExtAck;
}

/** A decoded NLMSG_DONE: status is 0 or the dump's negative errno. */
export interface NlMsgDone {
  error: number;
  extAck: ExtAck;
}

const NLMSGERR_LEN = 4 + NLMSG_HDRLEN;

/** Decode the payload of an NLMSG_ERROR, capped or uncapped, with or without ACK TLVs. */
export function decodeErrorPayload(msg: NetlinkMessage): NlMsgErr {
  const p = msg.payload;
  if (p.length < NLMSGERR_LEN) {
    throw new NetlinkDecodeError(`nlmsgerr needs ${NLMSGERR_LEN} bytes, got ${p.length}`, 0);
  }
  const error = p.readInt32LE(0);
  const request = decodeHeader(p, 4);
  let tlvStart = NLMSGERR_LEN;
  let requestPayload: Buffer | undefined;
  if ((msg.flags & NlmF.CAPPED) === 0) {
    if (request.length < NLMSG_HDRLEN || 4 + request.length > p.length) {
      throw new NetlinkDecodeError(
        `echoed request length ${request.length} does not fit the error message`,
        4,
      );
    }
    requestPayload = p.subarray(NLMSGERR_LEN, 4 + request.length);
    tlvStart = nlAlign(4 + request.length);
  }
  const extAck = (msg.flags & NlmF.ACK_TLVS) !== 0 ? decodeExtAck(p, tlvStart) : {};
  const out: NlMsgErr = { error, request, extAck };
  if (requestPayload) out.requestPayload = requestPayload;
  return out;
}

/** Decode the payload of an NLMSG_DONE (a dump's status and, on failure, its ACK TLVs). */
export function decodeDonePayload(msg: NetlinkMessage): NlMsgDone {
  const p = msg.payload;
  // Some protocols end dumps with an empty DONE: that is success.
  if (p.length < 4) return { error: 0, extAck: {} };
  const error = p.readInt32LE(0);
  const extAck = (msg.flags & NlmF.ACK_TLVS) !== 0 ? decodeExtAck(p, 4) : {};
  return { error, extAck };
}

function decodeExtAck(p: Buffer, start: number): ExtAck {
  const ext: ExtAck = {};
  if (start >= p.length) return ext;
  const c = new AttrCursor(p, start, p.length);
  while (c.next()) {
    switch (c.type) {
      case NlMsgErrAttr.MSG:
        ext.message = c.string();
        break;
      case NlMsgErrAttr.OFFS:
        ext.offset = c.u32();
        break;
      case NlMsgErrAttr.COOKIE:
        ext.cookie = Buffer.from(c.value());
        break;
      case NlMsgErrAttr.POLICY:
        ext.policy = decodeAttrs(p, c.valueOffset, c.valueOffset + c.valueLength);
        break;
      case NlMsgErrAttr.MISS_TYPE:
        ext.missingType = c.u32();
        break;
      case NlMsgErrAttr.MISS_NEST:
        ext.missingNest = c.u32();
        break;
      // Newer kernels may add TLVs: ignoring unknown ones keeps old clients working.
    }
  }
  return ext;
}

/**
 * Types of the attributes leading to `offset` (from the start of the request's nlmsghdr),
 * e.g. [18, 1] for an error in attribute 1 of IFLA_LINKINFO. Attributes are descended into
 * when flagged NLA_F_NESTED or when their value parses as attributes (old-style nests).
 */
export function attrPathAtOffset(
  request: Uint8Array,
  offset: number,
  familyHeaderLength = 0,
): number[] | undefined {
  const buf = Buffer.isBuffer(request)
    ? request
    : Buffer.from(request.buffer, request.byteOffset, request.byteLength);
  if (buf.length < NLMSG_HDRLEN) return undefined;
  const end = Math.min(buf.readUInt32LE(0), buf.length);
  const start = NLMSG_HDRLEN + nlAlign(familyHeaderLength);
  if (offset < start || offset >= end) return undefined;
  const path: number[] = [];
  try {
    let c = new AttrCursor(buf, start, end);
    for (;;) {
      let found = false;
      while (c.next()) {
        if (offset < c.attrOffset || offset >= c.valueOffset + c.valueLength) continue;
        found = true;
        path.push(c.type);
        if (offset < c.valueOffset) return path;
        break;
      }
      if (!found) return path.length > 0 ? path : undefined;
      c = c.children();
    }
  } catch (e) {
    // The offset lies inside a leaf whose bytes are not attributes: the path ends there.
    if (e instanceof NetlinkDecodeError && path.length > 0) return path;
    return undefined;
  }
}

/** Build the typed error for a failed request (ERROR) or dump (DONE). */
export function toNetlinkError(
  decoded: { error: number; extAck: ExtAck; request?: NlMsgHeader },
  context: {
    request?: Uint8Array;
    familyHeaderLength?: number;
    seq?: number;
    inDump?: boolean;
  } = {},
): NetlinkError {
  const errno = Math.abs(decoded.error);
  const x = decoded.extAck;
  const attrPath =
    x.offset !== undefined && context.request
      ? attrPathAtOffset(context.request, x.offset, context.familyHeaderLength ?? 0)
      : undefined;
  return new NetlinkError({
    errno,
    code: errnoName(errno),
    kernelMessage: x.message,
    offset: x.offset,
    cookie: x.cookie,
    policy: x.policy,
    missingType: x.missingType,
    missingNest: x.missingNest,
    attrPath,
    requestType: decoded.request?.type,
    seq: context.seq ?? decoded.request?.seq,
    inDump: context.inDump ?? false,
  });
}
