import { EventEmitter } from 'node:events';
import {
  NetlinkProtocol,
  NetlinkSockOpt,
  NLMSG_HDRLEN,
  NlmF,
  SOL_NETLINK,
} from '../codec/constants.js';
import { AbortError, ConnectionClosedError, NetlinkEncodeError } from '../codec/errors.js';
import { type NetlinkMessage, parseMessages } from '../codec/message.js';
import { createTracer, type Tracer } from '../debug/tracer.js';
import type { Datagram, Transport } from '../socket/transport.js';
import { DumpStream } from './dump-stream.js';
import type { NotificationEvent } from './notifications.js';
import { NotificationSubscription } from './notifications.js';
import type { PendingOperation } from './operation.js';
import {
  type ConnectionOptions,
  DEFAULT_DUMP_HIGH_WATER_MARK,
  DEFAULT_NOTIFICATION_HIGH_WATER_MARK,
  DEFAULT_TIMEOUT_MS,
  type DumpAllOptions,
  type DumpOptions,
  type RequestOptions,
} from './options.js';
import { encodeProbe, ProbeOperation } from './overrun-probe.js';
import { RequestOperation } from './request-operation.js';

/** A whole dump, read to the end. */
export interface DumpResult {
  messages: NetlinkMessage[];
  /** The last attempt was still interrupted (NLM_F_DUMP_INTR): the data may be inconsistent. */
  interrupted: boolean;
  attempts: number;
}

/** Counters that make the engine's decisions observable. */
export interface ConnectionStats {
  /** Unicast messages whose seq belongs to no pending operation (late, after timeout/abort). */
  lateDropped: number;
  notifications: number;
  overruns: number;
  /** Probes sent after overruns to find requests whose answers the kernel dropped. */
  overrunProbes: number;
  /** Operations rejected with ReplyLostError because a probe proved their answer lost. */
  repliesLost: number;
}

/**
 * Requests, dumps and multicast over one Transport. Several operations may be in flight;
 * replies are matched to them by sequence number.
 *
 * Events: 'notification' (ev: NotificationEvent & {kind: 'message'}), 'overrun'
 * (source: 'kernel' | 'local'), 'error' (err), 'close'.
 */
export class NetlinkConnection extends EventEmitter {
  readonly stats: ConnectionStats = {
    lateDropped: 0,
    notifications: 0,
    overruns: 0,
    overrunProbes: 0,
    repliesLost: 0,
  };
  private nextSeq = 1;
  private readonly pending = new Map<number, PendingOperation>();
  private readonly subscriptions = new Set<NotificationSubscription>();
  private readonly throttling = new Set<DumpStream>();
  private readonly tracer: Tracer | undefined;
  private closed = false;
  /** An overrun was reported: probe for lost answers once the transport has drained. */
  private probeWanted = false;
  private probe: ProbeOperation | undefined;
  private readonly timeoutMs: number;
  private readonly dumpHighWaterMark: number;
  private readonly notificationHighWaterMark: number;

  constructor(
    readonly transport: Transport,
    private readonly options: ConnectionOptions = {},
  ) {
    super();
    this.nextSeq = (options.initialSeq ?? 1) >>> 0 || 1;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.dumpHighWaterMark = options.dumpHighWaterMark ?? DEFAULT_DUMP_HIGH_WATER_MARK;
    this.notificationHighWaterMark =
      options.notificationHighWaterMark ?? DEFAULT_NOTIFICATION_HIGH_WATER_MARK;
    this.tracer = createTracer(transport.protocol, options);
    this.applySocketDefaults();
    transport.on('datagram', (d: Datagram) => this.onDatagram(d));
    transport.on('overrun', () => this.onOverrun());
    transport.on('drained', () => this.onDrained());
    transport.on('error', (e: Error) => this.reportError(e));
    transport.on('close', () => this.shutDown());
  }

  /**
   * Send one message and collect its answer: resolves with the reply messages ([] for a bare
   * ACK), rejects with NetlinkError, TimeoutError, AbortError or ConnectionClosedError.
   * The message is copied; the engine sets its seq and adds NLM_F_REQUEST (+ NLM_F_ACK).
   */
  request(message: Uint8Array, options: RequestOptions = {}): Promise<NetlinkMessage[]> {
    const ack = options.ack ?? true;
    let prepared: { seq: number; bytes: Buffer };
    try {
      prepared = this.prepare(message, NlmF.REQUEST | (ack ? NlmF.ACK : 0));
    } catch (e) {
      return Promise.reject(e);
    }
    const { seq, bytes } = prepared;
    const op = new RequestOperation({
      seq,
      request: bytes,
      ack,
      familyHeaderLength: options.familyHeaderLength ?? 0,
      timeoutMs: options.timeoutMs ?? this.timeoutMs,
      signal: options.signal,
      forget: (s) => this.pending.delete(s),
    });
    this.start(op, bytes, op.aborted);
    return op.promise;
  }

