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
// Socket contract
export type { Datagram, SendTarget, Transport } from './socket/transport.js';
// Socket: the native AF_NETLINK shim behind Transport (loaded on first use)
export { NetlinkSocket, type NetlinkSocketOptions } from './socket/netlink-socket.js';
export { DatagramTruncatedError, NetlinkSocketError } from './socket/socket-errors.js';
export type { SocketOptionName } from './socket/socket-options.js';
