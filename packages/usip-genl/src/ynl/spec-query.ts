import { SpecError } from './errors.js';
import type {
  Attribute,
  AttributeSet,
  ConstDefinition,
  EnumDefinition,
  Operation,
  Spec,
} from './model.js';

/** Look-ups into a loaded spec (references were checked when it was loaded). */

export function attributeSetByName(spec: Spec, name: string): AttributeSet {
  const set = spec.attributeSets.find((s) => s.name === name);
  if (!set) throw new SpecError('', `no attribute set "${name}"`);
  return set;
}

export function enumByName(spec: Spec, name: string): EnumDefinition {
  const def = spec.definitions.find((d) => d.name === name && d.kind !== 'const');
  if (!def || def.kind === 'const') throw new SpecError('', `no enum "${name}"`);
  return def;
}

export function constByName(spec: Spec, name: string): ConstDefinition {
  const def = spec.definitions.find((d) => d.name === name && d.kind === 'const');
  if (def?.kind !== 'const') throw new SpecError('', `no const "${name}"`);
  return def;
}

export function operationByName(spec: Spec, name: string): Operation {
  const op = spec.operations.list.find((o) => o.name === name);
  if (!op) throw new SpecError('', `no operation "${name}"`);
  return op;
}

function pick(set: AttributeSet, names: string[]): Attribute[] {
  return names.map((n) => set.attributes.find((a) => a.name === n)!);
}

/** Attributes an operation's do and dump requests may carry, each once. */
export function opRequestAttributes(spec: Spec, op: Operation): Attribute[] {
  if (!op.attributeSet) return [];
  const names = new Set([
    ...(op.do?.request?.attributes ?? []),
    ...(op.dump?.request?.attributes ?? []),
  ]);
  return pick(attributeSetByName(spec, op.attributeSet), [...names]);
}

/** Attributes listed by a message of an operation (request, reply or event). */
export function messageAttributes(spec: Spec, op: Operation, names: string[]): Attribute[] {
  if (!op.attributeSet) return [];
  return pick(attributeSetByName(spec, op.attributeSet), names);
}