  /** Start a dump (adds NLM_F_REQUEST | NLM_F_DUMP); iterate the result with for await. */
  dump(message: Uint8Array, options: DumpOptions = {}): DumpStream {
    const { seq, bytes } = this.prepare(message, NlmF.REQUEST | NlmF.DUMP);
    const stream = new DumpStream({
      seq,
      request: bytes,
      familyHeaderLength: options.familyHeaderLength ?? 0,
      timeoutMs: options.timeoutMs ?? this.timeoutMs,
      signal: options.signal,
      highWaterMark: Math.max(1, options.highWaterMark ?? this.dumpHighWaterMark),
      forget: (s) => this.pending.delete(s),
      throttle: (s, paused) => this.throttle(s, paused),
    });
    this.start(stream, bytes, stream.aborted);
    return stream;
  }

  /** Read a whole dump; with `retries`, repeat it while the kernel flags it NLM_F_DUMP_INTR. */
  async dumpAll(message: Uint8Array, options: DumpAllOptions = {}): Promise<DumpResult> {
    const retries = Math.max(0, options.retries ?? 0);
    for (let attempt = 1; ; attempt++) {
      const stream = this.dump(message, options);
      const messages: NetlinkMessage[] = [];
      for await (const m of stream) messages.push(m);
      if (!stream.interrupted || attempt > retries) {
        return { messages, interrupted: stream.interrupted, attempts: attempt };
      }
    }
  }

  joinGroup(group: number): void {
    this.transport.addMembership(group);
  }

  leaveGroup(group: number): void {
    this.transport.dropMembership(group);
  }

  /** Multicast notifications (and kernel/local overruns) as an async iterator. */
  notifications(
    options: { highWaterMark?: number; signal?: AbortSignal } = {},
  ): AsyncIterableIterator<NotificationEvent> {
    const sub = new NotificationSubscription(
      options.highWaterMark ?? this.notificationHighWaterMark,
      (s) => this.subscriptions.delete(s),
    );
    if (this.closed || options.signal?.aborted) sub.end();
    else {
      this.subscriptions.add(sub);
      options.signal?.addEventListener('abort', () => sub.end(), { once: true });
    }
    return sub;
  }

