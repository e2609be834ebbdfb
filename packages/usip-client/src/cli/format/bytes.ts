const units = ['B', 'K', 'M', 'G', 'T', 'P', 'E'];

/** Bytes in powers of 1024 with one decimal below 10, like `df -h`: 512B, 1.5K, 20G. */
export function humanBytes(bytes: bigint): string {
  let value = Number(bytes);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${value}B`;
  const shown = value < 10 ? Math.ceil(value * 10) / 10 : Math.ceil(value);
  return `${value < 10 ? shown.toFixed(1) : shown}${units[unit]}`;
}
