import { closeSync, openSync, writeSync } from 'node:fs';

/** LINKTYPE_NETLINK: each record starts with Linux's 16-byte "cooked" netlink header. */
export const LINKTYPE_NETLINK = 253;
const ARPHRD_NETLINK = 824;
/** sll_pkttype values Wireshark shows as direction. */
const PACKET_HOST = 0;
const PACKET_OUTGOING = 4;
const COOKED_HEADER_LEN = 16;
const SNAPLEN = 0x40000;

export type Direction = 'send' | 'recv';

/**
 * Writes netlink traffic as a classic pcap file (microsecond timestamps, host byte order
 * headers, as libpcap writes them) that tshark and Wireshark open with their netlink
 * dissectors. The sink receives whole chunks; open() writes to a file synchronously so a
 * crash still leaves every earlier record on disk.
 */
export class PcapWriter {
  private closed = false;

  constructor(
    private readonly sink: (chunk: Buffer) => void,
    private readonly onClose: () => void = () => {},
  ) {
    const h = Buffer.alloc(24);
    h.writeUInt32LE(0xa1b2c3d4, 0); // magic: microsecond resolution
    h.writeUInt16LE(2, 4);
    h.writeUInt16LE(4, 6);
    h.writeInt32LE(0, 8); // thiszone
    h.writeUInt32LE(0, 12); // sigfigs
    h.writeUInt32LE(SNAPLEN, 16);
    h.writeUInt32LE(LINKTYPE_NETLINK, 20);
    sink(h);
  }

  static open(path: string): PcapWriter {
    const fd = openSync(path, 'w');
    return new PcapWriter(
      (chunk) => {
        writeSync(fd, chunk);
      },
      () => closeSync(fd),
    );
  }

  /** Collects the file in memory (tests, or to attach a capture to a bug report). */
  static inMemory(): { writer: PcapWriter; bytes: () => Buffer } {
    const chunks: Buffer[] = [];
    return { writer: new PcapWriter((c) => chunks.push(c)), bytes: () => Buffer.concat(chunks) };
  }

  /** Record one datagram of `protocol` (NETLINK_ROUTE = 0, NETLINK_GENERIC = 16, ...). */
  write(data: Uint8Array, direction: Direction, protocol: number, timeMs = Date.now()): void {
    if (this.closed) return;
    const caplen = Math.min(data.length, SNAPLEN - COOKED_HEADER_LEN);
    const rec = Buffer.alloc(16 + COOKED_HEADER_LEN);
    const seconds = Math.floor(timeMs / 1000);
    rec.writeUInt32LE(seconds, 0);
    rec.writeUInt32LE(Math.floor((timeMs - seconds * 1000) * 1000), 4);
    rec.writeUInt32LE(caplen + COOKED_HEADER_LEN, 8);
    rec.writeUInt32LE(data.length + COOKED_HEADER_LEN, 12);
    // Cooked header: network byte order, as the LINKTYPE_NETLINK definition requires.
    rec.writeUInt16BE(direction === 'send' ? PACKET_OUTGOING : PACKET_HOST, 16);
    rec.writeUInt16BE(ARPHRD_NETLINK, 18);
    rec.writeUInt16BE(protocol, 30);
    this.sink(Buffer.concat([rec, data.subarray(0, caplen)]));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose();
  }
}
