// Host CPU per change record through the client's whole receive path: netlink engine, USIP
// notification decode, event dispatch, live-table apply, change event. The kernel is scripted
// (test/helpers/fake-usip-kernel.ts over a MemoryTransport), so this is the client's own cost,
// without the kernel, the socket or an emulator (the guest bench in kernel/test/bench measures
// the real thing). The claim it checks: about a microsecond per record, flat in table size,
// whether each notification comes in its own datagram or the module packs many into one (as it
// does in a burst). Two figures per cell: through the MemoryTransport (one event-loop turn per
// datagram, as a socket read costs one) and, after the slash, datagrams handed to the client's
// netlink engine directly (the engine onward: parse, decode, dispatch, apply, change event).
// Results and method: bench/README.md.
//   pnpm exec tsx bench/live-apply.bench.ts [RECORDS] [ROUNDS]
import { UsipClient } from '../src/client.js';
import type { LiveMountTable } from '../src/live/live-mount-table.js';
import { FakeUsipKernel, MTAB_GROUP_MASK } from '../test/helpers/fake-usip-kernel.js';

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

/** Queues one batch of mount/umount records as the kernel would send them, and flushes it. */
function queueBatch(kernel: FakeUsipKernel): void {
  for (let i = 0; i < BATCH / 2; i++) {
    const mounted = kernel.change((ns) => ns.mountNew());
    kernel.change((ns) => ns.umount(mounted.mount.id));
  }
  kernel.flushNotifications();
}

/**
 * µs of CPU per record: batches of mount/umount records are encoded and queued while the
 * client's transport is paused (so the fake kernel's encoding is not counted), then released.
 * `direct`: the batch's datagrams are instead emitted on the transport synchronously, as its
 * 'datagram' event, leaving the test double's per-datagram event-loop turns out.
 */
async function microsPerRecord(
  kernel: FakeUsipKernel,
  table: LiveMountTable,
  count: number,
  direct: boolean,
) {
  let micros = 0;
  for (let done = 0; done < count; done += BATCH) {
    const datagrams: Buffer[] = [];
    kernel.transport.pause();
    kernel.capturedNotifications = direct ? datagrams : undefined;
    queueBatch(kernel);
    kernel.capturedNotifications = undefined;
    const applied = changes(table, BATCH);
    const start = process.cpuUsage();
    kernel.transport.resume();
    for (const data of datagrams) {
      kernel.transport.emit('datagram', { data, port: 0, groups: MTAB_GROUP_MASK });
    }
    await applied;
    const used = process.cpuUsage(start);
    micros += used.user + used.system;
  }
  return micros / count;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

console.log(
  `client CPU per change record (host, scripted kernel), ${records} records per round, ` +
    `median of ${ROUNDS} rounds taken in turn; through the transport / engine onward`,
);
console.log(
  `  ${'mounts'.padStart(6)}  ${PACKING.map((p) => `${p}/datagram`.padStart(18)).join('')}`,
);
for (const size of SIZES) {
  const kernel = new FakeUsipKernel({ logCapacity: 2 * BATCH });
  for (let i = 0; i < size; i++) kernel.ns.mountNew();
  const client = await UsipClient.open({ transport: kernel.transport });
  const table = await client.liveMountTable();
  const rounds = new Map<string, number[]>();
  for (let r = -1; r < ROUNDS; r++) {
    for (const packing of PACKING) {
      for (const direct of [false, true]) {
        kernel.notificationsPerDatagram = packing;
        const us = await microsPerRecord(kernel, table, records, direct);
        const key = `${packing}${direct}`;
        if (r >= 0) rounds.set(key, [...(rounds.get(key) ?? []), us]); // round -1 warms the JIT up
      }
    }
  }
  const cell = (p: number) =>
    `${median(rounds.get(`${p}false`)!).toFixed(2)} / ${median(rounds.get(`${p}true`)!).toFixed(2)} us`;
  console.log(
    `  ${String(size).padStart(6)}  ${PACKING.map((p) => cell(p).padStart(18)).join('')}   (table ${table.size})`,
  );
  await table.close();
  await client.close();
}
