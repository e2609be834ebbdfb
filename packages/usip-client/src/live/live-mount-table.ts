import { StaleChangeLogError } from '../errors.js';
import type { Mount, MountChange, MountTableSnapshot } from '../model.js';
import { EventStream } from '../util/event-stream.js';
import { type Divergence, MountTableState, type TableDiff } from './table-state.js';

// Dumps in a row that may each be outrun by the change log before the table gives up.
const MAX_DUMP_ATTEMPTS = 5;

/** Where a live table reads the kernel's mount table from (the client, or a test double). */
export interface MountTableSource {
  /** A full dump and the change sequence number it is consistent with. */
  dump(): Promise<MountTableSnapshot>;
  /** The change records after `seq`; rejects with StaleChangeLogError when the log is too short. */
  changesSince(seq: bigint): Promise<MountChange[]>;
}

/** What the kernel side tells a live table, in arrival order. */
export type MtabSignal =
  /** A change notification carrying its record. */
  | { kind: 'change'; change: MountChange }
  /** A mount-table notification without a record: something changed, fetch the records. */
  | { kind: 'changed' }
  /** The kernel's lost-events notification. */
  | { kind: 'lost'; count: bigint }
  /** The socket overran (ENOBUFS): notifications of any kind may be gone. */
  | { kind: 'overrun' };

export type ResyncReason = 'lost-events' | 'overrun' | 'changed' | Divergence['kind'];

/** The change stream: every applied record, and every resync with what it changed. */
export type LiveTableEvent =
  | { type: 'change'; change: MountChange }
  | {
      type: 'resync';
      reason: ResyncReason;
      /** 'changes': missed records fetched with MTAB_CHANGED (they follow as change events);
       *  'dump': the table was replaced by a fresh dump, `diff` says how it differs. */
      method: 'changes' | 'dump';
      /** The table's sequence number before the resync. */
      fromSeq: bigint;
      diff?: TableDiff;
    };

/**
 * A copy of the kernel's mount table kept current by change records. It never silently diverges:
 * a sequence gap or a record that does not fit is caught up with MTAB_CHANGED, and lost events,
 * a socket overrun or a change log that no longer reaches back force a fresh dump; each resync is
 * announced in the stream.
 *
 * Wire signals to push() before calling start(): signals that arrive during the first dump are
 * queued and applied after it (those the dump already covers are dropped by sequence number).
 */
export class LiveMountTable implements AsyncIterable<LiveTableEvent>, AsyncDisposable {
  readonly #source: MountTableSource;
  readonly #onClose: (() => Promise<void> | void) | undefined;
  readonly #events = new EventStream<LiveTableEvent>();
  readonly #queue: MtabSignal[] = [];
  #state: MountTableState | undefined;
  #draining: Promise<void> | undefined;
  #closed = false;

  /** @param options.onClose releases what feeds the table (the client's mtab listener). */
  constructor(source: MountTableSource, options: { onClose?: () => Promise<void> | void } = {}) {
    this.#source = source;
    this.#onClose = options.onClose;
  }

  /** Loads the table with a first dump, then applies the signals queued meanwhile. */
  async start(): Promise<void> {
    this.#state = await this.#freshTable();
    await this.#drain();
  }

  /** Feeds one signal; processing is serial, in arrival order. */
  push(signal: MtabSignal): void {
    if (this.#closed) return;
    if (signal.kind === 'change' && this.#applyAtOnce(signal.change)) return;
    this.#queue.push(signal);
    if (this.#state) void this.#drain();
  }

  /** Resolves once every signal pushed so far has been handled. */
  async settled(): Promise<void> {
    while (this.#draining) await this.#draining;
  }

  get seq(): bigint {
    return this.#loaded().seq;
  }

  get size(): number {
    return this.#loaded().size;
  }

  get(id: number): Mount | undefined {
    return this.#loaded().get(id);
  }

  /** The current table in mountinfo order. */
  mounts(): Mount[] {
    return this.#loaded().mounts();
  }

  /** Calls `callback` for each change-stream event; returns the function that stops it. */
  subscribe(callback: (event: LiveTableEvent) => void): () => void {
    return this.#events.subscribe(callback);
  }

  [Symbol.asyncIterator](): AsyncIterator<LiveTableEvent> {
    return this.#events[Symbol.asyncIterator]();
  }

  /** Stops processing and ends the stream (with `error` when the table can no longer follow). */
  async close(error?: unknown): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#queue.length = 0;
    this.#events.end(error);
    await this.#onClose?.();
  }

  get closed(): boolean {
    return this.#closed;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #loaded(): MountTableState {
    if (!this.#state) throw new Error('LiveMountTable: start() has not completed');
    return this.#state;
  }

  #drain(): Promise<void> {
    this.#draining ??= this.#run().finally(() => {
      this.#draining = undefined;
    });
    return this.#draining;
  }

  async #run(): Promise<void> {
    try {
      for (let signal = this.#queue.shift(); signal; signal = this.#queue.shift()) {
        await this.#handle(signal);
        if (this.#closed) return;
      }
    } catch (error) {
      // The table cannot be kept exact any more (the source failed): end the stream loudly.
      await this.close(error);
    }
  }

  async #handle(signal: MtabSignal): Promise<void> {
    switch (signal.kind) {
      case 'change':
        return this.#applyNotified(signal.change);
      case 'changed':
        return this.#catchUp('changed');
      case 'lost':
        return this.#resyncWithDump('lost-events');
      case 'overrun':
        return this.#resyncWithDump('overrun');
    }
  }

