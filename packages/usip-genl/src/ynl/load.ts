import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { SpecError } from './errors.js';
import {
  ATTR_TYPES,
  type AttrChecks,
  type Attribute,
  type AttributeSet,
  type AttrType,
  type Definition,
  type EnumDefinition,
  type LengthLimit,
  type MessageAttributes,
  type Operation,
  type OperationMode,
  type Spec,
  type SpecMcastGroup,
} from './model.js';
import {
  type RawAttribute,
  type RawAttributeSet,
  type RawDefinition,
  type RawOperation,
  type RawSpec,
  rawSpec,
} from './schema.js';

/** Load and validate a YNL spec file. Throws SpecError. */
export function loadSpecFile(path: string): Spec {
  return parseSpec(readFileSync(path, 'utf8'), path);
}

/** Parse YNL YAML text into the typed, cross-checked model. Throws SpecError. */
export function parseSpec(text: string, source = 'spec'): Spec {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (err) {
    throw new SpecError(source, `invalid YAML: ${(err as Error).message}`);
  }
  const parsed = rawSpec.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.join('.') : '';
    throw new SpecError(where, issue?.message ?? 'does not match the YNL schema');
  }
  const spec = resolve(parsed.data);
  checkReferences(spec);
  return spec;
}

function resolve(raw: RawSpec): Spec {
  const definitions = raw.definitions.flatMap((d, i) => resolveDefinition(d, `definitions[${i}]`));
  const consts = new Map<string, number>();
  for (const d of definitions) {
    if (d.kind === 'const' && typeof d.value === 'number') consts.set(d.name, d.value);
  }
  const setsByName = new Map(raw['attribute-sets'].map((s) => [s.name, s]));
  const attributeSets = raw['attribute-sets'].map((s, i) =>
    resolveAttributeSet(s, setsByName, consts, `attribute-sets[${i}]`),
  );
  const spec: Spec = {
    name: raw.name,
    protocol: raw.protocol,
    definitions,
    attributeSets,
    operations: { list: resolveOperations(raw.operations.list) },
    mcastGroups: (raw['mcast-groups']?.list ?? []).map(
      (g): SpecMcastGroup =>
        omitUndefined({
          name: g.name,
          cDefineName: g['c-define-name'],
          flags: g.flags ?? [],
          doc: g.doc,
        }),
    ),
  };
  assignDefined(spec, {
    doc: raw.doc,
    uapiHeader: raw['uapi-header'],
    cFamilyName: raw['c-family-name'],
    cVersionName: raw['c-version-name'],
    version: raw.version,
    kernelPolicy: raw['kernel-policy'],
  });
  if (raw.operations['name-prefix'] !== undefined) {
    spec.operations.namePrefix = raw.operations['name-prefix'];
  }
  return spec;
}

function resolveDefinition(raw: RawDefinition, where: string): Definition[] {
  if (raw.type === 'struct') return []; // fixed headers: not used by genetlink families here
  if (raw.type === 'const') {
    if (raw.value === undefined) throw new SpecError(where, 'const needs a value');
    return [
      omitUndefined({
        kind: 'const' as const,
        name: raw.name,
        value: raw.value,
        namePrefix: raw['name-prefix'],
        doc: raw.doc,
      }),
    ];
  }
  // Enum entries count up from value-start; a flags entry's number is its bit position.
  let next = raw['value-start'] ?? 0;
  const entries = (raw.entries ?? []).map((e) => {
    const entry = typeof e === 'string' ? { name: e } : e;
    const position = entry.value ?? next;
    next = position + 1;
    const value = raw.type === 'flags' ? 2 ** position : position;
    return omitUndefined({ name: entry.name, value, doc: 'doc' in entry ? entry.doc : undefined });
  });
  const def: EnumDefinition = { kind: raw.type, name: raw.name, entries };
  assignDefined(def, { namePrefix: raw['name-prefix'], doc: raw.doc });
  if (raw['enum-name'] != null) def.enumName = raw['enum-name'];
  return [def];
}

