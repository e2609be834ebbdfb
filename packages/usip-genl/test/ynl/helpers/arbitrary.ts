import fc from 'fast-check';
import { camelCase } from '../../../src/ynl/codec/descriptor.js';
import type { Attribute, AttrType, Spec } from '../../../src/ynl/model.js';
import { attributeSetByName, enumByName } from '../../../src/ynl/spec-query.js';

/**
 * fast-check arbitraries derived from a spec: any object a message of an attribute set may
 * carry, with every attribute optional, enums drawn from their entries, flags from their
 * bits, nests recursing (to `maxDepth`), 64-bit values as bigint.
 */
export function arbitraryFromSet(
  spec: Spec,
  setName: string,
  names?: readonly string[],
  maxDepth = 3,
): fc.Arbitrary<Record<string, unknown>> {
  const set = attributeSetByName(spec, setName);
  const attrs = set.attributes.filter(
    (a) => a.type !== 'unused' && a.type !== 'pad' && (!names || names.includes(a.name)),
  );
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const a of attrs) {
    const value = attrArbitrary(spec, a, maxDepth);
    if (value) model[camelCase(a.name)] = value;
  }
  return fc.record(model, { requiredKeys: [], noNullPrototype: true }) as fc.Arbitrary<
    Record<string, unknown>
  >;
}

const INT_RANGES: Partial<Record<AttrType, [number, number]>> = {
  u8: [0, 0xff],
  u16: [0, 0xffff],
  u32: [0, 0xffffffff],
  s8: [-0x80, 0x7f],
  s16: [-0x8000, 0x7fff],
  s32: [-0x80000000, 0x7fffffff],
};

function scalar(spec: Spec, a: Attribute, type: AttrType): fc.Arbitrary<unknown> | undefined {
  const big = type === 'u64' || type === 'uint' || type === 's64' || type === 'sint';
  if (a.enum) {
    const def = enumByName(spec, a.enum);
    const values = def.entries.map((e) => e.value);
    if (a.enumAsFlags) {
      const mask = fc.subarray(values).map((bits) => bits.reduce((m, b) => m | b, 0));
      return big ? mask.map(BigInt) : mask;
    }
    const pick = fc.constantFrom(...values);
    return big ? pick.map(BigInt) : pick;
  }
  const range = INT_RANGES[type];
  if (range) return fc.integer({ min: range[0], max: range[1] });
  switch (type) {
    case 'u64':
    case 'uint':
      return fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
    case 's64':
    case 'sint':
      return fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
    case 'string':
      // NUL-terminated on the wire: a value cannot hold NUL itself.
      return fc.string({ unit: 'grapheme', maxLength: 40 }).filter((s) => !s.includes('\0'));
    case 'flag':
      return fc.constant(true);
    case 'bitfield32':
      return fc.record({ value: fc.nat(), selector: fc.nat() });
    case 'binary':
      return fc.uint8Array({ maxLength: 32 }).map((b) => Buffer.from(b));
    default:
      return undefined;
  }
}

function attrArbitrary(spec: Spec, a: Attribute, depth: number): fc.Arbitrary<unknown> | undefined {
  const type = a.type === 'indexed-array' ? (a.subType ?? 'binary') : a.type;
  let value: fc.Arbitrary<unknown> | undefined;
  if (type === 'nest') {
    if (depth <= 0 || !a.nestedAttributes) return undefined;
    value = arbitraryFromSet(spec, a.nestedAttributes, undefined, depth - 1);
  } else {
    value = scalar(spec, a, type);
  }
  if (!value) return undefined;
  if (a.type === 'indexed-array') return fc.array(value, { maxLength: 4 });
  if (a.multiAttr) return fc.array(value, { minLength: 1, maxLength: 3 });
  return value;
}
