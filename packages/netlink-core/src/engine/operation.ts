import { AbortError, TimeoutError } from '../codec/errors.js';
import type { NetlinkMessage } from '../codec/message.js';

/** What the connection needs from anything waiting for messages with its sequence number. */
export interface PendingOperation {
  readonly seq: number;
  handle(msg: NetlinkMessage): void;
  fail(err: Error): void;
  /** True while this operation's answer could be among messages the kernel dropped. */
  readonly answerLosable: boolean;
  /**
   * An overrun probe sent after this operation was answered while this one still waited: the
   * kernel dropped its answer. Called only while answerLosable.
   */
  replyLost(): void;
}

/**
 * The timer and AbortSignal plumbing shared by requests and dumps. `onExpire` is called with
 * the typed error; `release` must be called exactly once when the operation settles.
 */
export class OperationGuard {
  private timer: NodeJS.Timeout | undefined;
  private readonly onAbort: () => void;

  constructor(
    readonly seq: number,
    private readonly timeoutMs: number,
    private readonly signal: AbortSignal | undefined,
    private readonly onExpire: (err: Error) => void,
  ) {
    this.onAbort = () => this.onExpire(new AbortError(seq, signal?.reason));
    signal?.addEventListener('abort', this.onAbort, { once: true });
    this.arm();
  }

  /** True when the signal already fired before the operation started. */
  get aborted(): boolean {
    return this.signal?.aborted ?? false;
  }

  /** (Re)start the timeout. Dumps re-arm it on every message: it bounds silence, not size. */
  arm(): void {
    this.disarm();
    if (this.timeoutMs > 0 && Number.isFinite(this.timeoutMs)) {
      this.timer = setTimeout(
        () => this.onExpire(new TimeoutError(this.seq, this.timeoutMs)),
        this.timeoutMs,
      );
    }
  }

  disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  release(): void {
    this.disarm();
    this.signal?.removeEventListener('abort', this.onAbort);
  }
}
