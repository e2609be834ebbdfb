// The codec's fast paths (integers written with their padding in one store, byte-load
// reads, JS-copied ASCII strings, byte-load nlmsghdr parsing) checked against Node's own
// Buffer writers and TextDecoder as references, for arbitrary values.
import fc from 'fast-check';
import t from 'tap';
import { AttrCursor, MessageBuilder, NLA_F_NET_BYTEORDER, parseMessages } from '../../src/index.js';

/** Reference wire form of one attribute: header, value bytes, zero padding. */
function attr(type: number, value: Buffer): Buffer {
  const out = Buffer.alloc((4 + value.length + 3) & ~3);
  out.writeUInt16LE(4 + value.length, 0);
  out.writeUInt16LE(type, 2);
  value.copy(out, 4);
  return out;
}

function bytes(size: number, write: (b: Buffer) => void): Buffer {
  const b = Buffer.alloc(size);
  write(b);
  return b;
}

const BE = NLA_F_NET_BYTEORDER;
const type = fc.integer({ min: 1, max: 0x3fff });
const u64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
const s64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });

interface IntCase {
  name: string;
  arb: fc.Arbitrary<number> | fc.Arbitrary<bigint>;
  put: (b: MessageBuilder, type: number, v: never) => void;
  wire: (type: number, v: never) => Buffer;
  get: (c: AttrCursor) => number | bigint;
}

const ints: IntCase[] = [
  {
    name: 'u8',
    arb: fc.integer({ min: 0, max: 0xff }),
    put: (b, ty, v) => b.putU8(ty, v),
    wire: (ty, v) =>
      attr(
        ty,
        bytes(1, (b) => b.writeUInt8(v)),
      ),
    get: (c) => c.u8(),
  },
  {
    name: 'u16',
    arb: fc.integer({ min: 0, max: 0xffff }),
    put: (b, ty, v) => b.putU16(ty, v),
    wire: (ty, v) =>
      attr(
        ty,
        bytes(2, (b) => b.writeUInt16LE(v)),
      ),
    get: (c) => c.u16(),
  },
  {
    name: 'u32',
    arb: fc.integer({ min: 0, max: 0xffffffff }),
    put: (b, ty, v) => b.putU32(ty, v),
    wire: (ty, v) =>
      attr(
        ty,
        bytes(4, (b) => b.writeUInt32LE(v)),
      ),
    get: (c) => c.u32(),
  },
  {
    name: 's8',
    arb: fc.integer({ min: -0x80, max: 0x7f }),
    put: (b, ty, v) => b.putS8(ty, v),
    wire: (ty, v) =>
      attr(
        ty,
        bytes(1, (b) => b.writeInt8(v)),
      ),
    get: (c) => c.s8(),
  },
  {
    name: 's16',
    arb: fc.integer({ min: -0x8000, max: 0x7fff }),
    put: (b, ty, v) => b.putS16(ty, v),
    wire: (ty, v) =>
      attr(
        ty,
        bytes(2, (b) => b.writeInt16LE(v)),
      ),
    get: (c) => c.s16(),
  },
  {
    name: 's32',
    arb: fc.integer({ min: -0x80000000, max: 0x7fffffff }),
    put: (b, ty, v) => b.putS32(ty, v),
    wire: (ty, v) =>
      attr(
        ty,
        bytes(4, (b) => b.writeInt32LE(v)),
      ),
    get: (c) => c.s32(),
  },
  {
    name: 'u16 BE',
    arb: fc.integer({ min: 0, max: 0xffff }),
    put: (b, ty, v) => b.putU16BE(ty, v),
    wire: (ty, v) =>
      attr(
        ty | BE,
        bytes(2, (b) => b.writeUInt16BE(v)),
      ),
    get: (c) => c.u16(),
  },
  {
    name: 's16 BE',
    arb: fc.integer({ min: -0x8000, max: 0x7fff }),
    put: (b, ty, v) => b.putS16BE(ty, v),
    wire: (ty, v) =>
      attr(
        ty | BE,
        bytes(2, (b) => b.writeInt16BE(v)),
      ),
    get: (c) => c.s16(),
  },
  {
    name: 'u32 BE',
    arb: fc.integer({ min: 0, max: 0xffffffff }),
    put: (b, ty, v) => b.putU32BE(ty, v),
    wire: (ty, v) =>
      attr(
        ty | BE,
        bytes(4, (b) => b.writeUInt32BE(v)),
      ),
    get: (c) => c.u32(),
  },
  {
    name: 's32 BE',
    arb: fc.integer({ min: -0x80000000, max: 0x7fffffff }),
    put: (b, ty, v) => b.putS32BE(ty, v),
    wire: (ty, v) =>
      attr(
        ty | BE,
        bytes(4, (b) => b.writeInt32BE(v)),
      ),
    get: (c) => c.s32(),
  },
  {
    name: 'u64',
    arb: u64,
    put: (b, ty, v) => b.putU64(ty, v),
    wire: (ty, v) =>
      attr(
        ty,
        bytes(8, (b) => b.writeBigUInt64LE(v)),
      ),
    get: (c) => c.u64(),
  },
  {
    name: 'u64 from a number',
    arb: fc.maxSafeNat(),
    put: (b, ty, v) => b.putU64(ty, v),
    wire: (ty, v) =>
      attr(
        ty,
        bytes(8, (b) => b.writeBigUInt64LE(BigInt(v))),
      ),
    get: (c) => c.u64Number(),
  },
  {
    name: 's64',
    arb: s64,
    put: (b, ty, v) => b.putS64(ty, v),
    wire: (ty, v) =>
      attr(
        ty,
        bytes(8, (b) => b.writeBigInt64LE(v)),
      ),
    get: (c) => c.s64(),
  },
  {
    name: 'u64 BE',
    arb: u64,
    put: (b, ty, v) => b.putU64BE(ty, v),
    wire: (ty, v) =>
      attr(
        ty | BE,
        bytes(8, (b) => b.writeBigUInt64BE(v)),
      ),
    get: (c) => c.u64(),
  },
  {
    name: 's64 BE',
    arb: s64,
    put: (b, ty, v) => b.putS64BE(ty, v),
    wire: (ty, v) =>
      attr(
        ty | BE,
        bytes(8, (b) => b.writeBigInt64BE(v)),
      ),
    get: (c) => c.s64(),
  },
];