function resolveAttributeSet(
  raw: RawAttributeSet,
  setsByName: Map<string, RawAttributeSet>,
  consts: Map<string, number>,
  where: string,
): AttributeSet {
  const parent = raw['subset-of'] ? setsByName.get(raw['subset-of']) : undefined;
  if (raw['subset-of'] && !parent) {
    throw new SpecError(where, `subset-of unknown attribute set "${raw['subset-of']}"`);
  }
  // Attribute numbers continue from the previous one; the first defaults to 1 (0 is unspec).
  const parentValues = parent ? numberAttributes(parent.attributes) : undefined;
  const values = numberAttributes(raw.attributes);
  const attributes = raw.attributes.map((a, i) => {
    const at = `${where}.attributes[${i}]`;
    const base = parent?.attributes.find((p) => p.name === a.name);
    if (parent && !base) throw new SpecError(at, `"${a.name}" is not in "${parent.name}"`);
    const merged = base ? { ...base, ...a, type: a.type ?? base.type } : a;
    const value = base ? parentValues!.get(a.name)! : values.get(a.name)!;
    return resolveAttribute(merged, value, consts, at);
  });
  const seen = new Map<number, string>();
  for (const a of attributes) {
    const other = seen.get(a.value);
    if (other !== undefined) {
      throw new SpecError(where, `"${a.name}" and "${other}" share value ${a.value}`);
    }
    seen.set(a.value, a.name);
  }
  const set: AttributeSet = { name: raw.name, attributes };
  assignDefined(set, { namePrefix: raw['name-prefix'], subsetOf: raw['subset-of'], doc: raw.doc });
  if (raw['enum-name'] != null) set.enumName = raw['enum-name'];
  return set;
}

function numberAttributes(list: RawAttribute[]): Map<string, number> {
  const values = new Map<string, number>();
  let next = 1;
  for (const a of list) {
    const value = a.value ?? next;
    values.set(a.name, value);
    next = value + 1;
  }
  return values;
}

function resolveAttribute(
  raw: RawAttribute,
  value: number,
  consts: Map<string, number>,
  where: string,
): Attribute {
  const attr: Attribute = {
    name: raw.name,
    type: attrType(raw.type ?? '', `${where}.type`),
    value,
    multiAttr: raw['multi-attr'] ?? false,
    enumAsFlags: raw['enum-as-flags'] ?? false,
    checks: resolveChecks(raw.checks, consts, `${where}.checks`),
  };
  assignDefined(attr, {
    subType: raw['sub-type'] === undefined ? undefined : attrType(raw['sub-type'], where),
    nestedAttributes: raw['nested-attributes'],
    enum: raw.enum,
    byteOrder: raw['byte-order'],
    doc: raw.doc,
  });
  return attr;
}

function attrType(name: string, where: string): AttrType {
  if (name === '') throw new SpecError(where, 'an attribute needs a type');
  if (!(ATTR_TYPES as readonly string[]).includes(name)) {
    throw new SpecError(where, `unknown attribute type "${name}"`);
  }
  return name as AttrType;
}

function resolveChecks(
  raw: RawAttribute['checks'],
  consts: Map<string, number>,
  where: string,
): AttrChecks {
  const checks: AttrChecks = {};
  if (!raw) return checks;
  const limit = (v: number | string | undefined, key: string): LengthLimit | undefined =>
    v === undefined ? undefined : lengthLimit(v, consts, `${where}.${key}`);
  assignDefined(checks, {
    maxLen: limit(raw['max-len'], 'max-len'),
    minLen: limit(raw['min-len'], 'min-len'),
    exactLen: limit(raw['exact-len'], 'exact-len'),
    min: raw.min === undefined ? undefined : lengthLimit(raw.min, consts, `${where}.min`).value,
    max: raw.max === undefined ? undefined : lengthLimit(raw.max, consts, `${where}.max`).value,
  });
  return checks;
}

const TYPE_LIMITS: Record<string, number> = {
  'u8-max': 0xff,
  'u16-max': 0xffff,
  'u32-max': 0xffffffff,
  's8-min': -0x80,
  's8-max': 0x7f,
  's16-min': -0x8000,
  's16-max': 0x7fff,
  's32-min': -0x80000000,
  's32-max': 0x7fffffff,
};

function lengthLimit(v: number | string, consts: Map<string, number>, where: string): LengthLimit {
  if (typeof v === 'number') return { value: v, minusOne: false };
  const match = /^([0-9A-Za-z_-]+)( - 1)?$/.exec(v.trim());
  const name = match?.[1];
  if (!name) throw new SpecError(where, `bad limit "${v}"`);
  const minusOne = match[2] !== undefined;
  const base = consts.get(name) ?? TYPE_LIMITS[name];
  if (base === undefined) throw new SpecError(where, `unknown const "${name}"`);
  const limit: LengthLimit = { value: base - (minusOne ? 1 : 0), minusOne };
  if (consts.has(name)) limit.constName = name;
  return limit;
}

