/**
 * Compact, spec-derived tables that drive the generic attribute codec. The generated
 * bindings embed them as literals; the run-time driver builds them from a loaded spec.
 */

export type ValueKind =
  | 'u8'
  | 'u16'
  | 'u32'
  | 'u64'
  | 's8'
  | 's16'
  | 's32'
  | 's64'
  | 'uint'
  | 'sint'
  | 'string'
  | 'binary'
  | 'flag'
  | 'bitfield32'
  | 'nest'
  | 'pad'
  | 'unused';

export interface AttrOptions {
  /** The attribute may repeat; decoded as an array. */
  multi?: boolean;
  /** An indexed-array: one nest whose elements are of `kind`. */
  array?: boolean;
  /** Network byte order (byte-order: big-endian). */
  bigEndian?: boolean;
  /** For nests (and arrays of nests): the nested attribute set's name. */
  nested?: string;
}

/** [attribute number, spec name, value kind, options]. */
export type AttrRow = readonly [number, string, ValueKind, AttrOptions?];

export interface AttrDesc {
  type: number;
  name: string;
  /** camelCase property name in decoded objects. */
  key: string;
  kind: ValueKind;
  multi: boolean;
  array: boolean;
  bigEndian: boolean;
  nested?: SetDesc;
}

export interface SetDesc {
  name: string;
  attrs: AttrDesc[];
  byType: (AttrDesc | undefined)[];
  /** The PAD attribute's number: 64-bit values are aligned with it, as the kernel does. */
  padType?: number;
  /** The whole set a message's restricted view was taken from (to name extra attributes). */
  full: SetDesc;
}

export const camelCase = (name: string): string =>
  name.replace(/[-_]+([a-z0-9])/g, (_, c: string) => c.toUpperCase());

function makeSet(name: string, attrs: AttrDesc[], full?: SetDesc): SetDesc {
  const byType: (AttrDesc | undefined)[] = [];
  for (const a of attrs) byType[a.type] = a;
  const set: SetDesc = { name, attrs, byType, full: undefined as unknown as SetDesc };
  set.full = full ?? set;
  const pad = (full ?? set).attrs.find((a) => a.kind === 'pad');
  if (pad) set.padType = pad.type;
  return set;
}

/** Build every set of a family, linking nests by name (recursive sets are fine). */
export function defineSets(rows: Record<string, readonly AttrRow[]>): Record<string, SetDesc> {
  const sets: Record<string, SetDesc> = {};
  for (const [name, list] of Object.entries(rows)) {
    const attrs = list.map(
      ([type, attrName, kind, o]): AttrDesc => ({
        type,
        name: attrName,
        key: camelCase(attrName),
        kind,
        multi: o?.multi ?? false,
        array: o?.array ?? false,
        bigEndian: o?.bigEndian ?? false,
      }),
    );
    sets[name] = makeSet(name, attrs);
  }
  for (const [name, list] of Object.entries(rows)) {
    for (const [type, , , o] of list) {
      if (!o?.nested) continue;
      const nested = sets[o.nested];
      if (!nested) throw new Error(`attribute set "${name}" nests unknown set "${o.nested}"`);
      sets[name]!.byType[type]!.nested = nested;
    }
  }
  return sets;
}

/** The view of a set one message uses: only the attributes its spec lists for it. */
export function restrictSet(set: SetDesc, names: readonly string[]): SetDesc {
  const attrs = set.attrs.filter((a) => names.includes(a.name) || a.kind === 'pad');
  return makeSet(set.name, attrs, set.full);
}
