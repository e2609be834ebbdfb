import fc from 'fast-check';
import t from 'tap';
import {
  type AttrNode,
  decodeAttrs,
  decodeDonePayload,
  decodeErrorPayload,
  decodeHeader,
  encodeAttrs,
  encodeHeader,
  MessageBuilder,
  NetlinkDecodeError,
  NlMsgType,
  parseMessages,
} from '../../src/index.js';

const attrType = fc.integer({ min: 0, max: 0x3fff });
const leaf: fc.Arbitrary<AttrNode> = fc.oneof(
  fc.record({ type: attrType, data: fc.uint8Array({ maxLength: 40 }) }),
  fc.record({
    type: attrType,
    netByteOrder: fc.constant(true),
    data: fc.uint8Array({ maxLength: 9 }),
  }),
);
const { tree } = fc.letrec<{ node: AttrNode; tree: AttrNode[] }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record({ type: attrType, nested: tie('tree') }),
  ),
  tree: fc.array(tie('node'), { maxLength: 6 }),
}));

/** Compare trees structurally with plain arrays instead of Buffer views. */
function plain(nodes: AttrNode[]): unknown {
  return nodes.map((n) =>
    'nested' in n
      ? { type: n.type, nested: plain(n.nested) }
      : { type: n.type, be: n.netByteOrder === true, data: [...n.data] },
  );
}

t.test('decode(encode(tree)) == tree for arbitrary attribute trees', async (t) => {
  fc.assert(
    fc.property(tree, (x) => {
      t.same(plain(decodeAttrs(encodeAttrs(x))), plain(x));
    }),
    { numRuns: 300 },
  );
});

t.test('decode(encode(header)) == header, inside whole messages too', async (t) => {
  const header = fc.record({
    type: fc.integer({ min: 0, max: 0xffff }),
    flags: fc.integer({ min: 0, max: 0xffff }),
    seq: fc.integer({ min: 0, max: 0xffffffff }),
    pid: fc.integer({ min: 0, max: 0xffffffff }),
  });
  fc.assert(
    fc.property(header, tree, (h, x) => {
      const buf = Buffer.alloc(16);
      encodeHeader({ length: 16, ...h }, buf);
      t.same(decodeHeader(buf), { length: 16, ...h });
      const msg = new MessageBuilder()
        .beginMessage(h.type, h.flags, h.seq, h.pid)
        .putAttrs(x)
        .finish();
      const [m] = parseMessages(msg);
      t.same({ type: m!.type, flags: m!.flags, seq: m!.seq, pid: m!.pid }, h);
      t.same(plain(decodeAttrs(m!.payload)), plain(x));
    }),
    { numRuns: 200 },
  );
});

/** Only NetlinkDecodeError may escape a decoder fed garbage. */
function onlyDecodeErrors(f: () => unknown): boolean {
  try {
    f();
    return true;
  } catch (e) {
    return e instanceof NetlinkDecodeError;
  }
}

t.test('arbitrary bytes never throw anything but NetlinkDecodeError', async (t) => {
  fc.assert(
    fc.property(
      fc.uint8Array({ maxLength: 200 }),
      fc.integer({ min: 0, max: 0xffff }),
      (bytes, flags) => {
        const buf = Buffer.from(bytes);
        t.ok(onlyDecodeErrors(() => parseMessages(buf)));
        t.ok(onlyDecodeErrors(() => decodeAttrs(buf)));
        t.ok(onlyDecodeErrors(() => decodeHeader(buf)));
        const asMsg = (type: number) => ({ type, flags, seq: 0, pid: 0, payload: buf });
        t.ok(onlyDecodeErrors(() => decodeErrorPayload(asMsg(NlMsgType.ERROR))));
        t.ok(onlyDecodeErrors(() => decodeDonePayload(asMsg(NlMsgType.DONE))));
      },
    ),
    { numRuns: 1000 },
  );
});

t.test('mutated valid messages never throw anything but NetlinkDecodeError', async (t) => {
  fc.assert(
    fc.property(tree, fc.nat(), fc.integer({ min: 0, max: 255 }), (x, at, byte) => {
      const msg = new MessageBuilder().beginMessage(0x10).putAttrs(x).finish();
      msg[at % msg.length] = byte;
      t.ok(
        onlyDecodeErrors(() => {
          for (const m of parseMessages(msg)) decodeAttrs(m.payload);
        }),
      );
    }),
    { numRuns: 500 },
  );
});
