/**
 * One JSON line. 64-bit counters (bigint) become decimal strings, so no consumer loses
 * precision on inode numbers, nanosecond times or large block counts.
 */
export function jsonLine(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? v.toString() : v));
}
