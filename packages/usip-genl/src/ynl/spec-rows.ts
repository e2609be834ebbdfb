import type { AttrOptions, AttrRow, ValueKind } from './codec/descriptor.js';
import type { Attribute, AttrType, Spec } from './model.js';

/** Value kind the codec uses for a spec type (types it cannot interpret stay raw bytes). */
function kindOf(type: AttrType): ValueKind {
  switch (type) {
    case 'nest-type-value':
    case 'sub-message':
    case 'indexed-array':
      return 'binary';
    default:
      return type;
  }
}

/** The codec row of one attribute. */
export function attrRow(attr: Attribute): AttrRow {
  const options: AttrOptions = {};
  let kind = kindOf(attr.type);
  if (attr.type === 'indexed-array' && attr.subType) {
    kind = kindOf(attr.subType);
    options.array = true;
  }
  if (attr.nestedAttributes) options.nested = attr.nestedAttributes;
  if (attr.multiAttr) options.multi = true;
  if (attr.byteOrder === 'big-endian') options.bigEndian = true;
  return Object.keys(options).length > 0
    ? [attr.value, attr.name, kind, options]
    : [attr.value, attr.name, kind];
}

/** Codec rows of every attribute set of a spec, keyed by set name. */
export function specRows(spec: Spec): Record<string, AttrRow[]> {
  const rows: Record<string, AttrRow[]> = {};
  for (const set of spec.attributeSets) rows[set.name] = set.attributes.map(attrRow);
  return rows;
}
