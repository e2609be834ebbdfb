/**
 * The typed model of a YNL (kernel netlink YAML) spec, after loading: implicit values
 * resolved, references checked, names kept in the spec's kebab-case.
 */

export type IntegerType = 'u8' | 'u16' | 'u32' | 'u64' | 's8' | 's16' | 's32' | 's64';
export type VariableIntType = 'uint' | 'sint';
export type ScalarType = IntegerType | VariableIntType;

export type AttrType =
  | ScalarType
  | 'unused'
  | 'pad'
  | 'flag'
  | 'string'
  | 'binary'
  | 'bitfield32'
  | 'nest'
  | 'indexed-array'
  | 'nest-type-value'
  | 'sub-message';

export const ATTR_TYPES: readonly AttrType[] = [
  'u8',
  'u16',
  'u32',
  'u64',
  's8',
  's16',
  's32',
  's64',
  'uint',
  'sint',
  'unused',
  'pad',
  'flag',
  'string',
  'binary',
  'bitfield32',
  'nest',
  'indexed-array',
  'nest-type-value',
  'sub-message',
];

/** A length limit: a number, or a const's name, optionally minus one ("path-max - 1"). */
export interface LengthLimit {
  value: number;
  /** The const it came from, so C code can say USIP_PATH_MAX instead of 4096. */
  constName?: string;
  minusOne: boolean;
}

export interface AttrChecks {
  maxLen?: LengthLimit;
  minLen?: LengthLimit;
  exactLen?: LengthLimit;
  min?: number;
  max?: number;
}

export interface ConstDefinition {
  kind: 'const';
  name: string;
  value: number | string;
  namePrefix?: string;
  doc?: string;
}

export interface EnumEntry {
  name: string;
  /** For enums the value; for flags the mask (1 << bit). */
  value: number;
  doc?: string;
}

export interface EnumDefinition {
  kind: 'enum' | 'flags';
  name: string;
  namePrefix?: string;
  enumName?: string;
  entries: EnumEntry[];
  doc?: string;
}

export type Definition = ConstDefinition | EnumDefinition;

export interface Attribute {
  name: string;
  type: AttrType;
  value: number;
  /** indexed-array element type. */
  subType?: AttrType;
  nestedAttributes?: string;
  multiAttr: boolean;
  enum?: string;
  enumAsFlags: boolean;
  byteOrder?: 'big-endian' | 'little-endian';
  checks: AttrChecks;
  doc?: string;
}

export interface AttributeSet {
  name: string;
  namePrefix?: string;
  enumName?: string;
  /** A subset reuses the attributes (and numbers) of another set. */
  subsetOf?: string;
  attributes: Attribute[];
  doc?: string;
}

export interface MessageAttributes {
  attributes: string[];
}

export interface OperationMode {
  request?: MessageAttributes;
  reply?: MessageAttributes;
  /** Kernel hooks run before/after the handler (for dumps: netlink_callback start/done). */
  pre?: string;
  post?: string;
}

export interface Operation {
  name: string;
  value: number;
  doc?: string;
  attributeSet?: string;
  flags: string[];
  do?: OperationMode;
  dump?: OperationMode;
  /** A notification with its own attribute list. */
  event?: MessageAttributes;
  /** A notification that reuses another operation's do-reply attributes. */
  notify?: string;
  mcgrp?: string;
}

export interface SpecMcastGroup {
  name: string;
  cDefineName?: string;
  /** e.g. admin-perm: joining needs CAP_SYS_ADMIN. */
  flags: string[];
  doc?: string;
}

export interface Spec {
  name: string;
  protocol: string;
  doc?: string;
  uapiHeader?: string;
  cFamilyName?: string;
  cVersionName?: string;
  version?: number;
  kernelPolicy?: string;
  definitions: Definition[];
  attributeSets: AttributeSet[];
  operations: {
    namePrefix?: string;
    list: Operation[];
  };
  mcastGroups: SpecMcastGroup[];
}
