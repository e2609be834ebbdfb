import fc from 'fast-check';
import type { Attribute, AttrType, Spec } from '../../../src/ynl/model.js';
import { attributeSetByName } from '../../../src/ynl/spec-query.js';

/** One attribute as it travels: a number, the NLA_F_NESTED bit, and raw bytes or children. */
export interface WireAttr {
  type: number;
  nested: boolean;
  value: Uint8Array | WireAttr[];
}

const NLA_F_NESTED = 0x8000;

/** Attribute blocks as the kernel lays them out: nla_len, nla_type, value, padding to 4. */
export function encodeWire(attrs: readonly WireAttr[]): Buffer {
  const parts: Buffer[] = [];
  for (const a of attrs) {
    const value = Array.isArray(a.value) ? encodeWire(a.value) : Buffer.from(a.value);
    const header = Buffer.alloc(4);
    header.writeUInt16LE(4 + value.length, 0);
    header.writeUInt16LE(a.type | (a.nested ? NLA_F_NESTED : 0), 2);
    parts.push(header, value, Buffer.alloc((4 - (value.length % 4)) % 4));
  }
  return Buffer.concat(parts);
}

const SIZE: Partial<Record<AttrType, number>> = {
  u8: 1,
  u16: 2,
  u32: 4,
  u64: 8,
  s8: 1,
  s16: 2,
  s32: 4,
  s64: 8,
};

const bytes = (maxLength: number) => fc.uint8Array({ maxLength });

/** Little-endian integers of `size` bytes, mostly small (so enum and event-type values hit). */
function integerBytes(size: number): fc.Arbitrary<Uint8Array> {
  const small = fc.integer({ min: 0, max: 3 }).map((n) => {
    const b = new Uint8Array(size);
    b[0] = n;
    return b;
  });
  return fc.oneof(
    { arbitrary: small, weight: 4 },
    fc.uint8Array({ minLength: size, maxLength: size }),
  );
}

/** What a string attribute may hold: text with or without its NUL, or any bytes at all. */
const stringBytes = fc.oneof(
  fc.string({ maxLength: 24 }).map((s) => Buffer.from(`${s}\0`)),
  fc.string({ maxLength: 24 }).map((s) => Buffer.from(s)),
  bytes(24),
);

/**
 * A value for `a`, usually of its spec type, now and then of the wrong size (a malformed
 * message): rarely enough that a block of a dozen attributes is often entirely well-formed.
 */
function wireValue(spec: Spec, a: Attribute, depth: number): fc.Arbitrary<WireAttr['value']> {
  const wrongSize = bytes(12);
  const size = SIZE[a.type];
  if (size !== undefined) return fc.oneof({ arbitrary: integerBytes(size), weight: 40 }, wrongSize);
  if (a.type === 'string') return stringBytes;
  if (a.type === 'nest' && a.nestedAttributes && depth > 0) {
    const children = arbitraryWireBlock(spec, a.nestedAttributes, depth - 1);
    return fc.oneof({ arbitrary: children, weight: 40 }, wrongSize);
  }
  return wrongSize;
}

/**
 * Any attribute block a set's decoder may be handed: each of the set's attributes present or
 * not (pad and unused numbers included), values mostly well-formed and sometimes not, nests
 * recursing to `maxDepth`, plus repeats and numbers the set does not define, in any order.
 */
export function arbitraryWireBlock(
  spec: Spec,
  setName: string,
  maxDepth = 3,
): fc.Arbitrary<WireAttr[]> {
  const set = attributeSetByName(spec, setName);
  const known = set.attributes.map((a) =>
    fc.record({
      type: fc.constant(a.value),
      nested: fc.constant(a.type === 'nest'),
      value: wireValue(spec, a, maxDepth),
    }),
  );
  const stranger = fc.record({
    type: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 0x3fff })),
    nested: fc.boolean(),
    value: bytes(16),
  });
  return fc
    .tuple(
      fc.tuple(...known.map((k) => fc.option(k, { freq: 5, nil: undefined }))),
      fc.array(fc.oneof(stranger, ...known), { maxLength: 3 }),
    )
    .map(([present, extra]) => [...present.filter((a) => a !== undefined), ...extra])
    .chain((list) => fc.shuffledSubarray(list, { minLength: list.length }));
}

/** A payload perhaps damaged: one byte overwritten, the tail cut off, or all but a few bytes. */
export function arbitraryDamage(): fc.Arbitrary<(payload: Buffer) => Buffer> {
  return fc.oneof(
    { arbitrary: fc.constant((p: Buffer) => p), weight: 6 },
    fc.tuple(fc.nat(), fc.nat(255)).map(([at, byte]) => (p: Buffer) => {
      const copy = Buffer.from(p);
      if (copy.length > 0) copy[at % copy.length] = byte;
      return copy;
    }),
    fc.nat().map((cut) => (p: Buffer) => p.subarray(0, p.length - (cut % (p.length + 1)))),
    fc.nat(6).map((keep) => (p: Buffer) => p.subarray(0, keep)),
  );
}
