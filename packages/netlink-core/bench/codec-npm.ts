// The same 352-byte message encoded and decoded with the `netlink` npm package's own codec
// (putObject/getObject attribute streams, formatMessage/parseMessages), for the codec bench.
import { createRequire } from 'node:module';
import type { BenchRecord } from './codec-message.js';

type Stream = { emit(d: unknown): void; push(type: number, d: unknown): void; bufs: Uint8Array[] };
type Fn = (...a: never[]) => unknown;
interface NpmCodec {
  AttrStream: new () => Stream;
  formatMessage(m: {
    type: number;
    flags: number;
    seq: number;
    port: number;
    data: unknown;
  }): Uint8Array[];
  parseMessages(b: Buffer): { data: Buffer }[];
  formatGenlHeader(h: { cmd: number; version: number }): Buffer;
  parseGenlHeader(b: Buffer): { x: { cmd: number }; consumed: number };
  parseAttributes(b: Buffer, fn: (a: { type: number; data: Buffer }) => void): void;
  [k: string]: Fn | unknown;
}

export function loadNpmCodec(): ((r: BenchRecord, seq: number) => BenchRecord) | undefined {
  let n: NpmCodec;
  try {
    n = createRequire(import.meta.url)('netlink') as NpmCodec;
  } catch {
    return undefined;
  }
  const put = (name: string) => n[name] as (v: never) => Buffer;
  const get = (name: string) => n[name] as (b: Buffer) => never;
  const putU8 = put('putU8');
  const putU16 = put('putU16');
  const putU32 = put('putU32');
  const putU64 = put('putU64');
  const putString = put('putString');
  const getU8 = get('getU8');
  const getU16 = get('getU16');
  const getU32 = get('getU32');
  const getU64 = get('getU64');
  const getString = get('getString');

  const encode = (r: BenchRecord, seq: number): Buffer => {
    const s = new n.AttrStream();
    s.emit(n.formatGenlHeader({ cmd: r.cmd, version: 1 }));
    for (let i = 0; i < 2; i++) s.push(1 + i, putU8(r.u8[i] as never));
    for (let i = 0; i < 2; i++) s.push(3 + i, putU16(r.u16[i] as never));
    for (let i = 0; i < 8; i++) s.push(5 + i, putU32(r.u32[i] as never));
    for (let i = 0; i < 4; i++) s.push(13 + i, putU64(r.u64[i] as never));
    for (let i = 0; i < 4; i++) s.push(17 + i, putString(r.strings[i] as never));
    s.push(21 | 0x8000, (inner: Stream) => {
      for (let i = 0; i < 8; i++) inner.push(i + 1, putU32(r.nest[i] as never));
    });
    return Buffer.concat(n.formatMessage({ type: 0x1c, flags: 5, seq, port: 0, data: s.bufs }));
  };

  const decode = (buf: Buffer): BenchRecord => {
    const [msg] = n.parseMessages(buf);
    const { x: hdr, consumed } = n.parseGenlHeader(msg!.data);
    const r: BenchRecord = {
      cmd: hdr.cmd,
      u8: [],
      u16: [],
      u32: [],
      u64: [],
      strings: [],
      nest: [],
    };
    n.parseAttributes(msg!.data.subarray(consumed), ({ type, data }) => {
      const t = type & 0x3fff;
      if (t <= 2) r.u8.push(getU8(data));
      else if (t <= 4) r.u16.push(getU16(data));
      else if (t <= 12) r.u32.push(getU32(data));
      else if (t <= 16) r.u64.push(getU64(data));
      else if (t <= 20) r.strings.push(getString(data));
      else n.parseAttributes(data, (a) => r.nest.push(getU32(a.data)));
    });
    return r;
  };

  return (r, seq) => decode(encode(r, seq));
}
