import { performance } from 'node:perf_hooks';

/** Runs `once` repeatedly (warm-up first) for at least `minMs`; returns operations per second. */
export async function opsPerSecond(
  once: () => Promise<unknown> | unknown,
  { warmup = 2000, minMs = 1500 } = {},
): Promise<number> {
  for (let i = 0; i < warmup; i++) await once();
  let count = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (let i = 0; i < 500; i++) await once();
    count += 500;
    elapsed = performance.now() - start;
  }
  return (count * 1000) / elapsed;
}

/** Best (lowest) time of `runs` runs of `once`, in milliseconds, after `warmup` runs. */
export async function bestMs(
  once: () => Promise<unknown>,
  { warmup = 3, runs = 15 } = {},
): Promise<number> {
  for (let i = 0; i < warmup; i++) await once();
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await once();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

/** One aligned figure line: "<label>  <value> <unit>  (<note>)". */
export function report(label: string, value: number, unit: string, note = ''): void {
  const shown = value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(2);
  console.log(`  ${label.padEnd(46)} ${shown.padStart(12)} ${unit}${note ? `  (${note})` : ''}`);
}
