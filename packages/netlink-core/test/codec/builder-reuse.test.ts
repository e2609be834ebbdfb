// finish() hands out views of the builder's buffer and the builder writes on after them:
// whatever it writes next, in the same buffer or a new one, must leave earlier results intact.
import fc from 'fast-check';
import t from 'tap';
import { AttrCursor, MessageBuilder, parseMessages } from '../../src/index.js';

/** One message: u32 attributes of the given values, some of them inside a nest. */
function build(b: MessageBuilder, seq: number, values: number[], nestAt: number): Buffer {
  b.beginMessage(0x10, 0, seq);
  let nest = -1;
  values.forEach((v, i) => {
    if (i === nestAt) nest = b.beginNest(99);
    b.putU32(1 + i, v);
  });
  if (nest !== -1) b.endNest(nest);
  return b.finish();
}

/** The values back out of a message built by build(), in order. */
function read(msg: Buffer): { seq: number; values: number[] } {
  const [m] = parseMessages(msg);
  const values: number[] = [];
  const walk = (c: AttrCursor) => {
    while (c.next()) {
      if (c.type === 99) walk(c.children());
      else values.push(c.u32());
    }
  };
  walk(new AttrCursor(m!.payload));
  return { seq: m!.seq, values };
}

const message = fc.record({
  values: fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 300 }),
  nestAt: fc.integer({ min: -1, max: 300 }),
});

t.test('every finished message survives the messages built after it', async (t) => {
  fc.assert(
    fc.property(
      fc.integer({ min: 64, max: 2048 }),
      fc.array(message, { minLength: 1, maxLength: 40 }),
      (capacity, msgs) => {
        const b = new MessageBuilder(capacity);
        const out = msgs.map((m, seq) => build(b, seq, m.values, m.nestAt));
        out.forEach((buf, seq) => {
          t.same(read(buf), { seq, values: msgs[seq]!.values });
        });
      },
    ),
    { numRuns: 200 },
  );
});

t.test('finished messages never share bytes', async (t) => {
  const b = new MessageBuilder(64);
  const out = Array.from({ length: 200 }, (_, i) => build(b, i, [i, i + 1], -1));
  const spans = out
    .map((m) => ({ ab: m.buffer, from: m.byteOffset, to: m.byteOffset + m.length }))
    .sort((x, y) => (x.ab === y.ab ? x.from - y.from : 0));
  for (let i = 1; i < spans.length; i++) {
    const [p, q] = [spans[i - 1]!, spans[i]!];
    if (p.ab === q.ab) t.ok(p.to <= q.from, `message ${i} starts after the one before`);
  }
  t.same(read(out[150]!), { seq: 150, values: [150, 151] });
});

t.test('a nest opened before the buffer grows is closed at its new place', async (t) => {
  // The first message fills most of the buffer, so the second one moves while its nest is open.
  const b = new MessageBuilder(256);
  const first = build(
    b,
    1,
    Array.from({ length: 25 }, (_, i) => i),
    -1,
  );
  b.beginMessage(0x10, 0, 2);
  const nest = b.beginNest(99);
  for (let i = 0; i < 50; i++) b.putU32(1 + i, 1000 + i);
  b.endNest(nest);
  const second = b.finish();
  t.same(
    read(second).values,
    Array.from({ length: 50 }, (_, i) => 1000 + i),
  );
  t.same(
    read(first).values,
    Array.from({ length: 25 }, (_, i) => i),
  );
  t.not(first.buffer, second.buffer, 'the second message moved to a new buffer');
});

t.test('reset() drops only what was not finished', async (t) => {
  const b = new MessageBuilder(128);
  const kept = build(b, 7, [1, 2, 3], -1);
  b.beginMessage(0x10).putU32(1, 0xdead);
  b.reset();
  t.equal(b.length, 0);
  const next = build(b, 8, [4], -1);
  t.same(read(kept), { seq: 7, values: [1, 2, 3] });
  t.same(read(next), { seq: 8, values: [4] });
});

t.test('64-bit padding is counted from the start of the unfinished content', async (t) => {
  const b = new MessageBuilder(128);
  // 4 bytes handed out: in the buffer, the next value would sit at 8 and look aligned, but the
  // receiver sees it at 4 from the start of what it gets, so a PAD attribute must come first.
  b.putFlag(1).finish();
  const bytes = b.putU64(2, 5n, 3).finish();
  t.equal(bytes.length, 4 + 12, 'a PAD attribute first');
  t.equal(bytes.readUInt16LE(2), 3);
});
