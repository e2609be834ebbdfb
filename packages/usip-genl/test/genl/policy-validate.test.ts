import { type AttrNode, encodeAttrs } from '@usip/netlink-core';
import fc from 'fast-check';
import t from 'tap';
import { formatAttributePath } from '../../src/genl/attribute-path.js';
import type { PolicyNode } from '../../src/genl/policy-types.js';
import {
  assertValidAttributes,
  PolicyViolationError,
  validateAttributes,
} from '../../src/genl/policy-validate.js';
import { names, request } from './fixtures/sample-policy.js';

const u8 = (v: number) => Buffer.from([v & 0xff]);
const u16 = (v: number) => Buffer.from(new Uint16Array([v]).buffer);
const u32 = (v: number) => Buffer.from(new Uint32Array([v]).buffer);
const u64 = (v: bigint) => Buffer.from(new BigUint64Array([v]).buffer);
const str = (s: string) => Buffer.from(s);
const leaf = (type: number, data: Uint8Array): AttrNode => ({ type, data });
const nest = (type: number, nested: AttrNode[]): AttrNode => ({ type, nested });

const reasons = (nodes: AttrNode[], strict = true) =>
  validateAttributes(request, encodeAttrs(nodes), { names, strict }).map(
    (v) => `${formatAttributePath(v.path)}: ${v.reason}`,
  );

t.test('a request that follows the policy has no violations', async (t) => {
  const good = [
    nest(1, [leaf(1, u32(1)), leaf(2, str('lo\0')), leaf(3, u32(5))]),
    leaf(2, Buffer.alloc(0)),
    leaf(3, u8(-5)),
    leaf(4, str('abcd\0')),
    leaf(5, str('xyz')),
    leaf(6, Buffer.concat([u32(0b0011), u32(0b1011)])),
    nest(7, [nest(1, [leaf(1, u16(7))]), nest(2, [leaf(1, u16(8))])]),
    leaf(8, u64(1000n)),
    leaf(9, u64(0xffffffffffffffffn)),
  ];
  t.same(reasons(good), []);
  t.doesNotThrow(() => assertValidAttributes(request, encodeAttrs(good)));
});

t.test('each broken rule is reported with the path of the offending attribute', async (t) => {
  t.same(reasons([nest(1, [leaf(1, u32(0))])]), [
    'header(1)/dev-index(1): value 0 is below the minimum 1',
  ]);
  t.same(reasons([nest(1, [leaf(2, str('a-very-long-name\0'))])]), [
    'header(1)/dev-name(2): nul-string of 16 bytes is longer than 15',
  ]);
  t.same(reasons([nest(1, [leaf(2, str('lo'))])]), [
    'header(1)/dev-name(2): NUL-terminated string lacks its NUL',
  ]);
  t.same(reasons([nest(1, [leaf(3, u32(8))])]), [
    'header(1)/flags(3): value 0x8 has bits outside the mask 0x7',
  ]);
  t.same(reasons([nest(1, [leaf(1, u16(1))])]), [
    'header(1)/dev-index(1): u32 must be 4 bytes, is 2',
  ]);
  t.same(reasons([leaf(2, u8(1))]), ['2: flag must be empty, has 1 bytes']);
  t.same(reasons([leaf(3, u8(6))]), ['3: value 6 is above the maximum 5']);
  t.same(reasons([leaf(4, str('abcde'))]), ['4: string of 5 bytes is longer than 4']);
  t.same(reasons([leaf(5, str('x'))]), ['5: binary of 1 bytes is shorter than 2']);
  t.same(reasons([leaf(6, Buffer.concat([u32(0b0100), u32(0b0100)]))]), [
    '6: bitfield32 selector 0x4 has unsupported bits',
  ]);
  t.same(reasons([leaf(6, Buffer.concat([u32(0b0011), u32(0b0001)]))]), [
    '6: bitfield32 value has bits outside its selector',
  ]);
  t.same(reasons([nest(7, [nest(1, [leaf(1, u16(1))]), nest(2, [leaf(1, u8(1))])])]), [
    'entries(7)/[2]/id(1): u16 must be 2 bytes, is 1',
  ]);
  t.same(reasons([leaf(8, u16(1))]), ['8: uint must be 4 or 8 bytes, is 2']);
  t.same(reasons([leaf(8, u32(1001))]), ['8: value 1001 is above the maximum 1000']);
});

t.test(
  'strict mode refuses unknown attributes and a wrong NLA_F_NESTED, like the kernel',
  async (t) => {
    t.same(reasons([leaf(42, u32(1))]), ['42: attribute type is not in the policy']);
    t.same(reasons([leaf(42, u32(1))], false), []);
    // header sent as a plain attribute holding the nest's bytes: NLA_F_NESTED is missing
    t.same(reasons([leaf(1, encodeAttrs([leaf(1, u32(1))]))]), ['header(1): NLA_F_NESTED missing']);
    t.same(reasons([nest(3, [])]), ['3: NLA_F_NESTED not expected']);
  },
);

t.test('every violation is collected, and assert throws them all in one typed error', async (t) => {
  const bad = encodeAttrs([leaf(3, u8(9)), nest(1, [leaf(1, u32(0))])]);
  const err = t.throws(() =>
    assertValidAttributes(request, bad, { names }),
  ) as PolicyViolationError;
  t.type(err, PolicyViolationError);
  t.equal(err.violations.length, 2);
  t.match(err.message, /3: value 9 is above the maximum 5; header\(1\)\/dev-index\(1\): value 0/);
  t.equal(err.violations[1]?.offset, 8 + 4, 'offset of dev-index inside the block');
});

t.test('malformed bytes become a violation, never an exception', async () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
      const violations = validateAttributes(request, bytes, { names });
      return Array.isArray(violations);
    }),
  );
});

t.test('an integer passes exactly when it lies within [min, max]', async () => {
  fc.assert(
    fc.property(
      fc.bigInt({ min: 0n, max: 0xffffffffn }),
      fc.bigInt({ min: 0n, max: 0xffffffffn }),
      fc.bigInt({ min: 0n, max: 0xffffffffn }),
      (a, b, value) => {
        const [minValue, maxValue] = a < b ? [a, b] : [b, a];
        const policy: PolicyNode = {
          index: 0,
          attributes: new Map([[1, { type: 'u32', typeId: 4, minValue, maxValue }]]),
        };
        const block = encodeAttrs([leaf(1, u32(Number(value)))]);
        const ok = validateAttributes(policy, block).length === 0;
        return ok === (value >= minValue && value <= maxValue);
      },
    ),
  );
});
