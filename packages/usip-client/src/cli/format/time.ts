/** Nanoseconds since the epoch (CLOCK_REALTIME) as UTC "YYYY-MM-DD hh:mm:ss.nnnnnnnnn". */
export function formatRealtimeNs(ns: bigint): string {
  const ms = ns / 1_000_000n;
  const fraction = (((ns % 1_000_000_000n) + 1_000_000_000n) % 1_000_000_000n)
    .toString()
    .padStart(9, '0');
  const iso = new Date(Number(ms)).toISOString(); // YYYY-MM-DDThh:mm:ss.mmmZ
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${fraction}`;
}
