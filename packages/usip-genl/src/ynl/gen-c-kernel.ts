import {
  attrName,
  cLower,
  cmdName,
  constDefine,
  enumEntryName,
  familyIdent,
  kernelNames,
  mcgrpDefine,
  nlgrpIndexName,
} from './c-names.js';
import { generatedBanner } from './c-text.js';
import type { Attribute, AttributeSet, EnumDefinition, LengthLimit, Spec } from './model.js';
import { attributeSetByName, constByName, enumByName, opRequestAttributes } from './spec-query.js';

/**
 * The kernel policy glue, modelled on the kernel's netdev-genl-gen.{c,h} but using
 * `struct genl_ops` with per-op .policy/.maxattr so it builds on 6.1 (which lacks
 * genl_split_ops) as well as on 6.12.
 */
export interface KernelGlue {
  header: string;
  source: string;
}

export function generateKernelGlue(
  spec: Spec,
  specPath: string,
  uapiInclude: string,
  headerName: string,
): KernelGlue {
  return {
    header: renderHeader(spec, specPath, uapiInclude),
    source: renderSource(spec, specPath, headerName),
  };
}

const SCALAR_NLA: Record<string, string> = {
  u8: 'NLA_U8',
  u16: 'NLA_U16',
  u32: 'NLA_U32',
  u64: 'NLA_U64',
  s8: 'NLA_S8',
  s16: 'NLA_S16',
  s32: 'NLA_S32',
  s64: 'NLA_S64',
  uint: 'NLA_UINT',
  sint: 'NLA_SINT',
};

/** Sets used as nests, children before parents so each policy is complete where used. */
function nestedSets(spec: Spec): AttributeSet[] {
  const ordered: AttributeSet[] = [];
  const visit = (name: string, stack: Set<string>) => {
    if (ordered.some((s) => s.name === name) || stack.has(name)) return;
    const set = attributeSetByName(spec, name);
    stack.add(name);
    for (const a of set.attributes) if (a.nestedAttributes) visit(a.nestedAttributes, stack);
    ordered.push(set);
  };
  for (const set of spec.attributeSets) {
    for (const a of set.attributes) if (a.nestedAttributes) visit(a.nestedAttributes, new Set());
  }
  return ordered;
}

/** Attributes a kernel policy validates (unused and pad numbers are never accepted). */
const policed = (attrs: Attribute[]) =>
  attrs.filter((a) => a.type !== 'unused' && a.type !== 'pad');

function highest(attrs: Attribute[]): Attribute {
  return attrs.reduce((max, a) => (a.value > max.value ? a : max));
}

function limitText(spec: Spec, limit: LengthLimit): string {
  if (!limit.constName) return String(limit.value);
  const define = constDefine(spec, constByName(spec, limit.constName));
  return limit.minusOne ? `${define} - 1` : define;
}

function enumPolicy(spec: Spec, nla: string, def: EnumDefinition, asFlags: boolean): string {
  if (asFlags) {
    const mask = def.entries.reduce((m, e) => m | BigInt(e.value), 0n);
    return `NLA_POLICY_MASK(${nla}, 0x${mask.toString(16)})`;
  }
  const values = def.entries.map((e) => e.value);
  const first = def.entries.find((e) => e.value === Math.min(...values))!;
  const last = def.entries.find((e) => e.value === Math.max(...values))!;
  const lastName = enumEntryName(spec, def, last.name);
  return first.value === 0
    ? `NLA_POLICY_MAX(${nla}, ${lastName})`
    : `NLA_POLICY_RANGE(${nla}, ${enumEntryName(spec, def, first.name)}, ${lastName})`;
}

