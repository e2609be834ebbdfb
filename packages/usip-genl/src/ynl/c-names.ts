import type {
  AttributeSet,
  ConstDefinition,
  EnumDefinition,
  Spec,
  SpecMcastGroup,
} from './model.js';

/**
 * C names of spec objects, following the kernel's genetlink-c naming rules
 * (Documentation/userspace-api/netlink/c-code-gen.rst). One difference: "$family" is the
 * uapi-header's base name when there is one ("linux/usip.h" -> "usip"), because a wire
 * family name such as "usip_family" is not a good C identifier prefix.
 */

export const cUpper = (name: string): string => name.replace(/-/g, '_').toUpperCase();
export const cLower = (name: string): string => name.replace(/-/g, '_').toLowerCase();

/** The kebab-case identifier prefixed to every C name of the family. */
export function familyIdent(spec: Spec): string {
  const header = spec.uapiHeader?.replace(/^.*\//, '').replace(/\.h$/, '');
  return (header ?? spec.name).replace(/_/g, '-');
}

export function familyNameDefine(spec: Spec): string {
  return cUpper(spec.cFamilyName ?? `${familyIdent(spec)}-family-name`);
}

export function familyVersionDefine(spec: Spec): string {
  return cUpper(spec.cVersionName ?? `${familyIdent(spec)}-family-version`);
}

export function constDefine(spec: Spec, def: ConstDefinition): string {
  return cUpper((def.namePrefix ?? `${familyIdent(spec)}-`) + def.name);
}

export function enumTypeName(spec: Spec, def: EnumDefinition): string {
  return cLower(def.enumName ?? `${familyIdent(spec)}-${def.name}`);
}

export function enumEntryName(spec: Spec, def: EnumDefinition, entry: string): string {
  return cUpper((def.namePrefix ?? `${familyIdent(spec)}-${def.name}-`) + entry);
}

function attrPrefix(spec: Spec, set: AttributeSet): string {
  if (set.namePrefix) return set.namePrefix;
  const ident = familyIdent(spec);
  return set.name === spec.name || set.name === ident ? `${ident}-a-` : `${ident}-a-${set.name}-`;
}

export function attrName(spec: Spec, set: AttributeSet, attr: string): string {
  return cUpper(attrPrefix(spec, set) + attr);
}

/** [count, max] names: __USIP_A_MAX and USIP_A_MAX. */
export function attrMaxNames(spec: Spec, set: AttributeSet): [string, string] {
  const prefix = cUpper(attrPrefix(spec, set));
  return [`__${prefix}MAX`, `${prefix}MAX`];
}

function cmdPrefix(spec: Spec): string {
  return spec.operations.namePrefix ?? `${familyIdent(spec)}-cmd-`;
}

export function cmdName(spec: Spec, op: string): string {
  return cUpper(cmdPrefix(spec) + op);
}

export function cmdMaxNames(spec: Spec): [string, string] {
  const prefix = cUpper(cmdPrefix(spec));
  return [`__${prefix}MAX`, `${prefix}MAX`];
}

export function mcgrpDefine(spec: Spec, group: SpecMcastGroup): string {
  return cUpper(group.cDefineName ?? `${familyIdent(spec)}-mcgrp-${group.name}`);
}

/** The kernel-side group index: USIP_NLGRP_MTAB for the define USIP_MCGRP_MTAB. */
export function nlgrpIndexName(spec: Spec, group: SpecMcastGroup): string {
  const ident = cUpper(familyIdent(spec));
  const define = mcgrpDefine(spec, group);
  const suffix = define.startsWith(`${ident}_MCGRP_`)
    ? define.slice(`${ident}_MCGRP_`.length)
    : cUpper(group.name);
  return `${ident}_NLGRP_${suffix}`;
}

/** Kernel glue names: usip_nl_ops, usip_nl_ping_doit, usip_notifier_nl_policy... */
export const kernelNames = (spec: Spec) => {
  const ident = cLower(familyIdent(spec));
  return {
    ops: `${ident}_nl_ops`,
    mcgrps: `${ident}_nl_mcgrps`,
    doit: (op: string) => `${ident}_nl_${cLower(op)}_doit`,
    dumpit: (op: string) => `${ident}_nl_${cLower(op)}_dumpit`,
    nestedPolicy: (set: string) => `${ident}_${cLower(set)}_nl_policy`,
    /** Mode is do or dump: keeps op policies apart from nested ones of the same name. */
    opPolicy: (op: string, mode: string) => `${ident}_${cLower(op)}_${mode}_nl_policy`,
  };
};
