import type { AttrNode } from './attr-tree.js';

/** Malformed input: truncated header, length past the end, bad nest, wrong value size. */
export class NetlinkDecodeError extends Error {
  override readonly name = 'NetlinkDecodeError';
  constructor(
    message: string,
    /** Byte offset in the decoded buffer where the problem was found. */
    readonly offset: number,
  ) {
    super(`${message} (at byte ${offset})`);
  }
}

/** A message that cannot be encoded, e.g. an attribute or nest longer than nla_len allows. */
export class NetlinkEncodeError extends Error {
  override readonly name = 'NetlinkEncodeError';
  constructor(
    message: string,
    readonly attrType?: number,
  ) {
    super(message);
  }
}

/** What the kernel said about a failed request (struct nlmsgerr + extended ACK). */
export interface NetlinkErrorDetails {
  errno: number;
  code: string;
  kernelMessage?: string;
  offset?: number;
  cookie?: Buffer;
  policy?: AttrNode[];
  missingType?: number;
  missingNest?: number;
  attrPath?: number[];
  requestType?: number;
  seq?: number;
  inDump?: boolean;
}

/** A request the kernel refused: errno, its name and everything the extended ACK told. */
export class NetlinkError extends Error {
  override readonly name: string = 'NetlinkError';
  readonly errno: number;
  readonly code: string;
  readonly kernelMessage?: string;
  /** Offset of the offending attribute, from the start of the request's nlmsghdr. */
  readonly offset?: number;
  readonly cookie?: Buffer;
  /** NLMSGERR_ATTR_POLICY: the policy the attribute violated, as NL_POLICY_TYPE_ATTR_* nodes. */
  readonly policy?: AttrNode[];
  readonly missingType?: number;
  readonly missingNest?: number;
  /** Attribute types from the top level down to the offending attribute in the request. */
  readonly attrPath?: number[];
  readonly requestType?: number;
  readonly seq?: number;
  /** True when the error ended a dump (NLMSG_DONE with a negative status). */
  readonly inDump: boolean;

  constructor(d: NetlinkErrorDetails) {
    const where = d.attrPath ? ` at attribute [${d.attrPath.join(', ')}]` : '';
    const said = d.kernelMessage ? `: ${d.kernelMessage}` : '';
    super(`netlink: ${d.code} (${d.errno})${said}${where}`);
    this.errno = d.errno;
    this.code = d.code;
    if (d.kernelMessage !== undefined) this.kernelMessage = d.kernelMessage;
    if (d.offset !== undefined) this.offset = d.offset;
    if (d.cookie !== undefined) this.cookie = d.cookie;
    if (d.policy !== undefined) this.policy = d.policy;
    if (d.missingType !== undefined) this.missingType = d.missingType;
    if (d.missingNest !== undefined) this.missingNest = d.missingNest;
    if (d.attrPath !== undefined) this.attrPath = d.attrPath;
    if (d.requestType !== undefined) this.requestType = d.requestType;
    if (d.seq !== undefined) this.seq = d.seq;
    this.inDump = d.inDump ?? false;
  }
}

/** No complete answer within the request's timeout. */
export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
  readonly code = 'ETIMEDOUT';
  constructor(
    readonly seq: number,
    timeoutMs: number,
  ) {
    super(`netlink request seq ${seq} timed out after ${timeoutMs} ms`);
  }
}

/** The caller's AbortSignal fired. */
export class AbortError extends Error {
  override readonly name = 'AbortError';
  readonly code = 'ABORT_ERR';
  constructor(
    readonly seq: number,
    override readonly cause?: unknown,
  ) {
    super(`netlink request seq ${seq} aborted`);
  }
}

/** The connection closed (by close() or by the transport) while the request was pending. */
export class ConnectionClosedError extends Error {
  override readonly name = 'ConnectionClosedError';
  readonly code = 'ECONNCLOSED';
  constructor(readonly seq?: number) {
    super(
      seq === undefined ? 'netlink connection closed' : `netlink connection closed (seq ${seq})`,
    );
  }
}

const ENOBUFS = 105;

/**
 * The kernel dropped this request's reply or ACK (ENOBUFS: the socket's receive queue was full),
 * as a probe sent after the request proved: the kernel answers a socket's requests in order, and
 * the probe's ACK arrived while this request still waited. A NetlinkError with errno ENOBUFS,
 * so code that handles kernel errors by errno sees it too. The request itself was processed, or
 * not: re-read the state before retrying anything that is not idempotent.
 */
export class ReplyLostError extends NetlinkError {
  override readonly name: string = 'ReplyLostError';
  constructor(seq: number, requestType?: number) {
    super({ errno: ENOBUFS, code: 'ENOBUFS', seq, requestType });
    this.message = `netlink: reply lost in a socket overrun; the request may or may not have taken effect (seq ${seq}, ENOBUFS)`;
  }
}
