// A live copy of the mount table: one dump, then only change records. Prints the table size and
// each change or resync as it happens.
//   pnpm run live-table [--count N] [--timeout S]
import { UsipClient } from '@usip/usip-client';
import { until, waitOptions } from './lib/until.js';

const { count, signal } = waitOptions();
await using client = await UsipClient.open();
await using table = await client.liveMountTable();
console.error(`live-table: ${table.size} mounts at seq ${table.seq}; watching for changes`);

let seen = 0;
for await (const event of until(table, signal)) {
  if (event.type === 'change') {
    const m = event.change.mount;
    console.log(
      `${event.change.action} #${m.id} seq ${event.change.seq}: now ${table.size} mounts`,
    );
  } else {
    console.log(`resync after ${event.reason} (by ${event.method}): now ${table.size} mounts`);
  }
  if (count !== undefined && ++seen >= count) break;
}
