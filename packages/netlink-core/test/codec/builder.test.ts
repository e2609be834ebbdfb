import t from 'tap';
import {
  AttrCursor,
  MessageBuilder,
  NetlinkEncodeError,
  NLA_F_NESTED,
  NlmF,
  parseMessages,
} from '../../src/index.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

t.test('an empty message is a 16-byte host-order nlmsghdr', async (t) => {
  const b = new MessageBuilder().beginMessage(0x10, NlmF.REQUEST | NlmF.ACK, 0x01020304, 7);
  t.equal(hex(b.finish()), '10000000' + '1000' + '0500' + '04030201' + '07000000');
});

t.test('each attribute type has its exact wire form', async (t) => {
  const cases: [string, (b: MessageBuilder) => void, string][] = [
    ['u8', (b) => b.putU8(1, 0xab), '0500' + '0100' + 'ab000000'],
    ['u16', (b) => b.putU16(2, 0x1234), '0600' + '0200' + '34120000'],
    ['u32', (b) => b.putU32(3, 0x12345678), '0800' + '0300' + '78563412'],
    ['u64', (b) => b.putU64(4, 0x0102030405060708n), '0c00' + '0400' + '0807060504030201'],
    ['u64 from number', (b) => b.putU64(4, 2 ** 40 + 5), '0c00' + '0400' + '0500000000010000'],
    ['s8', (b) => b.putS8(5, -2), '0500' + '0500' + 'fe000000'],
    ['s16', (b) => b.putS16(6, -2), '0600' + '0600' + 'feff0000'],
    ['s32', (b) => b.putS32(7, -2), '0800' + '0700' + 'feffffff'],
    ['s64', (b) => b.putS64(8, -2n), '0c00' + '0800' + 'feffffffffffffff'],
    ['be16', (b) => b.putU16BE(9, 0x1234), '0600' + '0940' + '12340000'],
    ['be32', (b) => b.putU32BE(9, 0x12345678), '0800' + '0940' + '12345678'],
    ['be64', (b) => b.putU64BE(9, 1n), '0c00' + '0940' + '0000000000000001'],
    ['s16be', (b) => b.putS16BE(9, -2), '0600' + '0940' + 'fffe0000'],
    ['s32be', (b) => b.putS32BE(9, -2), '0800' + '0940' + 'fffffffe'],
    ['s64be', (b) => b.putS64BE(9, -2n), '0c00' + '0940' + 'fffffffffffffffe'],
    ['string', (b) => b.putString(10, 'eth0'), '0800' + '0a00' + '65746830'],
    ['string z', (b) => b.putStringZ(10, 'eth0'), '0900' + '0a00' + '6574683000000000'],
    ['utf-8 string', (b) => b.putString(10, 'é'), '0600' + '0a00' + 'c3a90000'],
    ['binary', (b) => b.putBinary(11, Uint8Array.of(1, 2, 3)), '0700' + '0b00' + '01020300'],
    ['flag', (b) => b.putFlag(12), '0400' + '0c00'],
  ];
  for (const [name, put, expected] of cases) {
    const b = new MessageBuilder(16);
    put(b);
    t.equal(hex(b.finish()), expected, name);
  }
});

t.test('nests always carry NLA_F_NESTED and their patched length', async (t) => {
  const b = new MessageBuilder();
  const outer = b.beginNest(1);
  b.putU32(2, 1);
  const inner = b.beginNest(3);
  b.putU8(4, 9);
  b.endNest(inner).endNest(outer);
  t.equal(
    hex(b.finish()),
    '1800' +
      '0180' +
      ('0800' + '0200' + '01000000') +
      ('0c00' + '0380' + ('0500' + '0400' + '09000000')),
  );
  t.equal(NLA_F_NESTED, 0x8000);
});

t.test('indexed arrays number their elements from firstIndex', async (t) => {
  const b = new MessageBuilder();
  b.putIndexedArray(5, [7, 8], (w, v, type) => w.putU32(type, v));
  t.equal(hex(b.finish()), '1400' + '0580' + '0800010007000000' + '0800020008000000');
  b.putIndexedArray(5, [7], (w, v, type) => w.putU32(type, v), 0);
  t.equal(hex(b.finish()), '0c00' + '0580' + '0800000007000000');
});

