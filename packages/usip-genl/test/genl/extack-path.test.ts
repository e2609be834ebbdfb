import { NetlinkError } from '@usip/netlink-core';
import t from 'tap';
import { formatAttributePath } from '../../src/genl/attribute-path.js';
import { attributePathAtOffset, describeNetlinkError } from '../../src/genl/extack-path.js';
import { encodeGenlMessage } from '../../src/genl/genl-message.js';
import { names, request as policy } from './fixtures/sample-policy.js';

// nlmsghdr (16) + genlmsghdr (4): attributes start at byte 20.
//  20 header(1) nest, len 20     24 dev-index(1) u32    32 dev-name(2) "lo\0" (len 7 -> 8)
//  40 entries(7) nest, len 28    44 [1] nest, len 12    48 id(1) u16
//                                56 [2] nest, len 12    60 id(1) u16
//  68 flag(2), 72 the end
const message = encodeGenlMessage({ familyId: 0x15, cmd: 1, version: 1 }, (b) => {
  const h = b.beginNest(1);
  b.putU32(1, 1).putStringZ(2, 'lo');
  b.endNest(h);
  const array = b.beginNest(7);
  for (const [i, id] of [7, 8].entries()) {
    const item = b.beginNest(i + 1);
    b.putU16(1, id);
    b.endNest(item);
  }
  b.endNest(array);
  b.putFlag(2);
});

const at = (offset: number, withPolicy = true) => {
  const path = attributePathAtOffset(message, offset, withPolicy ? { policy, names } : {});
  return path && formatAttributePath(path);
};

t.test('an offset at an attribute header names that attribute', async (t) => {
  t.equal(message.length, 72);
  t.equal(at(20), 'header(1)');
  t.equal(at(24), 'header(1)/dev-index(1)');
  t.equal(at(32), 'header(1)/dev-name(2)');
  t.equal(at(68), '2');
});

t.test('an offset inside a value names the innermost attribute around it', async (t) => {
  t.equal(at(29), 'header(1)/dev-index(1)');
  t.equal(at(38), 'header(1)/dev-name(2)');
});

t.test('nested-array entries show as [index] with the inner names below them', async (t) => {
  t.equal(at(40), 'entries(7)');
  t.equal(at(56), 'entries(7)/[2]');
  t.equal(at(60), 'entries(7)/[2]/id(1)');
  t.equal(at(63), 'entries(7)/[2]/id(1)', 'inside the padding of id');
});

t.test(
  'without a policy or names, NLA_F_NESTED guides the walk and numbers stand in',
  async (t) => {
    t.equal(at(24, false), '1/1');
    t.equal(at(60, false), '7/2/1');
  },
);

t.test('offsets outside the attributes give no path', async (t) => {
  t.equal(at(0), undefined, 'inside nlmsghdr');
  t.equal(at(18), undefined, 'inside genlmsghdr');
  t.equal(at(72), undefined, 'past the end');
});

t.test('a kernel error renders as one readable line', async (t) => {
  const err = new NetlinkError({
    errno: 22,
    code: 'EINVAL',
    kernelMessage: 'Invalid attribute',
    offset: 64,
  });
  t.equal(
    describeNetlinkError(err, message, { policy, names }),
    'EINVAL: Invalid attribute (at entries(7)/[2]/id(1))',
  );
  const missing = new NetlinkError({ errno: 22, code: 'EINVAL', missingType: 1 });
  t.match(describeNetlinkError(missing), /^EINVAL: .*\(missing attribute 1\)$/);
});