  /**
   * The common case, a record that fits while nothing else is pending: applied synchronously,
   * without the queue's promises (a watcher pays per record only the decode and the apply).
   * Returns false when the record must take the queue: earlier signals still pending, the
   * table not loaded yet, or a record that does not fit (the queue catches up or resyncs).
   */
  #applyAtOnce(change: MountChange): boolean {
    if (!this.#state || this.#draining || this.#queue.length > 0) return false;
    const result = this.#state.apply(change);
    if (result.kind === 'diverged') return false;
    if (result.kind === 'applied') this.#events.emit({ type: 'change', change });
    return true;
  }

  async #applyNotified(change: MountChange): Promise<void> {
    const result = this.#loaded().apply(change);
    if (result.kind === 'applied') this.#events.emit({ type: 'change', change });
    else if (result.kind === 'diverged') {
      const reason = result.divergence.kind;
      await this.#catchUp(reason);
      // The log must have reached this record; if it did not, only a dump can be trusted.
      if (this.#loaded().seq < change.seq) await this.#resyncWithDump(reason);
    }
  }

  /** Fetches the records missed since the table's seq; falls back to a dump when that fails. */
  async #catchUp(reason: ResyncReason): Promise<void> {
    const state = this.#loaded();
    const fromSeq = state.seq;
    let records: MountChange[];
    try {
      records = await this.#source.changesSince(fromSeq);
    } catch (error) {
      if (error instanceof StaleChangeLogError) return this.#resyncWithDump(reason);
      throw error;
    }
    this.#events.emit({ type: 'resync', reason, method: 'changes', fromSeq });
    for (const change of records) {
      const result = state.apply(change);
      if (result.kind === 'applied') this.#events.emit({ type: 'change', change });
      else if (result.kind === 'diverged') return this.#resyncWithDump(result.divergence.kind);
    }
  }

  async #resyncWithDump(reason: ResyncReason): Promise<void> {
    // Anything lost before this dump starts is covered by it: drop the queued loss signals.
    this.#dropQueued((s) => s.kind === 'lost' || s.kind === 'overrun' || s.kind === 'changed');
    const state = this.#loaded();
    const fromSeq = state.seq;
    const diff = state.replace(await this.#freshTable());
    this.#events.emit({ type: 'resync', reason, method: 'dump', fromSeq, diff });
  }

  /**
   * A dump settled with the records logged since its sequence number. The kernel reads the table
   * after taking that number, so the dump may already show some of those records: they are
   * applied leniently, and from the last of them on the table is exact and checked strictly.
   */
  async #freshTable(): Promise<MountTableState> {
    for (let attempt = 1; ; attempt++) {
      const fresh = new MountTableState(await this.#source.dump());
      let records: MountChange[];
      try {
        records = await this.#source.changesSince(fresh.seq);
      } catch (error) {
        // The log moved on faster than one round trip: take another dump, a bounded number of times.
        if (error instanceof StaleChangeLogError && attempt < MAX_DUMP_ATTEMPTS) continue;
        throw error;
      }
      for (const change of records) {
        const result = fresh.apply(change, { lenient: true });
        if (result.kind === 'diverged') break; // a gap in the log's own answer: the next signal catches up
      }
      return fresh;
    }
  }

  #dropQueued(predicate: (signal: MtabSignal) => boolean): void {
    const keep = this.#queue.filter((s) => !predicate(s));
    this.#queue.splice(0, this.#queue.length, ...keep);
  }
}
