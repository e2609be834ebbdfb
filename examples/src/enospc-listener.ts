// Port of the prototype's test-notify-2.c: register a listener with one ENOSPC notifier (notify
// and log to the kernel log), print each "file system full" event, unregister on exit.
//   pnpm run enospc-listener [--global] [--count N] [--timeout S]
import { UsipClient } from '@usip/usip-client';
import { until, waitOptions } from './lib/until.js';

const { count, signal, flags } = waitOptions(['global']);
await using client = await UsipClient.open();
await using listener = await client.listen({
  global: flags.global, // USIP_FLAGS_LISTENER_GLOBAL
  notifiers: [{ type: 'storage', action: 'enospc', notify: true, kernLog: true }],
});
console.error(`enospc-listener: listener ${listener.id} registered (namespace ${listener.group})`);

let seen = 0;
for await (const event of until(listener, signal)) {
  if (event.kind === 'storage') {
    // The prototype's storage_handle_enospc_notify(): mount point, device, inode, pid/vpid, uid.
    console.log(
      `ENOSPC on ${event.mountPoint} (${event.device}): inode ${event.ino}, pid ${event.pid}/${event.vpid ?? event.pid}, uid ${event.uid}`,
    );
  } else if (event.kind === 'lost' || event.kind === 'overrun') {
    console.log(`events were lost (${event.kind})`);
  }
  if (count !== undefined && ++seen >= count) break;
}
