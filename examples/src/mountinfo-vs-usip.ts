// What one mount-table change costs a watcher: re-reading /proc/self/mountinfo (what daemons do
// today) against applying USIP's change record. Run it in a mount namespace holding a few
// thousand mounts (scripts/demo.sh sets one up); it makes --changes mount+umount pairs itself.
//   pnpm run mountinfo-vs-usip [--changes K] [--dir /tmp]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { hasFeature, UsipClient } from '@usip/usip-client';

const { values } = parseArgs({ options: { changes: { type: 'string' }, dir: { type: 'string' } } });
const pairs = Number(values.changes ?? 50);

/** CPU time (user + system) this process spent in `body`, in microseconds. */
async function cpuMicros(body: () => Promise<void> | void): Promise<number> {
  const before = process.cpuUsage();
  await body();
  const used = process.cpuUsage(before);
  return used.user + used.system;
}

/** What a re-reading watcher does on every change: read the whole table and parse it. */
function rereadMountinfo(): number {
  const lines = readFileSync('/proc/self/mountinfo', 'utf8').split('\n');
  let mounts = 0;
  for (const line of lines) {
    if (!line) continue;
    const [fields = ''] = line.split(' - ');
    const parts = fields.split(' ');
    if (parts.length >= 6) mounts++;
  }
  return mounts;
}

const mounts = rereadMountinfo();
const rereadPerChange =
  (await cpuMicros(() => {
    for (let i = 0; i < pairs * 2; i++) rereadMountinfo();
  })) /
  (pairs * 2);

await using client = await UsipClient.open();
const dumpMicros = await cpuMicros(async () => {
  await client.mountTable();
});
console.log(`mounts in this namespace: ${mounts}`);
console.log(`full USIP dump: ${(dumpMicros / 1000).toFixed(1)} ms CPU (done once, at start)`);

let usipPerChange: number | undefined;
let resyncs = 0;
if (hasFeature(client.features, 'real-mtab-events')) {
  await using table = await client.liveMountTable();
  // Let anything pending from before (a lost-events notice from the set-up burst) be handled
  // first: a resync is a full dump, not the per-change cost measured here.
  await new Promise((r) => setTimeout(r, 2000));
  await table.settled();
  const dir = mkdtempSync(join(values.dir ?? '/tmp', 'usip-bench-'));
  let changes = 0;
  const allSeen = new Promise<void>((resolve) =>
    table.subscribe((e) => {
      if (e.type === 'resync') resyncs++;
      if (e.type === 'change' && ++changes >= pairs * 2) resolve();
    }),
  );
  // The mounts are made by another process, so only the watcher's own work is counted here.
  const churn = `for i in $(seq ${pairs}); do mount -t tmpfs usip-bench ${dir} && umount ${dir}; done`;
  const spent = await cpuMicros(async () => {
    const child = spawn('sh', ['-c', churn], { stdio: 'inherit' });
    await Promise.all([allSeen, new Promise((r) => child.on('exit', r))]);
  });
  rmSync(dir, { recursive: true, force: true });
  usipPerChange = spent / (pairs * 2);
}

const ms = (us: number) => `${(us / 1000).toFixed(3)} ms`;
console.log('');
console.log(`watcher CPU per mount-table change, ${mounts} mounts (${pairs * 2} changes):`);
console.log(`  re-read /proc/self/mountinfo:  ${ms(rereadPerChange)}`);
if (usipPerChange === undefined) {
  console.log(
    '  USIP change record:            (the module raises no real mount events on this kernel)',
  );
} else {
  console.log(
    `  USIP change record:            ${ms(usipPerChange)}  (includes spawning the mount loop)`,
  );
  console.log(`  ratio:                         ${(rereadPerChange / usipPerChange).toFixed(1)}x`);
  if (resyncs > 0)
    console.log(`  (the table resynced ${resyncs} time(s) meanwhile: a full dump each)`);
}
