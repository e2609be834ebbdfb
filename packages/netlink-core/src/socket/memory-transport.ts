import { EventEmitter } from 'node:events';
import { NLMSG_HDRLEN, NlMsgType, NlmF } from '../codec/constants.js';
import { encodeErrorReply } from '../codec/reply-encoder.js';
import type { Datagram, SendTarget, Transport } from './transport.js';

/** A scripted peer: gets each sent datagram, returns the datagrams to answer with. */
export type Peer = (
  request: Buffer,
  transport: MemoryTransport,
) => Array<Buffer | Datagram> | undefined;

/** One recorded request and the datagrams that answered it (hex, so it can live in JSON). */
export interface RecordedExchange {
  request?: string;
  replies: Array<{ data: string; port?: number; groups?: number }>;
}

export interface MemoryTransportOptions {
  protocol?: number;
  portId?: number;
  peer?: Peer;
  /** Answer requests with these exchanges, in order (see replayPeer). */
  replay?: RecordedExchange[];
}

/** Raised by a replay peer when a request is not the one recorded. */
export class ReplayMismatchError extends Error {
  override readonly name = 'ReplayMismatchError';
}

/**
 * An in-memory Transport for offline tests and replays. Datagrams are delivered
 * asynchronously (as from a socket), in order, and held back while paused, like datagrams
 * waiting in a kernel receive queue.
 */
export class MemoryTransport extends EventEmitter implements Transport {
  readonly protocol: number;
  readonly portId: number;
  /** Every datagram sent, in order (copies). */
  readonly sent: Buffer[] = [];
  readonly memberships = new Set<number>();
  /** Socket options set through setOption, keyed "level:name". */
  readonly socketOptions = new Map<string, number>();
  private peer: Peer | undefined;
  private readonly inbox: Datagram[] = [];
  private paused_ = false;
  private closed_ = false;
  private flushScheduled = false;
  private drainPending = false;

  constructor(options: MemoryTransportOptions = {}) {
    super();
    this.protocol = options.protocol ?? 16;
    this.portId = options.portId ?? 4242;
    this.peer = options.peer ?? (options.replay ? replayPeer(options.replay) : undefined);
  }

  get paused(): boolean {
    return this.paused_;
  }
  get closed(): boolean {
    return this.closed_;
  }
  /** Datagrams delivered by neither flush nor drop yet (held while paused). */
  get queued(): number {
    return this.inbox.length;
  }

  setPeer(peer: Peer | undefined): void {
    this.peer = peer;
  }

  send(data: Uint8Array, _to?: SendTarget): void {
    if (this.closed_) throw new Error('send on a closed MemoryTransport');
    const copy = Buffer.from(data);
    this.sent.push(copy);
    if (isControlMessage(copy)) {
      // As af_netlink's netlink_rcv_skb(): control messages never reach a family; an ACK is
      // sent when asked for.
      if ((copy.readUInt16LE(6) & NlmF.ACK) !== 0)
        this.deliver(encodeErrorReply({ error: 0, request: copy }));
      return;
    }
    const replies = this.peer?.(copy, this);
    for (const r of replies ?? []) this.deliver(r);
  }

  /** Queue a datagram for the listener (unicast from the kernel unless told otherwise). */
  deliver(d: Buffer | Datagram): void {
    if (this.closed_) return;
    this.inbox.push(Buffer.isBuffer(d) ? { data: d, port: 0, groups: 0 } : d);
    this.scheduleFlush();
  }

  injectMulticast(data: Buffer, groups: number): void {
    this.deliver({ data, port: 0, groups });
  }

  /**
   * What a socket reports when the kernel dropped messages (ENOBUFS). As from a socket, 'drained'
   * follows once every datagram queued so far has been delivered. Drop the lost datagrams
   * yourself: a peer that answers nothing, or datagrams you never deliver.
   */
  injectOverrun(): void {
    setImmediate(() => {
      if (this.closed_) return;
      this.drainPending = true;
      this.emit('overrun');
      this.scheduleFlush();
    });
  }

  addMembership(group: number): void {
    this.memberships.add(group);
  }
  dropMembership(group: number): void {
    this.memberships.delete(group);
  }
  setOption(level: number, name: number, value: number): void {
    this.socketOptions.set(`${level}:${name}`, value);
  }

  pause(): void {
    this.paused_ = true;
  }
  resume(): void {
    this.paused_ = false;
    this.scheduleFlush();
  }

  close(): void {
    if (this.closed_) return;
    this.closed_ = true;
    this.inbox.length = 0;
    setImmediate(() => this.emit('close'));
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.paused_) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      if (this.paused_ || this.closed_) return;
      // One datagram per turn of the event loop, like a socket read: pause() takes effect.
      const next = this.inbox.shift();
      if (next) this.emit('datagram', next);
      if (this.inbox.length > 0) this.scheduleFlush();
      else if (this.drainPending && !this.paused_ && !this.closed_) {
        this.drainPending = false;
        this.emit('drained');
      }
    });
  }
}

/**
 * A peer that answers with recorded exchanges in order. Replies get the live request's
 * sequence number wherever the recording had the recorded one, so recordings stay valid
 * whatever seq the engine picks. A request that differs from the recording (ignoring seq
 * and port id) throws ReplayMismatchError.
 */
export function replayPeer(exchanges: readonly RecordedExchange[]): Peer {
  let next = 0;
  return (request) => {
    const ex = exchanges[next++];
    if (!ex) throw new ReplayMismatchError(`no recorded exchange left for request #${next}`);
    const liveSeq = request.length >= 16 ? request.readUInt32LE(8) : 0;
    let recordedSeq: number | undefined;
    if (ex.request !== undefined) {
      const recorded = Buffer.from(ex.request, 'hex');
      if (recorded.length >= 16) recordedSeq = recorded.readUInt32LE(8);
      if (!sameIgnoringSeq(recorded, request)) {
        throw new ReplayMismatchError(
          `request #${next} differs from the recording:\n  recorded ${ex.request}\n  live     ${request.toString('hex')}`,
        );
      }
    }
    return ex.replies.map((r) => ({
      data: renumber(Buffer.from(r.data, 'hex'), recordedSeq, liveSeq),
      port: r.port ?? 0,
      groups: r.groups ?? 0,
    }));
  };
}

function sameIgnoringSeq(a: Buffer, b: Buffer): boolean {
  if (a.length !== b.length) return false;
  if (a.length < 16) return a.equals(b);
  return a.subarray(0, 8).equals(b.subarray(0, 8)) && a.subarray(16).equals(b.subarray(16));
}

/** Rewrite the seq of each message in a datagram from `from` to `to`. */
function renumber(d: Buffer, from: number | undefined, to: number): Buffer {
  if (from === undefined || from === to) return d;
  let off = 0;
  while (off + 16 <= d.length) {
    const len = d.readUInt32LE(off);
    if (len < 16) break;
    if (d.readUInt32LE(off + 8) === from) d.writeUInt32LE(to, off + 8);
    off += (len + 3) & ~3;
  }
  return d;
}

/** One whole message of a control type (NOOP, ERROR, DONE, OVERRUN: below NLMSG_MIN_TYPE). */
function isControlMessage(d: Buffer): boolean {
  return (
    d.length >= NLMSG_HDRLEN &&
    d.readUInt32LE(0) === d.length &&
    d.readUInt16LE(4) < NlMsgType.MIN_TYPE
  );
}
