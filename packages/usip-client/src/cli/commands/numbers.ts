import { InvalidInputError } from '../../errors.js';

/** An optional option value that must be a whole number >= 1. */
export function positiveInteger(
  value: string | boolean | undefined,
  name: string,
): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new InvalidInputError(`${name} value`, [`expected a whole number >= 1, got "${value}"`]);
  }
  return n;
}