function attrPolicy(spec: Spec, a: Attribute): string {
  const names = kernelNames(spec);
  const nla = SCALAR_NLA[a.type];
  if (nla) {
    if (a.enum) return enumPolicy(spec, nla, enumByName(spec, a.enum), a.enumAsFlags);
    const { min, max } = a.checks;
    if (min !== undefined && max !== undefined) return `NLA_POLICY_RANGE(${nla}, ${min}, ${max})`;
    if (min !== undefined) return `NLA_POLICY_MIN(${nla}, ${min})`;
    if (max !== undefined) return `NLA_POLICY_MAX(${nla}, ${max})`;
    return `{ .type = ${nla}, }`;
  }
  switch (a.type) {
    case 'string':
    case 'binary': {
      const type = a.type === 'string' ? 'NLA_NUL_STRING' : 'NLA_BINARY';
      if (a.checks.exactLen) return `NLA_POLICY_EXACT_LEN(${limitText(spec, a.checks.exactLen)})`;
      const len = a.checks.maxLen ? `, .len = ${limitText(spec, a.checks.maxLen)}` : '';
      return `{ .type = ${type}${len}, }`;
    }
    case 'flag':
      return '{ .type = NLA_FLAG, }';
    case 'bitfield32':
      return '{ .type = NLA_BITFIELD32, }';
    case 'nest':
      return `NLA_POLICY_NESTED(${names.nestedPolicy(a.nestedAttributes!)})`;
    case 'indexed-array':
      return a.subType === 'nest'
        ? `NLA_POLICY_NESTED_ARRAY(${names.nestedPolicy(a.nestedAttributes!)})`
        : '{ .type = NLA_NESTED_ARRAY, }';
    default:
      return `{ .type = NLA_UNSPEC, }`;
  }
}

function policyLines(spec: Spec, set: AttributeSet, attrs: Attribute[]): string[] {
  return [...attrs]
    .sort((x, y) => x.value - y.value)
    .map((a) => `\t[${attrName(spec, set, a.name)}] = ${attrPolicy(spec, a)},`);
}

/** Operations the kernel answers: those with a do or dump. */
const answered = (spec: Spec) => spec.operations.list.filter((op) => op.do || op.dump);

const OP_FLAGS: Record<string, string> = {
  'admin-perm': 'GENL_ADMIN_PERM',
  'uns-admin-perm': 'GENL_UNS_ADMIN_PERM',
};

/** Joining a group: CAP_SYS_ADMIN (admin-perm) or CAP_NET_ADMIN (net-admin-perm). */
const MCGRP_FLAGS: Record<string, string> = {
  'admin-perm': 'GENL_MCAST_CAP_SYS_ADMIN',
  'net-admin-perm': 'GENL_MCAST_CAP_NET_ADMIN',
};

