import type { EventEmitter } from 'node:events';

/** One whole datagram as received from an AF_NETLINK socket. */
export interface Datagram {
  /**
   * One whole datagram (may hold several netlink messages). Ownership passes to the
   * listener: decoded messages are views into it, so a transport must never reuse it.
   */
  data: Buffer;
  /** Sender's port id (0 = kernel). */
  port: number;
  /** Sender's nl_groups bitmask; non-zero means multicast. */
  groups: number;
}

/** Where to send: a port id (0 = kernel) and/or a multicast group mask. */
export interface SendTarget {
  port?: number;
  groups?: number;
}

/**
 * The only thing the request engine knows about a socket. Implemented by `NetlinkSocket`
 * (the native shim) and by `MemoryTransport` (offline tests, replay).
 *
 * Events: 'datagram' (d: Datagram), 'overrun' () when the kernel dropped messages (ENOBUFS),
 * 'error' (err: Error), 'close' ().
 *
 * Optional event: 'drained' () once, after an overrun, the transport has read the kernel's
 * receive queue empty. Until then the kernel silently drops every further message for the
 * socket (NETLINK_S_CONGESTED); from then on it delivers again. The engine probes for lost
 * replies at that moment (see NetlinkConnection); a transport that never emits it gets no probe.
 */
export interface Transport extends EventEmitter {
  readonly protocol: number;
  readonly portId: number;
  send(data: Uint8Array, to?: SendTarget): void;
  addMembership(group: number): void;
  dropMembership(group: number): void;
  /** Stop reading (back-pressure); datagrams queue in the kernel. */
  pause(): void;
  resume(): void;
  close(): void;
  /**
   * Optional: setsockopt(level, name, int value). The engine uses it for
   * SOL_NETLINK (270) options such as NETLINK_EXT_ACK (11), NETLINK_CAP_ACK (10) and
   * NETLINK_GET_STRICT_CHK (12). Transports without it simply skip those defaults.
   */
  setOption?(level: number, name: number, value: number): void;
}