  /** Number of operations waiting for the kernel. */
  get pendingCount(): number {
    return this.pending.size - (this.probe ? 1 : 0);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Reject everything pending with ConnectionClosedError and close the transport. */
  close(): void {
    if (this.closed) return;
    this.shutDown();
    this.transport.close();
  }

  // --- internals -------------------------------------------------------------------------

  private applySocketDefaults(): void {
    const set = this.transport.setOption?.bind(this.transport);
    if (!set) return;
    const o = this.options;
    if (o.extAck ?? true) set(SOL_NETLINK, NetlinkSockOpt.EXT_ACK, 1);
    if (o.capAck ?? true) set(SOL_NETLINK, NetlinkSockOpt.CAP_ACK, 1);
    if (o.strictCheck ?? this.transport.protocol === NetlinkProtocol.ROUTE) {
      set(SOL_NETLINK, NetlinkSockOpt.GET_STRICT_CHK, 1);
    }
  }

  private prepare(message: Uint8Array, flags: number): { seq: number; bytes: Buffer } {
    if (message.length < NLMSG_HDRLEN) {
      throw new NetlinkEncodeError(`a request needs a ${NLMSG_HDRLEN}-byte nlmsghdr`);
    }
    const bytes = Buffer.from(message);
    const seq = this.allocateSeq();
    bytes.writeUInt16LE(bytes.readUInt16LE(6) | flags, 6);
    bytes.writeUInt32LE(seq, 8);
    return { seq, bytes };
  }

  /** Sequence numbers count up from 1, skip 0 (notifications) and any still in use. */
  private allocateSeq(): number {
    for (;;) {
      const seq = this.nextSeq;
      this.nextSeq = seq >= 0xffffffff ? 1 : seq + 1;
      if (!this.pending.has(seq)) return seq;
    }
  }

  private start(op: PendingOperation, bytes: Buffer, aborted: boolean): void {
    if (this.closed) {
      op.fail(new ConnectionClosedError(op.seq));
      return;
    }
    if (aborted) {
      op.fail(new AbortError(op.seq));
      return;
    }
    this.pending.set(op.seq, op);
    this.tracer?.sent(bytes);
    try {
      this.transport.send(bytes);
    } catch (e) {
      op.fail(e instanceof Error ? e : new Error(String(e)));
    }
  }

  private onDatagram(d: Datagram): void {
    this.tracer?.received(d);
    let messages: NetlinkMessage[];
    try {
      messages = parseMessages(d.data);
    } catch (e) {
      this.reportError(e as Error);
      return;
    }
    for (const msg of messages) {
      if (d.groups !== 0) {
        this.notify(msg, d);
        continue;
      }
      const op = this.pending.get(msg.seq);
      if (op) {
        try {
          op.handle(msg);
        } catch (e) {
          op.fail(e as Error);
        }
      } else if (msg.seq === 0) {
        // Unicast with seq 0 is not an answer: kernel-originated events go to subscribers.
        this.notify(msg, d);
      } else {
        this.stats.lateDropped++;
      }
    }
  }

  private notify(message: NetlinkMessage, d: Datagram): void {
    this.stats.notifications++;
    const ev: NotificationEvent = { kind: 'message', message, groups: d.groups, port: d.port };
    for (const s of this.subscriptions) s.push(ev);
    this.emit('notification', ev);
  }

  private onOverrun(): void {
    this.stats.overruns++;
    if (this.options.overrunProbe ?? true) this.probeWanted = true;
    for (const s of this.subscriptions) s.push({ kind: 'overrun', source: 'kernel' });
    this.emit('overrun', 'kernel');
  }

  /**
   * After an overrun the kernel drops everything for this socket until its queue has been read
   * empty; the transport says 'drained' at that moment, so a probe sent now is not dropped for
   * the same reason (if it is, the kernel reports a new overrun and we probe again).
   */
  private onDrained(): void {
    if (!this.probeWanted || this.closed) return;
    this.probeWanted = false;
    let waiting = false;
    for (const op of this.pending.values()) if (op.answerLosable) waiting = true;
    if (!waiting) return;
    if (this.probe) this.pending.delete(this.probe.seq); // superseded: the new one covers more
    const probe = new ProbeOperation(this.allocateSeq(), (p) => this.onProbeAnswered(p));
    const bytes = encodeProbe(probe.seq);
    this.probe = probe;
    this.pending.set(probe.seq, probe);
    this.stats.overrunProbes++;
    this.tracer?.sent(bytes);
    try {
      this.transport.send(bytes);
    } catch {
      // Not fatal: the requests' own timeouts remain the backstop.
      this.pending.delete(probe.seq);
      this.probe = undefined;
    }
  }

  /** Operations sent before the probe (earlier in `pending`'s insertion order) lost their answer. */
  private onProbeAnswered(probe: ProbeOperation): void {
    const before: PendingOperation[] = [];
    for (const op of this.pending.values()) {
      if (op === probe) break;
      before.push(op);
    }
    this.pending.delete(probe.seq);
    if (this.probe === probe) this.probe = undefined;
    for (const op of before) {
      if (!op.answerLosable) continue;
      this.stats.repliesLost++;
      op.replyLost();
    }
  }

  private throttle(stream: DumpStream, paused: boolean): void {
    if (paused) {
      if (this.throttling.size === 0) this.transport.pause();
      this.throttling.add(stream);
    } else if (this.throttling.delete(stream) && this.throttling.size === 0 && !this.closed) {
      this.transport.resume();
    }
  }

  /** Transport or decode failures: to 'error' listeners, else to every pending operation. */
  private reportError(err: Error): void {
    if (this.listenerCount('error') > 0) {
      this.emit('error', err);
      return;
    }
    for (const op of [...this.pending.values()]) op.fail(err);
  }

  private shutDown(): void {
    if (this.closed) return;
    this.closed = true;
    for (const op of [...this.pending.values()]) op.fail(new ConnectionClosedError(op.seq));
    this.pending.clear();
    this.probe = undefined;
    for (const s of [...this.subscriptions]) s.end();
    this.throttling.clear();
    this.emit('close');
  }
}
