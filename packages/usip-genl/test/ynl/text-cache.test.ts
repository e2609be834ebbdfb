import { equal } from 'node:assert/strict';
import fc from 'fast-check';
import t from 'tap';
import { decodeText } from '../../src/ynl/codec/text-cache.js';

// decodeText remembers short ASCII strings by their bytes; whatever it remembered, each answer
// must be what Buffer#toString makes of the same bytes.

/** Values as attributes carry them: often repeated, sometimes only nearly (same length, one byte off). */
const value = fc.oneof(
  fc
    .constantFrom('/', 'tmpfs', 'ext4', 'rw', 'rw,relatime', 'ro', '', 'proc')
    .map((s) => Buffer.from(s)),
  fc.uint8Array({ minLength: 4, maxLength: 4 }).map((b) => Buffer.from(b.map((x) => x & 0x7f))),
  fc.uint8Array({ maxLength: 80 }).map((b) => Buffer.from(b)),
  fc.string({ unit: 'grapheme', maxLength: 20 }).map((s) => Buffer.from(s)),
);

t.test(
  'decodes exactly as Buffer#toString, through hits, misses and slot collisions',
  async (t) => {
    let compared = 0;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(value, fc.nat(7)), { minLength: 50, maxLength: 300 }),
        (list) => {
          for (const [bytes, offset] of list) {
            // At an offset inside a larger buffer, as values sit inside a datagram.
            const buf = Buffer.concat([Buffer.alloc(offset, 0xff), bytes, Buffer.from([0xc3])]);
            const start = offset;
            const end = offset + bytes.length;
            equal(decodeText(buf, start, end), buf.toString('utf8', start, end));
            compared++;
          }
        },
      ),
      { numRuns: 300 },
    );
    t.ok(compared > 10_000, `${compared} values compared`);
  },
);

t.test('a remembered string is not handed out for other bytes of its length', async (t) => {
  const a = Buffer.from('tmpfs');
  t.equal(decodeText(a, 0, 5), 'tmpfs');
  for (let i = 0; i < 5; i++) {
    const b = Buffer.from(a);
    b[i] = b[i]! ^ 1;
    t.equal(decodeText(b, 0, 5), b.toString('utf8'));
  }
  t.equal(decodeText(a, 0, 5), 'tmpfs');
  t.equal(
    decodeText(Buffer.from('tmpf\u00e9'), 0, 6),
    'tmpf\u00e9',
    'non-ASCII bytes decode as UTF-8',
  );
});
