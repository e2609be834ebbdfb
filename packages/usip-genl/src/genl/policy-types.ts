/**
 * The kernel's attribute policies as CTRL_CMD_GETPOLICY reports them (net/netlink/policy.c),
 * first as flat tables keyed by policy index, then resolved into a tree per operation.
 */

/** enum netlink_attribute_type by name; `unknown` for types newer than this code. */
export type PolicyAttrType =
  | 'invalid'
  | 'flag'
  | 'u8'
  | 'u16'
  | 'u32'
  | 'u64'
  | 's8'
  | 's16'
  | 's32'
  | 's64'
  | 'binary'
  | 'string'
  | 'nul-string'
  | 'nested'
  | 'nested-array'
  | 'bitfield32'
  | 'sint'
  | 'uint'
  | 'unknown';

/** One attribute's rule in one policy. Values are bigint because u64/s64 bounds are reported. */
export interface PolicyAttribute {
  type: PolicyAttrType;
  /** NL_ATTR_TYPE_* number as reported (kept for `unknown`). */
  typeId: number;
  minValue?: bigint;
  maxValue?: bigint;
  minLength?: number;
  maxLength?: number;
  /** NL_POLICY_TYPE_ATTR_MASK: bits an integer may have set. */
  mask?: bigint;
  /** NL_POLICY_TYPE_ATTR_BITFIELD32_MASK: bits a bitfield32 may select. */
  bitfield32Mask?: number;
  /** For nested / nested-array: index of the policy of the inner attributes. */
  policyIndex?: number;
  /** For nested / nested-array: highest attribute type of the inner policy. */
  policyMaxType?: number;
}

/** One policy: attribute type -> rule. Types absent from the map are not accepted. */
export type PolicyTable = Map<number, PolicyAttribute>;

/** Policy indexes an operation uses for its do and dump requests. */
export interface OpPolicyRef {
  do?: number;
  dump?: number;
}

/** Everything one CTRL_CMD_GETPOLICY dump returns, still flat. */
export interface FamilyPolicyDump {
  familyId: number;
  /** Policy index -> table. Index 0 is usually the first op's request policy. */
  policies: Map<number, PolicyTable>;
  /** Command -> policy indexes (absent when the family has one policy for all ops). */
  ops: Map<number, OpPolicyRef>;
}

/** A policy with nested policies resolved to objects (may be cyclic: policies can recurse). */
export interface PolicyNode {
  index: number;
  attributes: Map<number, PolicyTreeAttribute>;
}

export interface PolicyTreeAttribute extends PolicyAttribute {
  /** The inner policy of a nested / nested-array attribute. */
  nested?: PolicyNode;
}

/** Request policies of one operation as trees. */
export interface OpPolicyTree {
  cmd: number;
  do?: PolicyNode;
  dump?: PolicyNode;
}
