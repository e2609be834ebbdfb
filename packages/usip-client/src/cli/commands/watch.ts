import type { UsipEvent } from '../../events.js';
import type { NotifierInput } from '../../notifier.js';
import type { Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { formatEventLine } from '../format/event-line.js';
import { jsonLine } from '../format/json.js';
import { withClient } from './common.js';
import { positiveInteger } from './numbers.js';

export const watchCommand: Command = {
  name: 'watch',
  summary: 'print mount-table and storage events as they happen, until Ctrl-C',
  args: [],
  options: {
    mtab: { type: 'boolean', description: 'mount-table changes (default: both kinds)' },
    storage: { type: 'boolean', description: 'storage events: ENOSPC, EDQUOT (default: both)' },
    global: {
      type: 'boolean',
      description: 'events of every mount namespace, not only ours (needs CAP_SYS_ADMIN)',
    },
    'kern-log': { type: 'boolean', description: 'ask the kernel to log each event too' },
    count: { type: 'string', valueName: 'N', description: 'stop after N events' },
    timeout: { type: 'string', valueName: 'SECONDS', description: 'stop after SECONDS' },
    json: { type: 'boolean', description: 'print one JSON object per event' },
  },
  details:
    'Once the listener is registered, a line "usip: watching ..." goes to stderr. Ctrl-C, --count\nor --timeout end the watch; the listener is unregistered before exit (exit code 0).',
  run: async (ctx, { values }) => {
    const count = positiveInteger(values.count, '--count');
    const timeoutSeconds = positiveInteger(values.timeout, '--timeout');
    const both = !values.mtab && !values.storage;
    const notifiers: NotifierInput[] = [];
    const kernLog = Boolean(values['kern-log']);
    if (values.mtab || both) notifiers.push({ type: 'mtab', kernLog });
    if (values.storage || both) notifiers.push({ type: 'storage', kernLog });

    return withClient(ctx, async (client) => {
      const listener = await client.listen({ global: Boolean(values.global), notifiers });
      const kinds = notifiers.map((n) => n.type).join(' and ');
      const scope = values.global ? 'all mount namespaces' : `mount namespace ${listener.group}`;
      ctx.io.err(
        `usip: watching ${kinds} events of ${scope} (listener ${listener.id}); Ctrl-C to stop`,
      );

      const stop = new AbortController();
      const onAbort = () => stop.abort();
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      const timer =
        timeoutSeconds === undefined ? undefined : setTimeout(onAbort, timeoutSeconds * 1000);
      try {
        let seen = 0;
        for await (const event of untilAborted(listener, stop.signal)) {
          ctx.io.out(values.json ? jsonLine(event) : formatEventLine(event));
          if (count !== undefined && ++seen >= count) break;
        }
      } finally {
        clearTimeout(timer);
        ctx.signal.removeEventListener('abort', onAbort);
        await listener.close(); // unregister before the socket goes
      }
      return ExitCode.OK;
    });
  },
};

/** The events of `source` until `signal` aborts; then the iteration simply ends. */
async function* untilAborted(
  source: AsyncIterable<UsipEvent>,
  signal: AbortSignal,
): AsyncGenerator<UsipEvent> {
  if (signal.aborted) return;
  const it = source[Symbol.asyncIterator]();
  const aborted = new Promise<'aborted'>((resolve) =>
    signal.addEventListener('abort', () => resolve('aborted'), { once: true }),
  );
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
