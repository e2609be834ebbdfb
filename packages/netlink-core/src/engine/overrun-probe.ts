import { NLMSG_HDRLEN, NlMsgType, NlmF } from '../codec/constants.js';
import type { NetlinkMessage } from '../codec/message.js';
import type { PendingOperation } from './operation.js';

/**
 * NLMSG_NOOP with NLM_F_REQUEST | NLM_F_ACK. The kernel's netlink_rcv_skb() acks control
 * messages itself (error 0) before any family handler sees them, so genetlink, rtnetlink and
 * the other protocols built on it all answer it, in order with the socket's other replies.
 */
export function encodeProbe(seq: number): Buffer {
  const b = Buffer.alloc(NLMSG_HDRLEN);
  b.writeUInt32LE(NLMSG_HDRLEN, 0);
  b.writeUInt16LE(NlMsgType.NOOP, 4);
  b.writeUInt16LE(NlmF.REQUEST | NlmF.ACK, 6);
  b.writeUInt32LE(seq, 8);
  return b;
}

/**
 * The probe the connection sends once a socket that overran delivers again. Replies to one
 * socket are queued in order and most families answer inside sendmsg(), so when the probe's
 * ACK arrives, every operation sent before it that still waits for its answer has lost it.
 */
export class ProbeOperation implements PendingOperation {
  readonly answerLosable = false;

  constructor(
    readonly seq: number,
    private readonly onAnswered: (probe: ProbeOperation) => void,
  ) {}

  handle(msg: NetlinkMessage): void {
    // Any NLMSG_ERROR answers it: a protocol that refuses NOOP still proves the order.
    if (msg.type === NlMsgType.ERROR) this.onAnswered(this);
  }

  /** Nobody waits on a probe: if it cannot complete, the requests' timeouts remain. */
  fail(): void {}

  replyLost(): void {}
}