function renderSource(spec: Spec, specPath: string, headerName: string): string {
  const names = kernelNames(spec);
  const out = [...generatedBanner(specPath, 'kernel source', true)];
  out.push('#include <net/netlink.h>', '#include <net/genetlink.h>', '');
  out.push(`#include "${headerName}"`, '');

  const nests = nestedSets(spec);
  if (nests.length > 0) out.push('/* Common nested types */');
  for (const set of nests) {
    const attrs = policed(set.attributes);
    const size = `${attrName(spec, set, highest(attrs).name)} + 1`;
    out.push(`const struct nla_policy ${names.nestedPolicy(set.name)}[${size}] = {`);
    out.push(...policyLines(spec, set, attrs), '};', '');
  }

  const policies = new Map<string, string>();
  for (const op of answered(spec)) {
    const set = attributeSetByName(spec, op.attributeSet!);
    const attrs = policed(opRequestAttributes(spec, op));
    if (attrs.length === 0) continue;
    const modes = [op.do?.request && 'do', op.dump?.request && 'dump'].filter(Boolean).join(', ');
    const maxName = attrName(spec, set, highest(attrs).name);
    policies.set(op.name, maxName);
    out.push(`/* ${cmdName(spec, op.name)} - ${modes} */`);
    out.push(
      `static const struct nla_policy ${names.opPolicy(op.name, op.do ? 'do' : 'dump')}[${maxName} + 1] = {`,
    );
    out.push(...policyLines(spec, set, attrs), '};', '');
  }

  out.push(`/* Ops table for ${familyIdent(spec)} */`);
  out.push(`const struct genl_ops ${names.ops}[${answered(spec).length}] = {`);
  for (const op of answered(spec)) {
    out.push('\t{', `\t\t.cmd\t\t= ${cmdName(spec, op.name)},`);
    if (op.do) out.push(`\t\t.doit\t\t= ${names.doit(op.name)},`);
    if (op.dump?.pre) out.push(`\t\t.start\t\t= ${cLower(op.dump.pre)},`);
    if (op.dump) out.push(`\t\t.dumpit\t\t= ${names.dumpit(op.name)},`);
    if (op.dump?.post) out.push(`\t\t.done\t\t= ${cLower(op.dump.post)},`);
    const maxName = policies.get(op.name);
    if (maxName) {
      out.push(
        `\t\t.policy\t\t= ${names.opPolicy(op.name, op.do ? 'do' : 'dump')},`,
        `\t\t.maxattr\t= ${maxName},`,
      );
    }
    const flags = op.flags.map((f) => OP_FLAGS[f]).filter(Boolean);
    if (flags.length > 0) out.push(`\t\t.flags\t\t= ${flags.join(' | ')},`);
    out.push('\t},');
  }
  out.push('};', '');

  if (spec.mcastGroups.length > 0) {
    out.push(`const struct genl_multicast_group ${names.mcgrps}[${spec.mcastGroups.length}] = {`);
    for (const g of spec.mcastGroups) {
      const flags = g.flags.map((f) => MCGRP_FLAGS[f]).filter(Boolean);
      const flagText = flags.length > 0 ? ` .flags = ${flags.join(' | ')},` : '';
      out.push(`\t[${nlgrpIndexName(spec, g)}] = { .name = ${mcgrpDefine(spec, g)},${flagText} },`);
    }
    out.push('};');
  }
  return `${out.join('\n')}\n`;
}

function renderHeader(spec: Spec, specPath: string, uapiInclude: string): string {
  const names = kernelNames(spec);
  const guard = `_LINUX_${familyIdent(spec).replace(/-/g, '_').toUpperCase()}_GEN_H`;
  const out = [...generatedBanner(specPath, 'kernel header', false)];
  out.push(`#ifndef ${guard}`, `#define ${guard}`, '');
  out.push('#include <net/netlink.h>', '#include <net/genetlink.h>', '');
  out.push(`#include "${uapiInclude}"`, '');

  const nests = nestedSets(spec);
  if (nests.length > 0) out.push('/* Common nested types */');
  for (const set of nests) {
    const size = `${attrName(spec, set, highest(policed(set.attributes)).name)} + 1`;
    out.push(`extern const struct nla_policy ${names.nestedPolicy(set.name)}[${size}];`);
  }
  if (nests.length > 0) out.push('');

  for (const op of answered(spec)) {
    if (op.do) out.push(`int ${names.doit(op.name)}(struct sk_buff *skb, struct genl_info *info);`);
    if (op.dump?.pre) out.push(`int ${cLower(op.dump.pre)}(struct netlink_callback *cb);`);
    if (op.dump) {
      out.push(`int ${names.dumpit(op.name)}(struct sk_buff *skb, struct netlink_callback *cb);`);
    }
    if (op.dump?.post) out.push(`int ${cLower(op.dump.post)}(struct netlink_callback *cb);`);
  }
  out.push('');

  if (spec.mcastGroups.length > 0) {
    out.push('enum {', ...spec.mcastGroups.map((g) => `\t${nlgrpIndexName(spec, g)},`), '};', '');
  }
  out.push(`extern const struct genl_ops ${names.ops}[${answered(spec).length}];`);
  if (spec.mcastGroups.length > 0) {
    out.push(
      `extern const struct genl_multicast_group ${names.mcgrps}[${spec.mcastGroups.length}];`,
    );
  }
  out.push('', `#endif /* ${guard} */`, '');
  return out.join('\n');
}
