// The codec benchmark's message: a genl request of exactly 352 bytes (nlmsghdr, genlmsghdr,
// 20 attributes of mixed integer and string types, one nest of 8 u32), and a full decode of it
// into a plain object. Shared so the comparison with the `netlink` npm package does the same work.
import type { MessageBuilder } from '../src/codec/builder.js';
import { parseMessages } from '../src/codec/message.js';
import { AttrCursor } from '../src/codec/reader.js';

export const MESSAGE_LENGTH = 352;
const FAMILY_ID = 0x1c;
const GENL_HEADER = Uint8Array.of(3, 1, 0, 0);

export interface BenchRecord {
  cmd: number;
  u8: number[];
  u16: number[];
  u32: number[];
  u64: bigint[];
  strings: string[];
  nest: number[];
}

export const SAMPLE: BenchRecord = {
  cmd: 3,
  u8: [1, 200],
  u16: [443, 65000],
  u32: [1, 2, 3, 4, 100000, 4000000000, 7, 8],
  u64: [1n, 2n ** 40n, 2n ** 63n, 12345678901234n],
  strings: [
    '/mnt/storage/volume-numbr-1',
    '/dev/mapper/vg0-data-lv-991',
    'ext4-journal-xattr-opts',
    'rw,relatime,errors=remo',
  ],
  nest: [10, 20, 30, 40, 50, 60, 70, 80],
};

// Attribute types: 1-2 u8, 3-4 u16, 5-12 u32, 13-16 u64, 17-20 strings, 21 the nest.
export function encodeSample(b: MessageBuilder, r: BenchRecord, seq: number): void {
  b.beginMessage(FAMILY_ID, 0x5, seq).putHeader(GENL_HEADER);
  for (let i = 0; i < 2; i++) b.putU8(1 + i, r.u8[i]!);
  for (let i = 0; i < 2; i++) b.putU16(3 + i, r.u16[i]!);
  for (let i = 0; i < 8; i++) b.putU32(5 + i, r.u32[i]!);
  for (let i = 0; i < 4; i++) b.putU64(13 + i, r.u64[i]!);
  for (let i = 0; i < 4; i++) b.putStringZ(17 + i, r.strings[i]!);
  const nest = b.beginNest(21);
  for (let i = 0; i < 8; i++) b.putU32(i + 1, r.nest[i]!);
  b.endNest(nest).endMessage();
}

export function decodeSample(datagram: Buffer): BenchRecord {
  const [msg] = parseMessages(datagram);
  const p = msg!.payload;
  const r: BenchRecord = { cmd: p[0]!, u8: [], u16: [], u32: [], u64: [], strings: [], nest: [] };
  const c = new AttrCursor(p, 4);
  while (c.next()) {
    const t = c.type;
    if (t <= 2) r.u8.push(c.u8());
    else if (t <= 4) r.u16.push(c.u16());
    else if (t <= 12) r.u32.push(c.u32());
    else if (t <= 16) r.u64.push(c.u64());
    else if (t <= 20) r.strings.push(c.string());
    else if (t === 21) {
      const n = c.children();
      while (n.next()) r.nest.push(n.u32());
    }
  }
  return r;
}
