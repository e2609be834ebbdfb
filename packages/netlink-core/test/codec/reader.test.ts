import t from 'tap';
import {
  AttrCursor,
  decodeHeader,
  getS8,
  getS64,
  getString,
  getStringZ,
  getU16,
  getU32,
  getU32BE,
  getU64,
  MessageBuilder,
  NetlinkDecodeError,
  parseAttrs,
  parseMessages,
  parseNestedArray,
} from '../../src/index.js';

const bytes = (h: string) => Buffer.from(h, 'hex');

t.test('header fields decode in host byte order', async (t) => {
  t.same(decodeHeader(bytes('1400000010000503040302010700000000000000')), {
    length: 20,
    type: 16,
    flags: 0x305,
    seq: 0x01020304,
    pid: 7,
  });
  t.throws(() => decodeHeader(bytes('10000000')), NetlinkDecodeError);
});

t.test('a datagram splits into messages whose payloads are views', async (t) => {
  const d = new MessageBuilder()
    .beginMessage(0x10, 0, 1)
    .putU8(1, 5)
    .beginMessage(0x11, 0, 2)
    .putU32(2, 9)
    .finish();
  const msgs = parseMessages(d);
  t.same(
    msgs.map((m) => [m.type, m.seq, m.payload.length]),
    [
      [0x10, 1, 8],
      [0x11, 2, 8],
    ],
  );
  t.equal(msgs[0]!.payload.buffer, d.buffer, 'no copy');
});

t.test('malformed datagrams are NetlinkDecodeErrors', async (t) => {
  t.throws(() => parseMessages(bytes('0f000000')), NetlinkDecodeError, 'truncated header');
  t.throws(() => parseMessages(bytes('08000000100000000000000000000000')), NetlinkDecodeError);
  t.throws(
    () => parseMessages(bytes('20000000100000000000000000000000')),
    NetlinkDecodeError,
    'length past end',
  );
});

t.test('the cursor walks, reads typed values and honours NLA_F_NET_BYTEORDER', async (t) => {
  const b = new MessageBuilder()
    .putU8(1, 200)
    .putS16(2, -3)
    .putU32BE(3, 0x01020304)
    .putU64(4, 2n ** 63n)
    .putStringZ(5, 'lo')
    .putFlag(6);
  const n = b.beginNest(7);
  b.putU32(1, 42).endNest(n);
  const buf = b.finish();
  const c = new AttrCursor(buf);
  const seen: unknown[] = [];
  while (c.next()) {
    switch (c.type) {
      case 1:
        seen.push(c.u8());
        break;
      case 2:
        seen.push(c.s16());
        break;
      case 3:
        seen.push(c.netByteOrder, c.u32());
        break;
      case 4:
        seen.push(c.u64());
        break;
      case 5:
        seen.push(c.string());
        break;
      case 6:
        seen.push(c.valueLength);
        break;
      case 7: {
        const k = c.children();
        t.ok(c.nested);
        k.next();
        seen.push(k.type, k.u32());
      }
    }
  }
  t.same(seen, [200, -3, true, 0x01020304, 2n ** 63n, 'lo', 0, 1, 42]);
});

t.test('wrong value sizes and bad nests are NetlinkDecodeErrors', async (t) => {
  const buf = new MessageBuilder().putU16(1, 1).finish();
  const c = new AttrCursor(buf);
  c.next();
  t.throws(() => c.u32(), NetlinkDecodeError);
  t.throws(() => getU32(Uint8Array.of(1, 2)), NetlinkDecodeError);
  // nla_len 2 (shorter than the header) and nla_len past the end
  t.throws(() => new AttrCursor(bytes('02000100')).next(), NetlinkDecodeError);
  t.throws(() => new AttrCursor(bytes('0c000100ffffffff')).next(), NetlinkDecodeError);
  // a nest whose content is garbage
  const nest = bytes('0c000180' + '09000100ffffffff');
  const k = new AttrCursor(nest);
  k.next();
  t.throws(() => k.children().next(), NetlinkDecodeError);
  t.throws(() => getStringZ(bytes('6162')), NetlinkDecodeError);
});

t.test('AttrSet keeps repeated attributes and unknown types; value getters', async (t) => {
  const buf = new MessageBuilder()
    .putU32(1, 1)
    .putString(2, 'a')
    .putU32(1, 2)
    .putBinary(999, Uint8Array.of(7))
    .putU32(1, 3)
    .finish();
  const set = parseAttrs(buf);
  t.same(set.types(), [1, 2, 999]);
  t.same(
    set.all(1).map((v) => getU32(v)),
    [1, 2, 3],
  );
  t.equal(getString(set.get(2)!), 'a');
  t.same([...set.get(999)!], [7]);
  t.equal(set.has(3), false);
  t.same(set.all(3), []);
  t.equal(getU16(bytes('3412')), 0x1234);
  t.equal(getU32BE(bytes('01020304')), 0x01020304);
  t.equal(getU64(bytes('0100000000000000')), 1n);
  t.equal(getS64(bytes('ffffffffffffffff')), -1n);
  t.equal(getS8(bytes('ff')), -1);
  t.equal(getStringZ(bytes('61620063')), 'ab');
});

t.test('indexed arrays read back in order', async (t) => {
  const b = new MessageBuilder();
  b.putIndexedArray(1, [10, 20, 30], (w, v, type) => w.putU32(type, v));
  const c = new AttrCursor(b.finish());
  c.next();
  t.same(
    parseNestedArray(c.value()).map((v) => getU32(v)),
    [10, 20, 30],
  );
});

t.test('u64Number avoids BigInt and is exact below 2^53', async (t) => {
  const c = new AttrCursor(new MessageBuilder().putU64(1, 2 ** 52 + 3).finish());
  c.next();
  t.equal(c.u64Number(), 2 ** 52 + 3);
});
