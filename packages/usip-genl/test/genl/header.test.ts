import fc from 'fast-check';
import t from 'tap';
import { GENL_HDRLEN } from '../../src/genl/constants.js';
import { GenlDecodeError } from '../../src/genl/errors.js';
import { decodeGenlHeader, encodeGenlHeader } from '../../src/genl/header.js';

t.test('genlmsghdr is cmd u8, version u8, reserved u16 zero', async (t) => {
  t.same([...encodeGenlHeader({ cmd: 3, version: 2 })], [3, 2, 0, 0]);
  t.same([...encodeGenlHeader({ cmd: 0xff, version: 0 })], [0xff, 0, 0, 0]);
  t.equal(GENL_HDRLEN, 4);
});

t.test('decodes the header of a real nlctrl reply (cmd NEWFAMILY, version 2)', async (t) => {
  t.same(decodeGenlHeader(Buffer.from('01020000', 'hex')), { cmd: 1, version: 2 });
});

t.test('a payload shorter than 4 bytes is a GenlDecodeError', async (t) => {
  t.throws(() => decodeGenlHeader(Buffer.from([1, 2, 0])), GenlDecodeError);
});

t.test('decode(encode(h)) == h for every cmd and version', async () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 255 }),
      fc.integer({ min: 0, max: 255 }),
      (cmd, version) => {
        const h = decodeGenlHeader(encodeGenlHeader({ cmd, version }));
        return h.cmd === cmd && h.version === version;
      },
    ),
  );
});
