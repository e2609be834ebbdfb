import { performance } from 'node:perf_hooks';

/**
 * A rate or a duration measured two ways: by the wall clock, and by the CPU time this process
 * used (user + system, which includes the kernel's work in our send and recvmsg calls). On a
 * machine shared with other jobs the CPU figure is the stable one.
 */
export interface Measured {
  wall: number;
  cpu: number;
}

const cpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** Runs `once` repeatedly (warm-up first) for at least `minMs`; operations per second. */
export async function opsPerSecond(
  once: () => Promise<unknown> | unknown,
  { warmup = 2000, minMs = 1500 } = {},
): Promise<Measured> {
  for (let i = 0; i < warmup; i++) await once();
  let count = 0;
  const start = performance.now();
  const startCpu = cpuMs();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (let i = 0; i < 500; i++) await once();
    count += 500;
    elapsed = performance.now() - start;
  }
  return { wall: (count * 1000) / elapsed, cpu: (count * 1000) / (cpuMs() - startCpu) };
}

/** Best (lowest) milliseconds of `runs` runs of `once`, after `warmup` runs. */
export async function bestMs(
  once: () => Promise<unknown>,
  { warmup = 3, runs = 15 } = {},
): Promise<Measured> {
  for (let i = 0; i < warmup; i++) await once();
  const best = { wall: Number.POSITIVE_INFINITY, cpu: Number.POSITIVE_INFINITY };
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const startCpu = cpuMs();
    await once();
    best.wall = Math.min(best.wall, performance.now() - start);
    best.cpu = Math.min(best.cpu, cpuMs() - startCpu);
  }
  return best;
}

/** Keeps the better of two measurements, field by field (`higher`: rates, else durations). */
export function better(a: Measured | undefined, b: Measured, higher: boolean): Measured {
  if (!a) return b;
  const pick = higher ? Math.max : Math.min;
  return { wall: pick(a.wall, b.wall), cpu: pick(a.cpu, b.cpu) };
}

const shown = (v: number): string =>
  v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(2);

/**
 * One aligned figure line. A Measured value prints its CPU-time figure then the wall-clock
 * one; a plain number prints as it is.
 */
export function report(label: string, value: number | Measured, unit: string, note = ''): void {
  const tail = note ? `  ${note}` : '';
  if (typeof value === 'number') {
    console.log(`  ${label.padEnd(40)} ${shown(value).padStart(9)} ${unit}${tail}`);
    return;
  }
  console.log(
    `  ${label.padEnd(40)} ${shown(value.cpu).padStart(9)} ${unit} (CPU)  ${shown(value.wall).padStart(9)} (wall)${tail}`,
  );
}