function resolveOperations(list: RawOperation[]): Operation[] {
  let next = 1;
  return list.map((raw) => {
    const value = raw.value ?? next;
    next = value + 1;
    const op: Operation = { name: raw.name, value, flags: raw.flags ?? [] };
    assignDefined(op, {
      doc: raw.doc,
      attributeSet: raw['attribute-set'],
      do: resolveMode(raw.do),
      dump: resolveMode(raw.dump),
      event: raw.event ? { attributes: raw.event.attributes } : undefined,
      notify: raw.notify,
      mcgrp: raw.mcgrp,
    });
    return op;
  });
}

function resolveMode(raw: RawOperation['do']): OperationMode | undefined {
  if (raw === undefined) return undefined;
  const mode: OperationMode = {};
  const message = (m: { attributes?: string[] | undefined } | null | undefined) =>
    m === undefined ? undefined : ({ attributes: m?.attributes ?? [] } as MessageAttributes);
  assignDefined(mode, {
    request: message(raw?.request),
    reply: message(raw?.reply),
    pre: raw?.pre,
    post: raw?.post,
  });
  return mode;
}

/** Every name a spec refers to must exist: nested sets, enums, op attributes, groups. */
function checkReferences(spec: Spec): void {
  const sets = new Map(spec.attributeSets.map((s) => [s.name, s]));
  const enums = new Set(spec.definitions.filter((d) => d.kind !== 'const').map((d) => d.name));
  spec.attributeSets.forEach((set, i) => {
    set.attributes.forEach((a, j) => {
      const where = `attribute-sets[${i}].attributes[${j}]`;
      if (a.nestedAttributes && !sets.has(a.nestedAttributes)) {
        throw new SpecError(where, `unknown nested-attributes "${a.nestedAttributes}"`);
      }
      if ((a.type === 'nest' || a.subType === 'nest') && !a.nestedAttributes) {
        throw new SpecError(where, `"${a.name}" is a nest without nested-attributes`);
      }
      if (a.type === 'indexed-array' && !a.subType) {
        throw new SpecError(where, `"${a.name}" is an indexed-array without sub-type`);
      }
      if (a.enum && !enums.has(a.enum)) throw new SpecError(where, `unknown enum "${a.enum}"`);
    });
  });
  const groups = new Set(spec.mcastGroups.map((g) => g.name));
  const ops = new Map(spec.operations.list.map((o) => [o.name, o]));
  spec.operations.list.forEach((op, i) => {
    const where = `operations.list[${i}]`;
    if (op.mcgrp && !groups.has(op.mcgrp)) {
      throw new SpecError(where, `unknown mcast group "${op.mcgrp}"`);
    }
    if (op.notify && !ops.get(op.notify)?.do?.reply) {
      throw new SpecError(where, `notify refers to "${op.notify}", which has no do reply`);
    }
    const lists = [op.do?.request, op.do?.reply, op.dump?.request, op.dump?.reply, op.event].filter(
      (m): m is MessageAttributes => m !== undefined,
    );
    if (lists.length === 0) return;
    const set = op.attributeSet ? sets.get(op.attributeSet) : undefined;
    if (!set) throw new SpecError(where, `unknown attribute-set "${op.attributeSet}"`);
    const names = new Set(set.attributes.map((a) => a.name));
    for (const list of lists) {
      for (const name of list.attributes) {
        if (!names.has(name)) throw new SpecError(where, `"${name}" is not in "${set.name}"`);
      }
    }
  });
  const values = new Map<number, string>();
  for (const op of spec.operations.list) {
    const other = values.get(op.value);
    if (other !== undefined) {
      throw new SpecError('operations', `"${op.name}" and "${other}" share value ${op.value}`);
    }
    values.set(op.value, op.name);
  }
}

function omitUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

/** Copy the defined values only (the model never holds explicit undefined). */
function assignDefined<T extends object>(target: T, values: { [K in keyof T]?: T[K] }): void {
  for (const [k, v] of Object.entries(values)) {
    if (v !== undefined) (target as Record<string, unknown>)[k] = v;
  }
}
