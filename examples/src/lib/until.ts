// Shared by the examples that wait for events: --count N and --timeout SECONDS, and Ctrl-C, all
// end the wait cleanly so the program can unregister and close before it exits.
import { parseArgs } from 'node:util';

export interface WaitOptions {
  count: number | undefined;
  signal: AbortSignal;
  positionals: string[];
  flags: Record<string, boolean>;
}

/** Parses --count/--timeout (plus boolean `flags`) and arms the stop signal. */
export function waitOptions(flagNames: string[] = []): WaitOptions {
  const { values, positionals } = parseArgs({
    options: {
      count: { type: 'string' },
      timeout: { type: 'string' },
      ...Object.fromEntries(flagNames.map((f) => [f, { type: 'boolean' as const }])),
    },
    allowPositionals: true,
  });
  const stop = new AbortController();
  const timeout = values.timeout === undefined ? undefined : Number(values.timeout);
  if (timeout !== undefined) setTimeout(() => stop.abort(), timeout * 1000).unref();
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => stop.abort());
  const given = values as Record<string, string | boolean | undefined>;
  const flags = Object.fromEntries(flagNames.map((f) => [f, given[f] === true]));
  return {
    count: values.count === undefined ? undefined : Number(values.count),
    signal: stop.signal,
    positionals,
    flags,
  };
}

/** Yields from `source` until the signal aborts, then ends the iteration (closing the source). */
export async function* until<T>(source: AsyncIterable<T>, signal: AbortSignal): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  const aborted = new Promise<'aborted'>((resolve) => {
    if (signal.aborted) resolve('aborted');
    signal.addEventListener('abort', () => resolve('aborted'), { once: true });
  });
  try {
    while (true) {
      const next = await Promise.race([it.next(), aborted]);
      if (next === 'aborted' || next.done) return;
      yield next.value;
    }
  } finally {
    await it.return?.();
  }
}
