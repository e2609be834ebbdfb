import { NlMsgType, NlmF } from '../codec/constants.js';
import { ReplyLostError } from '../codec/errors.js';
import { decodeDonePayload, decodeErrorPayload, toNetlinkError } from '../codec/extack.js';
import type { NetlinkMessage } from '../codec/message.js';
import { OperationGuard, type PendingOperation } from './operation.js';

export interface RequestContext {
  seq: number;
  request: Buffer;
  ack: boolean;
  familyHeaderLength: number;
  timeoutMs: number;
  signal: AbortSignal | undefined;
  /** Called once when the operation settles, so the connection forgets the seq. */
  forget: (seq: number) => void;
}

/**
 * One request/reply exchange. With an ACK requested it ends at the NLMSG_ERROR (0 = ack);
 * otherwise at the first reply that is not part of a multipart answer, or at NLMSG_DONE.
 */
export class RequestOperation implements PendingOperation {
  readonly seq: number;
  readonly promise: Promise<NetlinkMessage[]>;
  private readonly replies: NetlinkMessage[] = [];
  private resolve!: (m: NetlinkMessage[]) => void;
  private reject!: (e: Error) => void;
  private settled = false;
  private readonly guard: OperationGuard;

  constructor(private readonly ctx: RequestContext) {
    this.seq = ctx.seq;
    this.promise = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    this.guard = new OperationGuard(ctx.seq, ctx.timeoutMs, ctx.signal, (e) => this.fail(e));
  }

  get aborted(): boolean {
    return this.guard.aborted;
  }

  get answerLosable(): boolean {
    return !this.settled;
  }

  replyLost(): void {
    this.fail(new ReplyLostError(this.seq, this.ctx.request.readUInt16LE(4)));
  }

  handle(msg: NetlinkMessage): void {
    if (this.settled) return;
    switch (msg.type) {
      case NlMsgType.NOOP:
        return;
      case NlMsgType.ERROR: {
        const e = decodeErrorPayload(msg);
        if (e.error !== 0) {
          this.fail(this.error(e, false));
          return;
        }
        this.succeed();
        return;
      }
      case NlMsgType.DONE: {
        const d = decodeDonePayload(msg);
        if (d.error !== 0) {
          this.fail(this.error(d, true));
          return;
        }
        if (!this.ctx.ack) this.succeed();
        return;
      }
      default:
        this.replies.push(msg);
        if (!this.ctx.ack && (msg.flags & NlmF.MULTI) === 0) this.succeed();
    }
  }

  fail(err: Error): void {
    if (this.settled) return;
    this.settle();
    this.reject(err);
  }

  private succeed(): void {
    this.settle();
    this.resolve(this.replies);
  }

  private settle(): void {
    this.settled = true;
    this.guard.release();
    this.ctx.forget(this.seq);
  }

  private error(d: Parameters<typeof toNetlinkError>[0], inDump: boolean) {
    return toNetlinkError(d, {
      request: this.ctx.request,
      familyHeaderLength: this.ctx.familyHeaderLength,
      seq: this.seq,
      inDump,
    });
  }
}
