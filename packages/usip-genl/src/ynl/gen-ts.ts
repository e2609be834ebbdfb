import { nlgrpIndexName } from './c-names.js';
import { decoderFunction, nestedDecoderName } from './gen-ts-decoder.js';
import { type SpecMessage, specMessages } from './messages.js';
import type { Attribute, AttributeSet, AttrType, Spec } from './model.js';
import { attributeSetByName } from './spec-query.js';
import { attrRow } from './spec-rows.js';
import { camelCase, lowerFirst, pascalCase, upperSnake } from './ts-names.js';

/**
 * Render a family's TypeScript bindings: constants, enums and flags, attribute numbers, a
 * type and a zod schema per attribute set and per message, codec tables, and an encoder
 * and a decoder per message. `ynlImport` is the import path of src/ynl from the output, or a package name.
 */
export function generateTypeScript(spec: Spec, specPath: string, ynlImport: string): string {
  const out: string[] = [
    '// Do not edit directly: generated from',
    `//   ${specPath}`,
    '// by packages/usip-genl/scripts/gen.ts (pnpm --dir packages/usip-genl run gen).',
    '/* biome-ignore-all lint: generated code */',
    '',
    "import { AttrCursor, type NetlinkMessage } from '@usip/netlink-core';",
    "import { z } from 'zod';",
    'import {',
    '  checkGenlHeader,',
    '  decodeFailure,',
    '  defineSets,',
    '  type SpecEncodeOptions,',
    '  encodeSpecMessage,',
    '  keepUnknown,',
    '  payloadOf,',
    '  readBigEndian,',
    '  readBitfield32,',
    '  readBytes,',
    '  readIndexed,',
    '  readSint,',
    '  readString,',
    '  readUint,',
    '  restrictSet,',
    '  type UnknownAttr,',
    `} from '${modulePath(ynlImport, 'codec/index.js')}';`,
    'import {',
    '  zBitfield32,',
    '  zBytes,',
    '  zFlag,',
    '  zS8,',
    '  zS16,',
    '  zS32,',
    '  zS64,',
    '  zString,',
    '  zU8,',
    '  zU16,',
    '  zU32,',
    '  zU64,',
    '  zUnknownAttrs,',
    `} from '${modulePath(ynlImport, 'zod-scalars.js')}';`,
    '',
  ];
  out.push(...constants(spec), ...attributeNumbers(spec), ...setTypes(spec), ...codecs(spec));
  return `${out.join('\n')}\n`;
}

/** A relative src/ynl directory, or a package that re-exports it all (e.g. @usip/usip-genl). */
const modulePath = (ynlImport: string, file: string) =>
  ynlImport.startsWith('.') ? `${ynlImport}/${file}` : ynlImport;

const is64 = (t: AttrType | undefined) =>
  t === 'u64' || t === 's64' || t === 'uint' || t === 'sint';

