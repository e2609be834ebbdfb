/**
 * A broadcast stream: every callback and every async iterator sees each value emitted after it
 * subscribed, in order. Iterators buffer without bound, so a slow consumer costs memory, never
 * a lost value; that is the right trade for event streams whose loss would hide a divergence.
 */
export class EventStream<T> implements AsyncIterable<T> {
  #callbacks = new Set<(value: T) => void>();
  #iterators = new Set<Subscriber<T>>();
  #ended = false;
  #error: unknown;
  /** Values emitted while nobody listened, for the first subscriber (see constructor). */
  #backlog: T[] | undefined;

  /**
   * @param options.holdUntilSubscribed keep what is emitted before the first subscriber and hand
   *   it to that subscriber: events raised between a registration and the caller's first
   *   `for await` must not be lost.
   */
  constructor(options: { holdUntilSubscribed?: boolean } = {}) {
    if (options.holdUntilSubscribed) this.#backlog = [];
  }

  get ended(): boolean {
    return this.#ended;
  }

  emit(value: T): void {
    if (this.#ended) return;
    if (this.#backlog && this.#callbacks.size === 0 && this.#iterators.size === 0) {
      this.#backlog.push(value);
      return;
    }
    for (const cb of this.#callbacks) cb(value);
    for (const it of this.#iterators) it.push(value);
  }

  /** Ends every iterator; with an error, pending and later next() calls reject with it. */
  end(error?: unknown): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#error = error;
    for (const it of this.#iterators) it.finish(error);
    this.#iterators.clear();
    this.#callbacks.clear();
  }

  /** Calls `callback` for each value; returns the function that stops it. */
  subscribe(callback: (value: T) => void): () => void {
    this.#callbacks.add(callback);
    for (const value of this.#takeBacklog()) callback(value);
    return () => this.#callbacks.delete(callback);
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    const sub = new Subscriber<T>(() => this.#iterators.delete(sub));
    for (const value of this.#takeBacklog()) sub.push(value);
    if (this.#ended) sub.finish(this.#error);
    else this.#iterators.add(sub);
    return sub;
  }

  #takeBacklog(): T[] {
    const backlog = this.#backlog ?? [];
    this.#backlog = undefined;
    return backlog;
  }
}

class Subscriber<T> implements AsyncIterator<T> {
  #queue: T[] = [];
  #waiting: { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void }[] = [];
  #done = false;
  #error: unknown;

  constructor(readonly detach: () => void) {}

  push(value: T): void {
    const waiter = this.#waiting.shift();
    if (waiter) waiter.resolve({ value, done: false });
    else this.#queue.push(value);
  }

  finish(error?: unknown): void {
    this.#done = true;
    this.#error = error;
    for (const w of this.#waiting.splice(0)) {
      if (error === undefined) w.resolve({ value: undefined, done: true });
      else w.reject(error);
    }
  }

  next(): Promise<IteratorResult<T>> {
    if (this.#queue.length > 0)
      return Promise.resolve({ value: this.#queue.shift()!, done: false });
    if (this.#done) {
      return this.#error === undefined
        ? Promise.resolve({ value: undefined, done: true })
        : Promise.reject(this.#error);
    }
    return new Promise((resolve, reject) => this.#waiting.push({ resolve, reject }));
  }

  return(): Promise<IteratorResult<T>> {
    this.detach();
    this.finish();
    this.#queue = [];
    return Promise.resolve({ value: undefined, done: true });
  }
}
