// Port of the prototype's mount-table listener: a listener with one MTAB notifier, printing each
// change record (mount, umount, move, attr) the kernel sends.
//   pnpm run mtab-listener [--global] [--count N] [--timeout S]
import { UsipClient } from '@usip/usip-client';
import { until, waitOptions } from './lib/until.js';

const { count, signal, flags } = waitOptions(['global']);
await using client = await UsipClient.open();
await using listener = await client.listen({
  global: flags.global,
  notifiers: [{ type: 'mtab', action: 'any' }],
});
console.error(`mtab-listener: listener ${listener.id} registered (namespace ${listener.group})`);

let seen = 0;
for await (const event of until(listener, signal)) {
  if (event.kind === 'mtab') {
    const c = event.change;
    const where = c && 'mountPoint' in c.mount ? c.mount.mountPoint : '';
    console.log(
      c
        ? `${c.action.toUpperCase()} mount ${c.mount.id} ${where} (seq ${c.seq})`
        : `${event.action.toUpperCase()} (no change record)`,
    );
  } else if (event.kind === 'lost' || event.kind === 'overrun') {
    console.log(`events were lost (${event.kind}): re-read the table`);
  }
  if (count !== undefined && ++seen >= count) break;
}
