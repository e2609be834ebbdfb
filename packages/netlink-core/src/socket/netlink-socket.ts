import { EventEmitter } from 'node:events';
import { markAsUntransferable } from 'node:worker_threads';
import { NativeEvent, type NativeHandle, type NativeShim, nativeShim } from './native.js';
import { callNative, DatagramTruncatedError, toSocketError } from './socket-errors.js';
import { optionAddress, type SocketOptionName } from './socket-options.js';
import type { Datagram, SendTarget, Transport } from './transport.js';

/** A Datagram plus, with the LISTEN_ALL_NSID option on, the sender's namespace id. */
export interface NetlinkDatagram extends Datagram {
  /** Id of the sender's network namespace as seen from this socket's; absent for messages
   * from this socket's own namespace. */
  nsid?: number;
}

export interface NetlinkSocketOptions {
  /** Netlink protocol: 0 = NETLINK_ROUTE, 16 = NETLINK_GENERIC, ... */
  protocol: number;
  /** Legacy multicast groups bitmask for bind() (groups 1..32); prefer addMembership(). */
  groups?: number;
  /** Create the socket in this network namespace (/run/netns/NAME, /proc/PID/ns/net). */
  netns?: string;
  /**
   * User-space receive buffer: the largest datagram read whole. The kernel sizes dump
   * datagrams from it (up to 32 KiB). Default 32 KiB; grown automatically on truncation.
   */
  receiveBufferSize?: number;
  /** Kernel receive queue (SO_RCVBUF); with `force`, SO_RCVBUFFORCE (needs CAP_NET_ADMIN). */
  kernelReceiveBuffer?: number | { bytes: number; force: boolean };
  /** Datagrams read per event-loop wake-up before yielding to other work. Default 64. */
  maxDatagramsPerWakeup?: number;
}

/**
 * A real AF_NETLINK socket, the native shim behind the Transport contract. Reading starts at
 * once, driven by the event loop; an open socket keeps the process alive unless unref()'d.
 *
 * Events: 'datagram' (NetlinkDatagram), 'overrun' () when the kernel dropped messages (ENOBUFS),
 * 'drained' () when, after an overrun, a read found the kernel queue empty (the kernel delivers
 * again), 'error' (NetlinkSocketError | DatagramTruncatedError), 'close' ().
 */
export class NetlinkSocket extends EventEmitter implements Transport {
  readonly protocol: number;
  readonly portId: number;
  readonly netns: string | undefined;
  readonly #native: NativeShim;
  readonly #handle: NativeHandle;
  #receiveBufferSize: number;
  #closed = false;
  #slab: ArrayBuffer | undefined;

