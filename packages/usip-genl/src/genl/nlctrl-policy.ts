import {
  AttrCursor,
  getS64,
  getU16,
  getU32,
  getU64,
  type NetlinkMessage,
  parseAttrs,
} from '@usip/netlink-core';
import {
  CTRL_ATTR_FAMILY_ID,
  CTRL_ATTR_OP_POLICY,
  CTRL_ATTR_POLICY,
  CTRL_ATTR_POLICY_DO,
  CTRL_ATTR_POLICY_DUMP,
  GENL_HDRLEN,
  NL_POLICY_TYPE_ATTR_BITFIELD32_MASK,
  NL_POLICY_TYPE_ATTR_MASK,
  NL_POLICY_TYPE_ATTR_MAX_LENGTH,
  NL_POLICY_TYPE_ATTR_MAX_VALUE_S,
  NL_POLICY_TYPE_ATTR_MAX_VALUE_U,
  NL_POLICY_TYPE_ATTR_MIN_LENGTH,
  NL_POLICY_TYPE_ATTR_MIN_VALUE_S,
  NL_POLICY_TYPE_ATTR_MIN_VALUE_U,
  NL_POLICY_TYPE_ATTR_POLICY_IDX,
  NL_POLICY_TYPE_ATTR_POLICY_MAXTYPE,
  NL_POLICY_TYPE_ATTR_TYPE,
} from './constants.js';
import { GenlDecodeError } from './errors.js';
import type {
  FamilyPolicyDump,
  OpPolicyRef,
  PolicyAttribute,
  PolicyAttrType,
} from './policy-types.js';

/** NL_ATTR_TYPE_* numbers in order, so the index is the number. */
const ATTR_TYPE_NAMES: readonly PolicyAttrType[] = [
  'invalid',
  'flag',
  'u8',
  'u16',
  'u32',
  'u64',
  's8',
  's16',
  's32',
  's64',
  'binary',
  'string',
  'nul-string',
  'nested',
  'nested-array',
  'bitfield32',
  'sint',
  'uint',
];

/** Name of an NL_ATTR_TYPE_* number; `unknown` for numbers newer than this table. */
export function policyAttrTypeName(typeId: number): PolicyAttrType {
  return ATTR_TYPE_NAMES[typeId] ?? 'unknown';
}

/**
 * Decodes the messages of one CTRL_CMD_GETPOLICY dump into flat policy tables.
 * Each message holds either one attribute of one policy (CTRL_ATTR_POLICY) or the policy
 * indexes of one op (CTRL_ATTR_OP_POLICY); the kernel emits them in no promised order.
 */
export function decodePolicyDump(messages: readonly NetlinkMessage[]): FamilyPolicyDump {
  const dump: FamilyPolicyDump = { familyId: -1, policies: new Map(), ops: new Map() };
  for (const message of messages) {
    const attrs = parseAttrs(message.payload, GENL_HDRLEN);
    const familyId = attrs.get(CTRL_ATTR_FAMILY_ID);
    if (familyId) dump.familyId = getU16(familyId);
    const policy = attrs.get(CTRL_ATTR_POLICY);
    if (policy) addPolicyEntries(dump, policy);
    const opPolicy = attrs.get(CTRL_ATTR_OP_POLICY);
    if (opPolicy) addOpPolicies(dump, opPolicy);
  }
  if (dump.familyId < 0) throw new GenlDecodeError('policy dump carries no CTRL_ATTR_FAMILY_ID');
  return dump;
}

/** CTRL_ATTR_POLICY: { [policy index]: { [attribute type]: { NL_POLICY_TYPE_ATTR_* } } }. */
function addPolicyEntries(dump: FamilyPolicyDump, block: Buffer): void {
  const policies = new AttrCursor(block);
  while (policies.next()) {
    let table = dump.policies.get(policies.type);
    if (!table) {
      table = new Map();
      dump.policies.set(policies.type, table);
    }
    const attributes = policies.children();
    while (attributes.next()) table.set(attributes.type, decodePolicyAttribute(attributes.value()));
  }
}

/** CTRL_ATTR_OP_POLICY: { [cmd]: { CTRL_ATTR_POLICY_DO: index, CTRL_ATTR_POLICY_DUMP: index } }. */
function addOpPolicies(dump: FamilyPolicyDump, block: Buffer): void {
  const ops = new AttrCursor(block);
  while (ops.next()) {
    const attrs = parseAttrs(ops.value());
    const ref: OpPolicyRef = { ...dump.ops.get(ops.type) };
    const doIndex = attrs.get(CTRL_ATTR_POLICY_DO);
    const dumpIndex = attrs.get(CTRL_ATTR_POLICY_DUMP);
    if (doIndex) ref.do = getU32(doIndex);
    if (dumpIndex) ref.dump = getU32(dumpIndex);
    dump.ops.set(ops.type, ref);
  }
}

/** One attribute's NL_POLICY_TYPE_ATTR_* block. */
export function decodePolicyAttribute(block: Buffer): PolicyAttribute {
  const attrs = parseAttrs(block);
  const type = attrs.get(NL_POLICY_TYPE_ATTR_TYPE);
  if (!type) throw new GenlDecodeError('policy attribute lacks NL_POLICY_TYPE_ATTR_TYPE');
  const typeId = getU32(type);
  const rule: PolicyAttribute = { type: policyAttrTypeName(typeId), typeId };
  const minS = attrs.get(NL_POLICY_TYPE_ATTR_MIN_VALUE_S);
  const maxS = attrs.get(NL_POLICY_TYPE_ATTR_MAX_VALUE_S);
  const minU = attrs.get(NL_POLICY_TYPE_ATTR_MIN_VALUE_U);
  const maxU = attrs.get(NL_POLICY_TYPE_ATTR_MAX_VALUE_U);
  if (minS) rule.minValue = getS64(minS);
  if (maxS) rule.maxValue = getS64(maxS);
  if (minU) rule.minValue = getU64(minU);
  if (maxU) rule.maxValue = getU64(maxU);
  const u32 = (kind: number): number | undefined => {
    const value = attrs.get(kind);
    return value ? getU32(value) : undefined;
  };
  const minLength = u32(NL_POLICY_TYPE_ATTR_MIN_LENGTH);
  const maxLength = u32(NL_POLICY_TYPE_ATTR_MAX_LENGTH);
  const policyIndex = u32(NL_POLICY_TYPE_ATTR_POLICY_IDX);
  const policyMaxType = u32(NL_POLICY_TYPE_ATTR_POLICY_MAXTYPE);
  const bitfield32Mask = u32(NL_POLICY_TYPE_ATTR_BITFIELD32_MASK);
  const mask = attrs.get(NL_POLICY_TYPE_ATTR_MASK);
  if (minLength !== undefined) rule.minLength = minLength;
  if (maxLength !== undefined) rule.maxLength = maxLength;
  if (policyIndex !== undefined) rule.policyIndex = policyIndex;
  if (policyMaxType !== undefined) rule.policyMaxType = policyMaxType;
  if (bitfield32Mask !== undefined) rule.bitfield32Mask = bitfield32Mask;
  if (mask) rule.mask = getU64(mask);
  return rule;
}
