import {
  attrMaxNames,
  attrName,
  cmdMaxNames,
  cmdName,
  constDefine,
  enumEntryName,
  enumTypeName,
  familyIdent,
  familyNameDefine,
  familyVersionDefine,
  mcgrpDefine,
} from './c-names.js';
import { enumBody, generatedBanner, kdocEnum } from './c-text.js';
import type { Spec } from './model.js';

/** Render the C UAPI header (constants, enums, attribute and command numbers, groups). */
export function generateUapiHeader(spec: Spec, specPath: string): string {
  const guard = `_UAPI_LINUX_${familyIdent(spec).replace(/-/g, '_').toUpperCase()}_H`;
  const out = [...generatedBanner(specPath, 'uapi header', false)];
  out.push(`#ifndef ${guard}`, `#define ${guard}`, '');
  out.push(`#define ${familyNameDefine(spec)}\t"${spec.name}"`);
  if (spec.version !== undefined) out.push(`#define ${familyVersionDefine(spec)}\t${spec.version}`);
  out.push('');

  for (const def of spec.definitions) {
    if (def.kind !== 'const') continue;
    const value = typeof def.value === 'string' ? `"${def.value}"` : String(def.value);
    out.push(`#define ${constDefine(spec, def)}\t${value}`);
  }
  if (spec.definitions.some((d) => d.kind === 'const')) out.push('');

  for (const def of spec.definitions) {
    if (def.kind === 'const') continue;
    const typeName = enumTypeName(spec, def);
    const entries = def.entries.map((e) => ({ ...e, name: enumEntryName(spec, def, e.name) }));
    out.push(...kdocEnum(typeName, def.doc, entries));
    out.push(`enum ${typeName} {`, ...enumBody(entries, def.kind === 'flags'), '};', '');
  }

  for (const set of spec.attributeSets) {
    if (set.subsetOf) continue; // a subset shares its parent's numbers
    const [cnt, max] = attrMaxNames(spec, set);
    const entries = set.attributes.map((a) => ({
      name: attrName(spec, set, a.name),
      value: a.value,
    }));
    out.push(set.enumName ? `enum ${set.enumName.replace(/-/g, '_')} {` : 'enum {');
    out.push(...enumBody(entries), '', `\t${cnt},`, `\t${max} = (${cnt} - 1)`, '};', '');
  }

  const [cmdCnt, cmdMax] = cmdMaxNames(spec);
  const cmds = spec.operations.list.map((op) => ({
    name: cmdName(spec, op.name),
    value: op.value,
  }));
  out.push('enum {', ...enumBody(cmds), '', `\t${cmdCnt},`, `\t${cmdMax} = (${cmdCnt} - 1)`);
  out.push('};', '');

  for (const group of spec.mcastGroups) {
    out.push(`#define ${mcgrpDefine(spec, group)}\t"${group.name}"`);
  }
  if (spec.mcastGroups.length > 0) out.push('');
  out.push(`#endif /* ${guard} */`, '');
  return out.join('\n');
}
