import type { Listener } from './api.js';
import type { UsipEvent } from './events.js';
import type { ListenerOptions } from './notifier.js';
import { EventStream } from './util/event-stream.js';

/**
 * A registered listener: the events the client routes to it (by listener id) as callbacks and as
 * an async iterable. Closing unregisters it through `unregister`, once.
 */
export class UsipListener implements Listener {
  readonly #events = new EventStream<UsipEvent>({ holdUntilSubscribed: true });
  #closing: Promise<void> | undefined;

  constructor(
    readonly id: number,
    readonly group: number,
    readonly options: ListenerOptions,
    private readonly unregister: (listener: UsipListener) => Promise<void>,
  ) {}

  get closed(): boolean {
    return this.#closing !== undefined;
  }

  /** Called by the client's dispatcher. */
  deliver(event: UsipEvent): void {
    this.#events.emit(event);
  }

  subscribe(callback: (event: UsipEvent) => void): () => void {
    return this.#events.subscribe(callback);
  }

  [Symbol.asyncIterator](): AsyncIterator<UsipEvent> {
    return this.#events[Symbol.asyncIterator]();
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#events.end();
      await this.unregister(this);
    })();
    return this.#closing;
  }

  /** The listener is already gone in the kernel (client closed): only end the stream. */
  detach(error?: unknown): void {
    this.#closing ??= Promise.resolve();
    this.#events.end(error);
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
