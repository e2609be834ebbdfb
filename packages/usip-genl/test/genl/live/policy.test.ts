import { execFileSync } from 'node:child_process';
import t, { type Test } from 'tap';
import { PolicyUnavailableError } from '../../../src/genl/errors.js';
import { buildPolicyTrees } from '../../../src/genl/policy-tree.js';
import type { FamilyPolicyDump, PolicyAttribute } from '../../../src/genl/policy-types.js';
import { parseGenlCtrlPolicy, type TextPolicyAttr } from '../fixtures/genl-ctrl-policy-text.js';
import { openLiveGenl } from '../fixtures/live-connection.js';

/** Our decoding in the shape iproute2 prints (it has no mask fields, names fewer types). */
function asPrinted(attr: PolicyAttribute): TextPolicyAttr {
  const known = !['sint', 'uint', 'unknown', 'invalid'].includes(attr.type);
  const out: TextPolicyAttr = {
    type: known ? attr.type.toUpperCase().replace('-', '_') : 'unknown',
  };
  if (attr.policyIndex !== undefined) out.policy = attr.policyIndex;
  if (attr.policyMaxType !== undefined) out.maxattr = attr.policyMaxType;
  if (attr.minValue !== undefined && attr.maxValue !== undefined) {
    out.range = [attr.minValue, attr.maxValue];
  }
  if (attr.minLength !== undefined) out.minLen = attr.minLength;
  if (attr.maxLength !== undefined) out.maxLen = attr.maxLength;
  return out;
}

/** iproute2's policy listing (stdout and stderr: it reports ENODATA on stderr). */
function genlCtrlPolicy(family: string): string {
  return execFileSync('sh', ['-c', 'genl ctrl policy name "$1" 2>&1 || true', 'sh', family], {
    encoding: 'utf8',
  });
}

function compare(t: Test, dump: FamilyPolicyDump, family: string) {
  const text = parseGenlCtrlPolicy(genlCtrlPolicy(family));
  t.same(dump.ops, text.ops, `${family}: op -> policy indexes`);
  const ours = new Map(
    [...dump.policies].map(([i, table]) => [
      i,
      new Map([...table].map(([a, r]) => [a, asPrinted(r)])),
    ]),
  );
  t.same(ours, text.policies, `${family}: every attribute of every policy`);
  const attributes = [...dump.policies.values()].reduce((n, p) => n + p.size, 0);
  t.ok(attributes > 0, `${family}: ${attributes} policy attributes compared`);
}

const families = execFileSync('genl', ['ctrl', 'list'], { encoding: 'utf8' })
  .split('\n')
  .flatMap((line) => /^Name: (\S+)/.exec(line)?.[1] ?? []);

for (const family of families) {
  t.test(`the ${family} policy dump equals \`genl ctrl policy name ${family}\``, async (t) => {
    const genl = openLiveGenl(t);
    const printed = genlCtrlPolicy(family);
    if (/No data available/.test(printed)) {
      await t.rejects(genl.getPolicy(family), PolicyUnavailableError, 'no policy, typed');
      return;
    }
    const dump = await genl.getPolicy(family);
    compare(t, dump, family);
    // every nested policy index resolves to a node in the op trees
    for (const tree of buildPolicyTrees(dump).values()) {
      for (const node of [tree.do, tree.dump]) {
        for (const attr of node?.attributes.values() ?? []) {
          if (attr.policyIndex !== undefined) t.equal(attr.nested?.index, attr.policyIndex);
        }
      }
    }
  });
}

t.test('a policy dump of a single op', async (t) => {
  const genl = openLiveGenl(t);
  const trees = await genl.getOpPolicies('netdev', 1);
  t.same([...trees.keys()], [1]);
  t.equal(trees.get(1)?.do?.attributes.get(1)?.type, 'u32', 'dev-get takes a u32 ifindex');
});
