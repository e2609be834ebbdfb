// Codec (pure, no I/O)
export * from './codec/attr-tree.js';
export * from './codec/attr-values.js';
export * from './codec/builder.js';
export * from './codec/constants.js';
export * from './codec/errno.js';
export * from './codec/errors.js';
export * from './codec/extack.js';
export * from './codec/flag-names.js';
export * from './codec/message.js';
export * from './codec/reader.js';
export * from './codec/reply-encoder.js';
// Debugging
export { formatDatagram, formatMessage } from './debug/format.js';
export { type Direction, LINKTYPE_NETLINK, PcapWriter } from './debug/pcap-writer.js';
export { recordExchanges } from './debug/recorder.js';
export { nldebugEnabled } from './debug/tracer.js';
// Request engine
export { type ConnectionStats, type DumpResult, NetlinkConnection } from './engine/connection.js';
export { DumpStream } from './engine/dump-stream.js';
export type { NotificationEvent } from './engine/notifications.js';
export type {
  ConnectionOptions,
  DumpAllOptions,
  DumpOptions,
  RequestOptions,
} from './engine/options.js';
export {
  MemoryTransport,
  type MemoryTransportOptions,
  type Peer,
  type RecordedExchange,
  ReplayMismatchError,
  replayPeer,
} from './socket/memory-transport.js';
// Socket: the native AF_NETLINK shim behind Transport (loaded on first use)
export {
  type NetlinkDatagram,
  NetlinkSocket,
  type NetlinkSocketOptions,
} from './socket/netlink-socket.js';
export { DatagramTruncatedError, NetlinkSocketError } from './socket/socket-errors.js';
export type { SocketOptionName } from './socket/socket-options.js';
// Socket contract and the in-memory transport for offline tests and replays
export type { Datagram, SendTarget, Transport } from './socket/transport.js';
