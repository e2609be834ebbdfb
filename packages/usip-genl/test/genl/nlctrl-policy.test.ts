import { parseMessages } from '@usip/netlink-core';
import t from 'tap';
import { NL_ATTR_TYPE_BITFIELD32, NL_ATTR_TYPE_UINT } from '../../src/genl/constants.js';
import { GenlDecodeError } from '../../src/genl/errors.js';
import { decodePolicyDump, policyAttrTypeName } from '../../src/genl/nlctrl-policy.js';
import { encodeGetPolicy } from '../../src/genl/nlctrl-requests.js';
import { buildPolicyTrees, policyNodeAt } from '../../src/genl/policy-tree.js';
import type { FamilyPolicyDump } from '../../src/genl/policy-types.js';
import { dataMessages, loadFixture } from './fixtures/fixtures.js';

t.test('CTRL_CMD_GETPOLICY request bytes equal the recorded ones', async (t) => {
  const payloadOf = (b: Buffer) => parseMessages(b)[0]!.payload.toString('hex');
  t.equal(payloadOf(encodeGetPolicy('nlctrl')), payloadOf(loadFixture('getpolicy-nlctrl').request));
  t.equal(
    payloadOf(encodeGetPolicy('netdev', 1)),
    payloadOf(loadFixture('getpolicy-netdev-op1').request),
  );
});

t.test("decodes nlctrl's own policy dump as `genl ctrl policy name nlctrl` shows it", async (t) => {
  const dump = decodePolicyDump(dataMessages(loadFixture('getpolicy-nlctrl')));
  t.equal(dump.familyId, 0x10);
  // op 3 policies: do=0 dump=0 / op 0 policies: dump=1 (the kernel reports GETPOLICY as op 0)
  t.same(
    [...dump.ops],
    [
      [3, { do: 0, dump: 0 }],
      [0, { dump: 1 }],
    ],
  );
  const u16 = { type: 'u16', typeId: 3, minValue: 0n, maxValue: 65535n };
  const name = { type: 'nul-string', typeId: 12, maxLength: 15 };
  t.same(
    dump.policies.get(0),
    new Map<number, unknown>([
      [1, u16],
      [2, name],
    ]),
  );
  t.same(
    dump.policies.get(1),
    new Map<number, unknown>([
      [1, u16],
      [2, name],
      [10, { type: 'u32', typeId: 4, minValue: 0n, maxValue: 4294967295n }],
    ]),
  );
});

t.test(
  'decodes a YNL family (netdev): nests resolve, u64 bounds stay exact, uint is named',
  async (t) => {
    const dump = decodePolicyDump(dataMessages(loadFixture('getpolicy-netdev')));
    t.equal(dump.familyId, 0x14);
    t.same(dump.ops.get(1), { do: 0, dump: 1 });
    const trees = buildPolicyTrees(dump);
    const nested = [...dump.policies.values()]
      .flatMap((p) => [...p.values()])
      .filter((a) => a.type === 'nested');
    t.ok(nested.length > 0, 'netdev has nested attributes');
    for (const [cmd, tree] of trees) {
      for (const node of [tree.do, tree.dump]) {
        if (!node) continue;
        for (const attribute of node.attributes.values()) {
          if (attribute.policyIndex !== undefined) {
            t.equal(attribute.nested?.index, attribute.policyIndex, `op ${cmd}: nest resolved`);
          }
        }
      }
    }
    const u64Max = [...dump.policies.values()]
      .flatMap((p) => [...p.values()])
      .find((a) => a.maxValue === 18446744073709551615n);
    t.ok(u64Max, 'a u64 maximum survives as an exact bigint');
    t.equal(policyAttrTypeName(NL_ATTR_TYPE_UINT), 'uint');
    t.equal(policyAttrTypeName(NL_ATTR_TYPE_BITFIELD32), 'bitfield32');
    t.equal(policyAttrTypeName(99), 'unknown');
  },
);

t.test('a policy dump filtered to one op reports only that op', async (t) => {
  const dump = decodePolicyDump(dataMessages(loadFixture('getpolicy-netdev-op1')));
  t.same([...dump.ops.keys()], [1]);
  t.same([...dump.policies.keys()], [0]);
});

t.test('policies that nest themselves become a cyclic tree, not endless recursion', async (t) => {
  const dump: FamilyPolicyDump = {
    familyId: 99,
    policies: new Map([
      [
        0,
        new Map([[1, { type: 'nested' as const, typeId: 13, policyIndex: 1, policyMaxType: 2 }]]),
      ],
      [
        1,
        new Map([
          [1, { type: 'u32' as const, typeId: 4 }],
          [2, { type: 'nested' as const, typeId: 13, policyIndex: 1, policyMaxType: 2 }],
        ]),
      ],
    ]),
    ops: new Map([[5, { do: 0 }]]),
  };
  const root = buildPolicyTrees(dump).get(5)?.do;
  const inner = root?.attributes.get(1)?.nested;
  t.equal(inner?.index, 1);
  t.equal(inner?.attributes.get(2)?.nested, inner, 'the self-reference is the same node');
  t.equal(policyNodeAt(dump, 1)?.attributes.get(1)?.type, 'u32');
});

t.test('a dump without CTRL_ATTR_FAMILY_ID is a GenlDecodeError', async (t) => {
  t.throws(() => decodePolicyDump([]), GenlDecodeError);
});
