// Host CPU per change record through the client's whole receive path: netlink engine, USIP
// notification decode, event dispatch, live-table apply, change event. The kernel is scripted
// (test/helpers/fake-usip-kernel.ts over a MemoryTransport), so this is the client's own cost,
// without the kernel, the socket or an emulator (the guest bench in kernel/test/bench measures
// the real thing). The claim it checks: about a microsecond per record, flat in table size,
// whether each notification comes in its own datagram or the module packs many into one (as it
// does in a burst). Results and method: bench/README.md.
//   pnpm exec tsx bench/live-apply.bench.ts [RECORDS] [ROUNDS]
import { UsipClient } from '../src/client.js';
import type { LiveMountTable } from '../src/live/live-mount-table.js';
import { FakeUsipKernel } from '../test/helpers/fake-usip-kernel.js';

const SIZES = [1_000, 5_000, 15_000];
/** Notifications per datagram: 1 as when changes trickle in, 16 and 64 as in a burst. */
const PACKING = [1, 16, 64];
const records = Number(process.argv[2] ?? 20_480);
const ROUNDS = Number(process.argv[3] ?? 5);
// Records queued per batch: MemoryTransport hands out its queue with Array#shift, which costs
// O(queue) per datagram on long queues; small batches keep the test double out of the figure.
// A multiple of every packing, so each batch ends on a full datagram.
const BATCH = 512;

/** Resolves when `table` has streamed `count` more change events. */
function changes(table: LiveMountTable, count: number): Promise<void> {
  return new Promise((resolve) => {
    let seen = 0;
    const stop = table.subscribe((e) => {
      if (e.type === 'change' && ++seen === count) {
        stop();
        resolve();
      }
    });
  });
}

/**
 * µs of CPU per record: batches of mount/umount records are encoded and queued while the
 * client's transport is paused (so the fake kernel's encoding is not counted), then released.
 */
async function microsPerRecord(kernel: FakeUsipKernel, table: LiveMountTable, count: number) {
  let micros = 0;
  for (let done = 0; done < count; done += BATCH) {
    kernel.transport.pause();
    for (let i = 0; i < BATCH / 2; i++) {
      const mounted = kernel.change((ns) => ns.mountNew());
      kernel.change((ns) => ns.umount(mounted.mount.id));
    }
    kernel.flushNotifications();
    const applied = changes(table, BATCH);
    const start = process.cpuUsage();
    kernel.transport.resume();
    await applied;
    const used = process.cpuUsage(start);
    micros += used.user + used.system;
  }
  return micros / count;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

console.log(
  `client CPU per change record (host, scripted kernel), ${records} records per round, ` +
    `median of ${ROUNDS} rounds taken in turn across packings`,
);
console.log(
  `  ${'mounts'.padStart(6)}  ${PACKING.map((p) => `${p}/datagram`.padStart(12)).join('')}`,
);
for (const size of SIZES) {
  const kernel = new FakeUsipKernel({ logCapacity: 2 * BATCH });
  for (let i = 0; i < size; i++) kernel.ns.mountNew();
  const client = await UsipClient.open({ transport: kernel.transport });
  const table = await client.liveMountTable();
  const rounds = new Map<number, number[]>(PACKING.map((p) => [p, []]));
  for (let r = -1; r < ROUNDS; r++) {
    for (const packing of PACKING) {
      kernel.notificationsPerDatagram = packing;
      const us = await microsPerRecord(kernel, table, records);
      if (r >= 0) rounds.get(packing)!.push(us); // round -1 warms the JIT up
    }
  }
  const cells = PACKING.map((p) => `${median(rounds.get(p)!).toFixed(2)} us`.padStart(12));
  console.log(`  ${String(size).padStart(6)}  ${cells.join('')}   (table ${table.size})`);
  await table.close();
  await client.close();
}
