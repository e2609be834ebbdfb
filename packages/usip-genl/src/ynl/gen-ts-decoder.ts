import type { Attribute, AttrType } from './model.js';
import { camelCase, pascalCase } from './ts-names.js';

/**
 * A specialised decoder for one attribute block: a switch on the attribute number with
 * literal property names, so decoded objects get stable shapes and V8 monomorphic stores.
 * (The run-time driver's generic decoder does the same job table-driven, more slowly.)
 */
export function decoderFunction(
  fnName: string,
  typeName: string,
  setVar: string,
  attrs: readonly Attribute[],
): string[] {
  const out = [
    `function ${fnName}(buf: Buffer, start: number, end: number): ${typeName} {`,
    `  const out: ${typeName} = {};`,
    '  let at: string | undefined;',
    '  try {',
    '    const c = new AttrCursor(buf, start, end);',
    '    while (c.next()) {',
    '      switch (c.type) {',
  ];
  for (const a of attrs) {
    if (a.type === 'unused') continue;
    if (a.type === 'pad') {
      out.push(`        case ${a.value}:`, '          break;');
      continue;
    }
    const key = camelCase(a.name);
    const value = valueExpression(a, 'c');
    const store = a.multiAttr ? `(out.${key} ??= []).push(${value});` : `out.${key} = ${value};`;
    out.push(
      `        case ${a.value}:`,
      `          at = '${a.name}';`,
      `          ${store}`,
      '          break;',
    );
  }
  out.push(
    '        default:',
    `          keepUnknown(out, ${setVar}, c);`,
    '      }',
    '      at = undefined;',
    '    }',
    '  } catch (err) {',
    '    throw decodeFailure(err, at);',
    '  }',
    '  return out;',
    '}',
  );
  return out;
}

export const nestedDecoderName = (set: string) => `decode${pascalCase(set)}Block`;

const CURSOR_READ: Partial<Record<AttrType, string>> = {
  u8: 'u8',
  u16: 'u16',
  u32: 'u32',
  u64: 'u64',
  s8: 's8',
  s16: 's16',
  s32: 's32',
  s64: 's64',
};

function scalarExpression(a: Attribute, type: AttrType, c: string): string {
  if (a.byteOrder === 'big-endian' && type !== 'u8' && type !== 's8' && CURSOR_READ[type]) {
    const big = type === 'u64' || type === 's64';
    return `readBigEndian(${c}, '${type}') as ${big ? 'bigint' : 'number'}`;
  }
  const method = CURSOR_READ[type];
  if (method) return `${c}.${method}()`;
  switch (type) {
    case 'uint':
      return `readUint(${c})`;
    case 'sint':
      return `readSint(${c})`;
    case 'string':
      return `readString(${c})`;
    case 'flag':
      return 'true';
    case 'bitfield32':
      return `readBitfield32(${c})`;
    case 'nest':
      return `${nestedDecoderName(a.nestedAttributes!)}(${c}.buf, ${c}.valueOffset, ${c}.valueOffset + ${c}.valueLength)`;
    default:
      return `readBytes(${c})`;
  }
}

function valueExpression(a: Attribute, c: string): string {
  if (a.type !== 'indexed-array') return scalarExpression(a, a.type, c);
  return `readIndexed(${c}, (e) => ${scalarExpression(a, a.subType ?? 'binary', 'e')})`;
}