function docLine(doc: string | undefined, indent = ''): string[] {
  if (!doc) return [];
  const text = doc.trim().replace(/\s+/g, ' ').replace(/\*\//g, '*\\/');
  return [`${indent}/** ${text} */`];
}

function constants(spec: Spec): string[] {
  const out: string[] = [];
  out.push(`export const FAMILY_NAME = ${JSON.stringify(spec.name)};`);
  out.push(`export const FAMILY_VERSION = ${spec.version ?? 1};`, '');
  // Flags used by a 64-bit attribute are bigint, so they combine with decoded values.
  const bigFlags = new Set<string>();
  for (const set of spec.attributeSets) {
    for (const a of set.attributes) if (a.enum && is64(a.type)) bigFlags.add(a.enum);
  }
  for (const def of spec.definitions) {
    out.push(...docLine(def.doc));
    if (def.kind === 'const') {
      out.push(`export const ${upperSnake(def.name)} = ${JSON.stringify(def.value)};`, '');
      continue;
    }
    const name = pascalCase(def.name);
    const big = bigFlags.has(def.name);
    out.push(`export const ${name} = {`);
    for (const e of def.entries) {
      out.push(...docLine(e.doc, '  '), `  ${upperSnake(e.name)}: ${e.value}${big ? 'n' : ''},`);
    }
    out.push('} as const;', `export type ${name} = (typeof ${name})[keyof typeof ${name}];`, '');
  }
  out.push('/** Command numbers (genlmsghdr.cmd). */', 'export const Cmd = {');
  for (const op of spec.operations.list) out.push(`  ${upperSnake(op.name)}: ${op.value},`);
  out.push('} as const;', '');
  if (spec.mcastGroups.length > 0) {
    out.push(
      '/** Multicast group names, to resolve through nlctrl. */',
      'export const McastGroup = {',
    );
    const prefix = `${upperSnake(spec.uapiHeader?.replace(/^.*\//, '').replace(/\.h$/, '') ?? spec.name)}_NLGRP_`;
    for (const g of spec.mcastGroups) {
      const key = nlgrpIndexName(spec, g).replace(prefix, '');
      out.push(`  ${key}: ${JSON.stringify(g.name)},`);
    }
    out.push('} as const;', '');
  }
  return out;
}

function attributeNumbers(spec: Spec): string[] {
  const out: string[] = [];
  for (const set of spec.attributeSets) {
    out.push(`/** Attribute numbers of the "${set.name}" set. */`);
    out.push(`export const ${pascalCase(set.name)}Attr = {`);
    for (const a of set.attributes) out.push(`  ${upperSnake(a.name)}: ${a.value},`);
    out.push('} as const;', '');
  }
  return out;
}

/** Sets ordered so each schema follows the schemas it nests (cycles use z.lazy). */
function orderedSets(spec: Spec): { order: AttributeSet[]; lazy: Set<string> } {
  const order: AttributeSet[] = [];
  const lazy = new Set<string>();
  const done = new Set<string>();
  const visit = (set: AttributeSet, stack: Set<string>) => {
    if (done.has(set.name)) return;
    stack.add(set.name);
    for (const a of set.attributes) {
      if (!a.nestedAttributes) continue;
      if (stack.has(a.nestedAttributes)) lazy.add(a.nestedAttributes);
      else visit(attributeSetByName(spec, a.nestedAttributes), stack);
    }
    stack.delete(set.name);
    done.add(set.name);
    order.push(set);
  };
  for (const set of spec.attributeSets) visit(set, new Set());
  return { order, lazy };
}

const typeName = (set: string) => `${pascalCase(set)}Attrs`;

function tsValueType(a: Attribute): string {
  const t = a.type === 'indexed-array' ? (a.subType ?? 'binary') : a.type;
  let base: string;
  if (a.nestedAttributes && (t === 'nest' || a.type === 'indexed-array')) {
    base = typeName(a.nestedAttributes);
  } else if (is64(t)) base = 'bigint';
  else if (t === 'string') base = 'string';
  else if (t === 'flag') base = 'true';
  else if (t === 'bitfield32') base = '{ value: number; selector: number }';
  else if (['u8', 'u16', 'u32', 's8', 's16', 's32'].includes(t)) base = 'number';
  else base = 'Uint8Array';
  return a.type === 'indexed-array' || a.multiAttr ? `${base}[]` : base;
}

const ZOD_SCALAR: Partial<Record<AttrType, string>> = {
  u8: 'zU8',
  u16: 'zU16',
  u32: 'zU32',
  u64: 'zU64',
  s8: 'zS8',
  s16: 'zS16',
  s32: 'zS32',
  s64: 'zS64',
  uint: 'zU64',
  sint: 'zS64',
  string: 'zString',
  flag: 'zFlag',
  bitfield32: 'zBitfield32',
};

function zodValue(a: Attribute, lazy: Set<string>): string {
  const t = a.type === 'indexed-array' ? (a.subType ?? 'binary') : a.type;
  let base: string;
  if (a.nestedAttributes && (t === 'nest' || a.type === 'indexed-array')) {
    const schema = `${typeName(a.nestedAttributes)}Schema`;
    base = lazy.has(a.nestedAttributes) ? `z.lazy(() => ${schema})` : schema;
  } else base = ZOD_SCALAR[t] ?? 'zBytes';
  return a.type === 'indexed-array' || a.multiAttr ? `z.array(${base})` : base;
}

/** Attributes that carry a value (unused numbers and padding never do). */
const valued = (set: AttributeSet) =>
  set.attributes.filter((a) => a.type !== 'unused' && a.type !== 'pad');

function setTypes(spec: Spec): string[] {
  const out: string[] = [];
  const { order, lazy } = orderedSets(spec);
  for (const set of order) {
    const name = typeName(set.name);
    out.push(...docLine(set.doc), `export interface ${name} {`);
    for (const a of valued(set)) {
      out.push(...docLine(a.doc, '  '), `  ${camelCase(a.name)}?: ${tsValueType(a)};`);
    }
    out.push('  /** Attributes this binding does not know, kept as received. */');
    out.push('  unknown?: UnknownAttr[];', '}', '');
    const annotation = lazy.has(set.name) ? `: z.ZodType<${name}>` : '';
    out.push(`export const ${name}Schema${annotation} = z.object({`);
    for (const a of valued(set))
      out.push(`  ${camelCase(a.name)}: ${zodValue(a, lazy)}.optional(),`);
    out.push('  unknown: zUnknownAttrs.optional(),', '});', '');
  }
  return out;
}

/** The attributes of a message, as its spec lists them (pad kept: it is skipped, not unknown). */
function listed(spec: Spec, m: SpecMessage): Attribute[] {
  const set = attributeSetByName(spec, m.attributeSet);
  return set.attributes.filter((a) => m.attributes.includes(a.name) || a.type === 'pad');
}

function codecs(spec: Spec): string[] {
  const out: string[] = ['const sets = defineSets({'];
  for (const set of spec.attributeSets) {
    out.push(`  ${JSON.stringify(set.name)}: [`);
    for (const a of set.attributes) out.push(`    ${JSON.stringify(attrRow(a))},`);
    out.push('  ],');
  }
  out.push('});', '');

  // One decoder per attribute set used as a nest, then one per message (below).
  for (const set of spec.attributeSets) {
    const used = spec.attributeSets.some((s) =>
      s.attributes.some((a) => a.nestedAttributes === set.name),
    );
    if (!used) continue;
    out.push(
      ...decoderFunction(
        nestedDecoderName(set.name),
        typeName(set.name),
        `sets[${JSON.stringify(set.name)}]!`,
        set.attributes,
      ),
      '',
    );
  }

  const table: string[] = [];
  for (const m of specMessages(spec)) {
    const key = lowerFirst(m.typeName);
    const setType = typeName(m.attributeSet);
    const picked = [...m.attributes.map(camelCase), 'unknown'];
    const pick = picked.map((k) => `'${k}'`).join(' | ');
    const schemaPick = picked.map((k) => `${k}: true`).join(', ');
    const cmd = `Cmd.${upperSnake(m.op.name)}`;
    const setVar = `${key}Set`;
    out.push(`/** ${m.op.name}: ${m.kind} (${cmd}). */`);
    out.push(`export type ${m.typeName} = Pick<${setType}, ${pick}>;`);
    out.push(`export const ${m.typeName}Schema = ${setType}Schema.pick({ ${schemaPick} });`);
    out.push(
      `const ${setVar} = restrictSet(sets[${JSON.stringify(m.attributeSet)}]!, ${JSON.stringify(m.attributes)});`,
    );
    out.push(
      `export function encode${m.typeName}(`,
      '  familyId: number,',
      `  msg: ${m.typeName}${m.attributes.length === 0 ? ' = {}' : ''},`,
      '  options?: SpecEncodeOptions,',
      '): Buffer {',
      `  return encodeSpecMessage(familyId, ${cmd}, FAMILY_VERSION, ${setVar}, msg, options);`,
      '}',
      `export function decode${m.typeName}(msg: NetlinkMessage | Buffer): ${m.typeName} {`,
      '  const payload = payloadOf(msg);',
      '  checkGenlHeader(payload);',
      `  return decode${m.typeName}Block(payload, 4, payload.length);`,
      '}',
      ...decoderFunction(`decode${m.typeName}Block`, m.typeName, setVar, listed(spec, m)),
      '',
    );
    table.push(
      `  ${key}: {`,
      `    op: ${JSON.stringify(m.op.name)},`,
      `    kind: ${JSON.stringify(m.kind)},`,
      `    cmd: ${cmd},`,
      `    attributeSet: ${JSON.stringify(m.attributeSet)},`,
      `    attributes: ${JSON.stringify(m.attributes)},`,
      `    schema: ${m.typeName}Schema,`,
      `    encode: encode${m.typeName},`,
      `    decode: decode${m.typeName},`,
      '  },',
    );
  }
  out.push('/** Every message of the family, for generic tools and tests. */');
  out.push('export const messages = {', ...table, '} as const;');
  return out;
}