  constructor(options: NetlinkSocketOptions) {
    super();
    this.#native = nativeShim();
    const native = this.#native;
    this.protocol = options.protocol;
    this.netns = options.netns;
    this.#handle = callNative(() => native.open(options.protocol, options.netns));
    try {
      callNative(() => native.bind(this.#handle, options.groups ?? 0));
      this.portId = callNative(() => native.portId(this.#handle));
      this.#receiveBufferSize = native.constants.DEFAULT_BUFFER_SIZE;
      if (options.receiveBufferSize !== undefined)
        this.setReceiveBufferSize(options.receiveBufferSize);
      const kernelBuffer = options.kernelReceiveBuffer;
      if (typeof kernelBuffer === 'number') this.setOption('SO_RCVBUF', kernelBuffer);
      else if (kernelBuffer)
        this.setOption(kernelBuffer.force ? 'SO_RCVBUFFORCE' : 'SO_RCVBUF', kernelBuffer.bytes);
      const onEvent = this.#onNativeEvent.bind(this);
      callNative(() => native.start(this.#handle, onEvent, options.maxDatagramsPerWakeup));
    } catch (err) {
      native.close(this.#handle);
      throw err;
    }
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Current user-space receive buffer size (it grows after a truncation). */
  get receiveBufferSize(): number {
    return this.#receiveBufferSize;
  }

  setReceiveBufferSize(bytes: number): void {
    callNative(() => this.#native.setBufferSize(this.#handle, bytes));
    this.#receiveBufferSize = bytes;
  }

  send(data: Uint8Array, to?: SendTarget): void {
    try {
      this.#native.send(this.#handle, data, to?.port ?? 0, to?.groups ?? 0);
    } catch (err) {
      throw toSocketError(err);
    }
  }

  addMembership(group: number): void {
    const c = this.#native.constants;
    this.setOption(c.SOL_NETLINK, c.NETLINK_ADD_MEMBERSHIP, group);
  }

  dropMembership(group: number): void {
    const c = this.#native.constants;
    this.setOption(c.SOL_NETLINK, c.NETLINK_DROP_MEMBERSHIP, group);
  }

  /** Groups this socket is a member of (NETLINK_LIST_MEMBERSHIPS). */
  memberships(): number[] {
    return callNative(() => this.#native.listMemberships(this.#handle));
  }

  /** setsockopt by name ('EXT_ACK', 'SO_RCVBUF', ...) or by raw (level, name). */
  setOption(option: SocketOptionName, value: number | boolean): void;
  setOption(level: number, name: number, value: number): void;
  setOption(a: SocketOptionName | number, b: number | boolean, c?: number): void {
    const { level, name } =
      typeof a === 'string' ? optionAddress(this.#native.constants, a) : { level: a, name: b };
    const value = typeof a === 'string' ? Number(b) : (c ?? 0);
    callNative(() => this.#native.setOption(this.#handle, level, Number(name), value));
  }

  /** getsockopt by name or by raw (level, name). SO_RCVBUF reads back doubled, as in C. */
  getOption(option: SocketOptionName): number;
  getOption(level: number, name: number): number;
  getOption(a: SocketOptionName | number, b?: number): number {
    const { level, name } =
      typeof a === 'string' ? optionAddress(this.#native.constants, a) : { level: a, name: b ?? 0 };
    return callNative(() => this.#native.getOption(this.#handle, level, name));
  }

  pause(): void {
    callNative(() => this.#native.pause(this.#handle));
  }

  resume(): void {
    callNative(() => this.#native.resume(this.#handle));
  }

  /** Let the process exit while this socket is open (like net.Socket#unref). */
  unref(): this {
    if (!this.#closed) this.#native.ref(this.#handle, false);
    return this;
  }

  ref(): this {
    if (!this.#closed) this.#native.ref(this.#handle, true);
    return this;
  }

  /** Idempotent; 'close' is emitted once, asynchronously. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#native.close(this.#handle);
    process.nextTick(() => this.emit('close'));
  }

  #onNativeEvent(
    kind: number,
    a?: unknown,
    b?: unknown,
    c?: unknown,
    d?: unknown,
    e?: unknown,
    nsid?: unknown,
  ): void {
    switch (kind) {
      case NativeEvent.DATAGRAM: {
        // A view of the shim's slab (see native/slab.c): no copy, no allocation per datagram.
        // The slab holds other datagrams too, some not yet delivered: like Node's Buffer pool,
        // it is marked untransferable, so postMessage() copies it instead of taking it away.
        if (a !== this.#slab) {
          this.#slab = a as ArrayBuffer;
          markAsUntransferable(this.#slab);
        }
        const data = Buffer.from(a as ArrayBuffer, b as number, c as number);
        const datagram: NetlinkDatagram = { data, port: d as number, groups: e as number };
        if (nsid !== undefined) datagram.nsid = nsid as number;
        this.emit('datagram', datagram);
        return;
      }
      case NativeEvent.OVERRUN:
        this.emit('overrun');
        return;
      case NativeEvent.DRAINED:
        this.emit('drained');
        return;
      case NativeEvent.TRUNCATED:
        this.#receiveBufferSize = b as number;
        this.emit('error', new DatagramTruncatedError(a as number, b as number));
        return;
      default:
        this.emit('error', toSocketError(a));
    }
  }
}
