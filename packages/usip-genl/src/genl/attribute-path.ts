/**
 * Where an attribute sits in a request, and the optional names that make that readable.
 * Names come from whoever knows the family (a YNL spec, hand-written tables); policies from the
 * kernel carry only numbers.
 */

/** Names of the attributes of one attribute set, by type number. */
export interface AttributeSetNames {
  readonly [type: number]: AttributeName | undefined;
}

export interface AttributeName {
  readonly name: string;
  /** Names inside a nested attribute (for a nested array: inside each entry). */
  readonly nested?: AttributeSetNames;
}

/** One step down an attribute tree. */
export interface AttributePathStep {
  /** Attribute type, or the entry's index within a nested array. */
  type: number;
  /** True for the index of a nested-array entry. */
  arrayIndex?: boolean;
  name?: string;
}

/** Renders a path as `header(1)/dev-index(1)`, `ops(6)/[2]/id(1)`, or `1/2` without names. */
export function formatAttributePath(path: readonly AttributePathStep[]): string {
  if (path.length === 0) return '(top level)';
  return path
    .map((step) => {
      if (step.arrayIndex) return `[${step.type}]`;
      return step.name ? `${step.name}(${step.type})` : String(step.type);
    })
    .join('/');
}

/** The step for attribute `type` and the names one level below it. */
export function stepInto(
  names: AttributeSetNames | undefined,
  type: number,
): { step: AttributePathStep; inner: AttributeSetNames | undefined } {
  const known = names?.[type];
  const step: AttributePathStep = known ? { type, name: known.name } : { type };
  return { step, inner: known?.nested };
}
