import { AttrCursor } from '../../src/codec/reader.js';

/** The fields the dump benchmark decodes from each RTM_NEWLINK (as the C baselines did). */
export interface LinkInfo {
  ifindex: number;
  name: string;
  mtu: number;
  operstate: number;
  address: Buffer | undefined;
  rxBytes: bigint;
  txBytes: bigint;
  rxPackets: bigint;
  txPackets: bigint;
}

const IFINFOMSG_LEN = 16;
const IFLA_ADDRESS = 1;
const IFLA_IFNAME = 3;
const IFLA_MTU = 4;
const IFLA_OPERSTATE = 16;
const IFLA_STATS64 = 23;

/** `payload` is the message after nlmsghdr: ifinfomsg + IFLA_*. */
export function decodeLink(payload: Buffer): LinkInfo {
  const link: LinkInfo = {
    ifindex: payload.readInt32LE(4),
    name: '',
    mtu: 0,
    operstate: 0,
    address: undefined,
    rxBytes: 0n,
    txBytes: 0n,
    rxPackets: 0n,
    txPackets: 0n,
  };
  for (const c = new AttrCursor(payload, IFINFOMSG_LEN); c.next(); ) {
    switch (c.type) {
      case IFLA_IFNAME:
        link.name = c.string();
        break;
      case IFLA_MTU:
        link.mtu = c.u32();
        break;
      case IFLA_OPERSTATE:
        link.operstate = c.u8();
        break;
      case IFLA_ADDRESS:
        link.address = c.value();
        break;
      case IFLA_STATS64: {
        // struct rtnl_link_stats64: rx_packets, tx_packets, rx_bytes, tx_bytes, ... (u64 each)
        const o = c.valueOffset;
        link.rxPackets = payload.readBigUInt64LE(o);
        link.txPackets = payload.readBigUInt64LE(o + 8);
        link.rxBytes = payload.readBigUInt64LE(o + 16);
        link.txBytes = payload.readBigUInt64LE(o + 24);
        break;
      }
    }
  }
  return link;
}
