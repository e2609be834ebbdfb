import type { NetlinkMessage } from '../codec/message.js';

/** What a multicast subscriber receives. */
export type NotificationEvent =
  | { kind: 'message'; message: NetlinkMessage; groups: number; port: number }
  /**
   * Messages were lost: 'kernel' = the socket's receive buffer overflowed (ENOBUFS),
   * 'local' = this subscriber fell too far behind. Either way: resynchronise (dump again).
   */
  | { kind: 'overrun'; source: 'kernel' | 'local' };

/**
 * One subscriber's bounded queue, consumed as an async iterator. When it overflows, its
 * backlog is replaced by a single local overrun: the consumer must resync anyway, and the
 * queue's memory stays bounded.
 */
export class NotificationSubscription implements AsyncIterableIterator<NotificationEvent> {
  private queue: NotificationEvent[] = [];
  private waiter: ((r: IteratorResult<NotificationEvent>) => void) | undefined;
  private closed = false;

  constructor(
    private readonly highWaterMark: number,
    private readonly onClose: (s: NotificationSubscription) => void,
  ) {}

  push(ev: NotificationEvent): void {
    if (this.closed) return;
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      w({ value: ev, done: false });
      return;
    }
    if (this.queue.length >= this.highWaterMark) {
      this.queue = [{ kind: 'overrun', source: 'local' }];
      return;
    }
    this.queue.push(ev);
  }

  next(): Promise<IteratorResult<NotificationEvent>> {
    const ev = this.queue.shift();
    if (ev) return Promise.resolve({ value: ev, done: false });
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  return(): Promise<IteratorResult<NotificationEvent>> {
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  /** Stop: pending next() calls finish, queued events are dropped. */
  end(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue = [];
    this.onClose(this);
    const w = this.waiter;
    this.waiter = undefined;
    w?.({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
