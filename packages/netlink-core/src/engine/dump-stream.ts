import { NlMsgType, NlmF } from '../codec/constants.js';
import { ReplyLostError } from '../codec/errors.js';
import { decodeDonePayload, decodeErrorPayload, toNetlinkError } from '../codec/extack.js';
import type { NetlinkMessage } from '../codec/message.js';
import { OperationGuard, type PendingOperation } from './operation.js';

export interface DumpContext {
  seq: number;
  request: Buffer;
  familyHeaderLength: number;
  timeoutMs: number;
  signal: AbortSignal | undefined;
  highWaterMark: number;
  forget: (seq: number) => void;
  /** Ask the connection to stop (true) or restart (false) reading for this dump. */
  throttle: (stream: DumpStream, paused: boolean) => void;
}

/**
 * The messages of one dump as an async iterable. Messages queue until the consumer takes them;
 * past the high-water mark the transport is paused, and resumed once half the queue is drained.
 * `interrupted` becomes true if any message carried NLM_F_DUMP_INTR (the dumped table changed
 * while it was read, so the result may be inconsistent).
 */
export class DumpStream implements AsyncIterable<NetlinkMessage>, PendingOperation {
  readonly seq: number;
  private queue: NetlinkMessage[] = [];
  private head = 0;
  private ended = false;
  private failure: Error | undefined;
  private waiter: (() => void) | undefined;
  private throttled = false;
  private interrupted_ = false;
  private answered = false;
  private readonly guard: OperationGuard;

  constructor(private readonly ctx: DumpContext) {
    this.seq = ctx.seq;
    this.guard = new OperationGuard(ctx.seq, ctx.timeoutMs, ctx.signal, (e) => this.fail(e));
  }

  get interrupted(): boolean {
    return this.interrupted_;
  }

  /** True once the dump completed, failed or was cancelled. */
  get done(): boolean {
    return this.ended;
  }

  get aborted(): boolean {
    return this.guard.aborted;
  }

  /**
   * Only a dump that has heard nothing can have lost its answer: the kernel writes dump parts
   * (netlink_dump) only when the reader's queue has room, so once a dump has started, none of
   * its parts is dropped. What an overrun can drop is the ERROR that refuses to start it.
   */
  get answerLosable(): boolean {
    return !this.ended && !this.answered;
  }

  replyLost(): void {
    this.fail(new ReplyLostError(this.seq, this.ctx.request.readUInt16LE(4)));
  }

  handle(msg: NetlinkMessage): void {
    if (this.ended) return;
    this.answered = true;
    if ((msg.flags & NlmF.DUMP_INTR) !== 0) this.interrupted_ = true;
    switch (msg.type) {
      case NlMsgType.NOOP:
        return;
      case NlMsgType.DONE: {
        const d = decodeDonePayload(msg);
        if (d.error !== 0) {
          this.fail(this.error(d, true));
          return;
        }
        this.finish();
        return;
      }
      case NlMsgType.ERROR: {
        // A dump that could not start is answered with an ERROR instead of a DONE.
        const e = decodeErrorPayload(msg);
        if (e.error !== 0) {
          this.fail(this.error(e, false));
          return;
        }
        this.finish();
        return;
      }
      default:
        this.queue.push(msg);
        this.guard.arm();
        if (!this.throttled && this.queue.length - this.head >= this.ctx.highWaterMark) {
          this.throttled = true;
          this.guard.disarm(); // a slow consumer is not a silent kernel
          this.ctx.throttle(this, true);
        }
        this.wake();
    }
  }

  fail(err: Error): void {
    if (this.ended) return;
    this.failure = err;
    this.finish();
  }

  /** Stop the dump: later messages with its seq are dropped. */
  cancel(): void {
    if (this.ended) return;
    this.queue = [];
    this.head = 0;
    this.finish();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<NetlinkMessage> {
    try {
      for (;;) {
        if (this.head < this.queue.length) {
          const msg = this.queue[this.head]!;
          this.queue[this.head++] = undefined as unknown as NetlinkMessage;
          this.maybeUnthrottle();
          yield msg;
          continue;
        }
        if (this.ended) {
          if (this.failure) throw this.failure;
          return;
        }
        await new Promise<void>((resolve) => {
          this.waiter = resolve;
        });
      }
    } finally {
      this.cancel();
    }
  }

  private maybeUnthrottle(): void {
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    if (this.throttled && this.queue.length - this.head <= this.ctx.highWaterMark >> 1) {
      this.throttled = false;
      if (!this.ended) this.guard.arm();
      this.ctx.throttle(this, false);
    }
  }

  private finish(): void {
    this.ended = true;
    this.guard.release();
    this.ctx.forget(this.seq);
    if (this.throttled) {
      this.throttled = false;
      this.ctx.throttle(this, false);
    }
    this.wake();
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
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
