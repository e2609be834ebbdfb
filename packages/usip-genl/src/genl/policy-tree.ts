import type {
  FamilyPolicyDump,
  OpPolicyTree,
  PolicyNode,
  PolicyTreeAttribute,
} from './policy-types.js';

/**
 * Resolves policy indexes into linked nodes. Nodes are shared per index, so a policy that
 * nests itself (or two that nest each other) yields a cyclic graph rather than infinite work.
 */
export function buildPolicyTrees(dump: FamilyPolicyDump): Map<number, OpPolicyTree> {
  const nodes = new Map<number, PolicyNode>();
  const node = (index: number): PolicyNode | undefined => {
    const known = nodes.get(index);
    if (known) return known;
    const table = dump.policies.get(index);
    if (!table) return undefined;
    const created: PolicyNode = { index, attributes: new Map() };
    nodes.set(index, created);
    for (const [type, rule] of table) {
      const attribute: PolicyTreeAttribute = { ...rule };
      if (rule.policyIndex !== undefined) {
        const inner = node(rule.policyIndex);
        if (inner) attribute.nested = inner;
      }
      created.attributes.set(type, attribute);
    }
    return created;
  };

  const trees = new Map<number, OpPolicyTree>();
  for (const [cmd, ref] of dump.ops) {
    const tree: OpPolicyTree = { cmd };
    const doNode = ref.do === undefined ? undefined : node(ref.do);
    const dumpNode = ref.dump === undefined ? undefined : node(ref.dump);
    if (doNode) tree.do = doNode;
    if (dumpNode) tree.dump = dumpNode;
    trees.set(cmd, tree);
  }
  return trees;
}

/** The tree of one policy index, for families that report a single policy and no op table. */
export function policyNodeAt(dump: FamilyPolicyDump, index: number): PolicyNode | undefined {
  const ops = new Map([[-1, { do: index }]]);
  return buildPolicyTrees({ ...dump, ops }).get(-1)?.do;
}