t.test('integer attributes: Buffer-writer bytes, and read back as written', async (t) => {
  for (const k of ints) {
    fc.assert(
      fc.property(type, k.arb as fc.Arbitrary<never>, fc.nat(40), (ty, v, before) => {
        // A few bytes before it, so the attribute lands at varied offsets and buffer states.
        const b = new MessageBuilder(64).putBinary(1, new Uint8Array(before));
        const lead = b.length;
        k.put(b, ty, v);
        const out = b.finish();
        if (!out.subarray(lead).equals(k.wire(ty, v))) {
          t.fail(`${k.name} ${v}: ${out.subarray(lead).toString('hex')}`);
        }
        const c = new AttrCursor(out, lead);
        if (!c.next() || k.get(c) !== v) t.fail(`${k.name} ${v} read back`);
      }),
      { numRuns: 300 },
    );
    t.pass(k.name);
  }
});

const decoder = new TextDecoder();
const asciiString = fc.string({ unit: fc.integer({ min: 0, max: 0x7f }).map(String.fromCharCode) });
const anyString = fc.string({ unit: 'binary', maxLength: 80 });

t.test(
  'strings are the UTF-8 Buffer.from() makes, ASCII or not, NUL-terminated or not',
  async (t) => {
    fc.assert(
      fc.property(fc.oneof(asciiString, anyString), fc.boolean(), (s, z) => {
        const b = new MessageBuilder(64);
        const out = (z ? b.putStringZ(3, s) : b.putString(3, s)).finish();
        const utf8 = Buffer.from(s, 'utf8');
        t.ok(
          out.equals(attr(3, z ? Buffer.concat([utf8, Buffer.of(0)]) : utf8)),
          JSON.stringify(s),
        );
      }),
      { numRuns: 1000 },
    );
  },
);

t.test('string attributes decode exactly as TextDecoder does, valid UTF-8 or not', async (t) => {
  const ascii = fc.uint8Array({ min: 1, max: 0x7f, maxLength: 70 });
  const anyBytes = fc.uint8Array({ maxLength: 70 });
  const text = anyString.map((s) => new Uint8Array(Buffer.from(s, 'utf8')));
  fc.assert(
    fc.property(fc.oneof(ascii, anyBytes, text), (value) => {
      const out = new MessageBuilder(64).putBinary(4, value).finish();
      const c = new AttrCursor(out);
      c.next();
      // A single trailing NUL is the C terminator, not text.
      const n = value.length > 0 && value[value.length - 1] === 0 ? value.length - 1 : value.length;
      t.equal(c.string(), decoder.decode(value.subarray(0, n)));
    }),
    { numRuns: 1000 },
  );
});

t.test('nlmsghdr fields parse as Buffer readers read them, in batches', async (t) => {
  const header = fc.record({
    type: fc.integer({ min: 0, max: 0xffff }),
    flags: fc.integer({ min: 0, max: 0xffff }),
    seq: fc.integer({ min: 0, max: 0xffffffff }),
    pid: fc.integer({ min: 0, max: 0xffffffff }),
    payload: fc.uint8Array({ maxLength: 21 }),
  });
  fc.assert(
    fc.property(fc.array(header, { minLength: 1, maxLength: 5 }), (hs) => {
      const b = new MessageBuilder(32);
      for (const h of hs) b.beginMessage(h.type, h.flags, h.seq, h.pid).putHeader(h.payload);
      const datagram = b.finish();
      const got = parseMessages(datagram);
      let off = 0;
      got.forEach((m, i) => {
        const len = datagram.readUInt32LE(off);
        t.same(
          [m.type, m.flags, m.seq, m.pid],
          [
            datagram.readUInt16LE(off + 4),
            datagram.readUInt16LE(off + 6),
            datagram.readUInt32LE(off + 8),
            datagram.readUInt32LE(off + 12),
          ],
        );
        t.same(
          [m.type, m.flags, m.seq, m.pid],
          [hs[i]!.type, hs[i]!.flags, hs[i]!.seq, hs[i]!.pid],
        );
        t.equal(m.payload.length, len - 16);
        off += (len + 3) & ~3;
      });
      t.equal(got.length, hs.length);
    }),
    { numRuns: 300 },
  );
});
