import type { NativeConstants } from './native.js';

/** Socket options by name; each maps to a (level, optname) pair taken from the C headers. */
export type SocketOptionName =
  | 'EXT_ACK'
  | 'CAP_ACK'
  | 'GET_STRICT_CHK'
  | 'NO_ENOBUFS'
  | 'LISTEN_ALL_NSID'
  | 'BROADCAST_ERROR'
  | 'PKTINFO'
  | 'SO_RCVBUF'
  | 'SO_RCVBUFFORCE'
  | 'SO_SNDBUF'
  | 'SO_SNDBUFFORCE';

export interface OptionAddress {
  level: number;
  name: number;
}

export function optionAddress(c: NativeConstants, option: SocketOptionName): OptionAddress {
  switch (option) {
    case 'SO_RCVBUF':
    case 'SO_RCVBUFFORCE':
    case 'SO_SNDBUF':
    case 'SO_SNDBUFFORCE':
      return { level: c.SOL_SOCKET, name: c[option] };
    default:
      return { level: c.SOL_NETLINK, name: c[`NETLINK_${option}`] };
  }
}