t.test('64-bit values get a PAD attribute only when misaligned', async (t) => {
  // After the 16-byte header the next attribute header sits at 16: its value would be at 20,
  // not 8-aligned, so a 4-byte PAD (type 21) comes first.
  const b = new MessageBuilder().beginMessage(0x10);
  b.putU64(13, 1n, 21);
  t.equal(
    hex(b.finish()),
    '20000000100000000000000000000000' + '04001500' + '0c000d000100000000000000',
  );
  // After one u32 attribute (ends at 24) the value would be at 28... misaligned too: 24+4=28.
  const c = new MessageBuilder().beginMessage(0x10).putU32(1, 0).putU64(13, 1n, 21);
  const bytes = c.finish();
  t.equal(bytes.length, 16 + 8 + 4 + 12, 'pad inserted');
  // After a 4-byte PAD the value lands on a multiple of 8.
  const d = new MessageBuilder().beginMessage(0x10).putFlag(1).putU64(13, 1n, 21).finish();
  t.equal(d.length, 16 + 4 + 12, 'no pad when already aligned');
  t.equal((16 + 4 + 4) % 8, 0);
});

t.test('family header is copied and padded; batch of messages is aligned', async (t) => {
  const b = new MessageBuilder();
  b.beginMessage(0x10, NlmF.REQUEST)
    .putHeader(Uint8Array.of(3, 1, 0))
    .putU8(1, 1)
    .endMessage();
  b.beginMessage(0x11).putFamilyHeader(4, (buf, o) => buf.writeUInt8(9, o));
  const batch = b.finish();
  const msgs = parseMessages(batch);
  t.equal(msgs.length, 2);
  t.equal(hex(msgs[0]!.payload), '03010000' + '0500010001000000');
  t.equal(msgs[1]!.type, 0x11);
  t.equal(hex(msgs[1]!.payload), '09000000');
});

t.test('refuses attributes and nests that overflow nla_len', async (t) => {
  const b = new MessageBuilder();
  t.throws(() => b.putBinary(7, new Uint8Array(65532)), NetlinkEncodeError);
  t.doesNotThrow(() => new MessageBuilder().putBinary(7, new Uint8Array(65531)));
  t.throws(() => new MessageBuilder().putString(7, 'x'.repeat(65532)), NetlinkEncodeError);
  const n = new MessageBuilder();
  const tok = n.beginNest(3);
  for (let i = 0; i < 10; i++) n.putBinary(1, new Uint8Array(8000));
  const err = t.throws(() => n.endNest(tok), NetlinkEncodeError) as NetlinkEncodeError;
  t.equal(err.attrType, 3);
  t.match(err.message, /nest of attribute type 3/);
});

t.test('the buffer grows and keeps earlier bytes', async (t) => {
  const b = new MessageBuilder(64).beginMessage(0x10);
  for (let i = 0; i < 1000; i++) b.putU32(1, i);
  const msg = parseMessages(b.finish())[0]!;
  t.equal(msg.payload.length, 8000);
  t.equal(msg.payload.readUInt32LE(8 * 999 + 4), 999);
});

t.test('a value written while the buffer grows is not lost', async (t) => {
  for (let fill = 0; fill < 80; fill += 4) {
    const b = new MessageBuilder(64);
    if (fill > 4) b.putBinary(1, new Uint8Array(fill - 4));
    b.putU32(2, 0xdeadbeef).putU64(3, 5n).putS32(4, -1).putU16BE(5, 7);
    const c = new AttrCursor(b.finish());
    const got: unknown[] = [];
    const read = [() => c.u32(), () => c.u64(), () => c.s32(), () => c.u16()];
    while (c.next()) if (c.type !== 1) got.push(read[c.type - 2]!());
    t.same(got, [0xdeadbeef, 5n, -1, 7], `after ${fill} bytes`);
  }
});

t.test('values that do not fit their type are refused with NetlinkEncodeError', async (t) => {
  const b = new MessageBuilder();
  const bad: [string, () => unknown][] = [
    ['u8 256', () => b.putU8(1, 256)],
    ['u8 -1', () => b.putU8(1, -1)],
    ['u16 65536', () => b.putU16(1, 65536)],
    ['u32 2^32', () => b.putU32(1, 2 ** 32)],
    ['u32 1.5', () => b.putU32(1, 1.5)],
    ['s8 128', () => b.putS8(1, 128)],
    ['s16 -32769', () => b.putS16(1, -32769)],
    ['s32 2^31', () => b.putS32(1, 2 ** 31)],
    ['u64 -1n', () => b.putU64(1, -1n)],
    ['u64 2^64', () => b.putU64(1, 2n ** 64n)],
    ['u64 unsafe number', () => b.putU64(1, 2 ** 60)],
    ['s64 2^63', () => b.putS64(1, 2n ** 63n)],
    ['be32 -1', () => b.putU32BE(1, -1)],
  ];
  for (const [name, put] of bad) t.throws(put, NetlinkEncodeError, name);
  t.equal(b.length, 0, 'nothing was written');
});
