// Host CPU per change record through the client's whole receive path: netlink engine, USIP
// notification decode and validation, event dispatch, live-table apply, change event. The kernel
// is scripted (test/helpers/fake-usip-kernel.ts over a MemoryTransport), so this is the client's
// own cost, without the kernel, the socket or an emulator (the guest bench in kernel/test/bench
// measures the real thing). The claim it checks: microseconds per record, flat in table size.
//   node --import tsx bench/live-apply.bench.ts [RECORDS]
import { UsipClient } from '../src/client.js';
import type { LiveMountTable } from '../src/live/live-mount-table.js';
import { FakeUsipKernel } from '../test/helpers/fake-usip-kernel.js';

const SIZES = [1_000, 5_000, 15_000];
const records = Number(process.argv[2] ?? 20_000);
const ROUNDS = 3;
// Records queued per batch: MemoryTransport hands out its queue with Array#shift, which costs
// O(queue) per datagram on long queues; small batches keep the test double out of the figure.
const BATCH = 500;

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
    const applied = changes(table, BATCH);
    const start = process.cpuUsage();
    kernel.transport.resume();
    await applied;
    const used = process.cpuUsage(start);
    micros += used.user + used.system;
  }
  return micros / count;
}

console.log(`client CPU per change record (host, scripted kernel), ${records} records per round`);
for (const size of SIZES) {
  const kernel = new FakeUsipKernel({ logCapacity: 2 * BATCH });
  for (let i = 0; i < size; i++) kernel.ns.mountNew();
  const client = await UsipClient.open({ transport: kernel.transport });
  const table = await client.liveMountTable();
  await microsPerRecord(kernel, table, records); // warm-up: the JIT compiles the path
  const rounds: number[] = [];
  for (let r = 0; r < ROUNDS; r++) rounds.push(await microsPerRecord(kernel, table, records));
  rounds.sort((a, b) => a - b);
  const median = rounds[Math.floor(ROUNDS / 2)] ?? Number.NaN;
  console.log(
    `  ${String(size).padStart(6)} mounts: ${median.toFixed(1)} us per record (median of ${ROUNDS}; table ${table.size})`,
  );
  await table.close();
  await client.close();
}
