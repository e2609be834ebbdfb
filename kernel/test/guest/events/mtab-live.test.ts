// The consistency proof of issue 6 with the real client: a usip-client live mount table held
// while 1,000 (USIP_LIVE_OPS) seeded random operations run in two mount namespaces whose mounts
// are shared peers equals /proc/self/mountinfo at every quiet point, with no resync (every
// change arrived as a record that fit); then mount_setattr(2), whose changes no hook sees, cuts the
// change log and the table resyncs; then a burst that loses events ends in a resync and a
// correct table. USIP_LIVE_SEED reproduces a run; the default seeds are fixed so a test run is
// repeatable (explore with other seeds, as the random-operations test's history shows).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import type { Mount } from '../../../../packages/usip-client/dist/index.js';
import { parseMountinfo } from '../lib/mountinfo.js';
import { byId, rowOfMount } from './live-rows.js';

const here = dirname(fileURLToPath(import.meta.url));
const seed = process.env.USIP_LIVE_SEED ?? '1';
const ops = process.env.USIP_LIVE_OPS ?? '1000';
const burst = process.env.USIP_LIVE_BURST ?? '600';

interface QuietPoint {
  quiet: number;
  opsDone: number | string;
  seq: string;
  resyncs: { reason: string; method: string }[];
  mounts: Mount[];
  mountinfo: string;
}

const run = spawnSync(
  'unshare',
  [
    '--mount',
    '--propagation',
    'private',
    process.execPath,
    join(here, 'live-random.mjs'),
    seed,
    ops,
    '50',
    burst,
  ],
  { encoding: 'utf8', maxBuffer: 512 << 20 },
);
t.equal(run.status, 0, 'the driver ran', { stderr: run.stderr.slice(-4000) });
const lines = run.stdout
  .split('\n')
  .filter((l) => l.startsWith('{'))
  .map((l) => JSON.parse(l) as Record<string, unknown>);
const points = lines.filter((l) => 'quiet' in l) as unknown as QuietPoint[];
t.ok(
  lines.some((l) => l.done),
  'the driver finished',
);
t.comment(`seed ${seed}, ${ops} operations in two namespaces, ${points.length} quiet points`);

const random = points.filter((p) => typeof p.opsDone === 'number');
t.equal(random.length, Math.ceil((Number(ops) + 2) / 50), 'a quiet point every 50 operations');
for (const p of random) {
  t.same(
    byId(p.mounts.map(rowOfMount)),
    byId(parseMountinfo(p.mountinfo)),
    `after ${p.opsDone} operations the table equals mountinfo`,
    { seed, seq: p.seq },
  );
  t.same(p.resyncs, [], `no resync was needed up to operation ${p.opsDone}`, { seed });
}
const seqs = random.map((p) => BigInt(p.seq));
t.ok(
  seqs.length > 0 && seqs[seqs.length - 1]! > seqs[0]!,
  `the table followed ${seqs.length ? seqs[seqs.length - 1]! - seqs[0]! : 0}+ change records`,
);

const setattr = points.find((p) => p.opsDone === 'mount_setattr');
t.ok(setattr, 'a quiet point after mount_setattr(2) made the base read-only, recursively');
if (setattr) {
  t.same(
    byId(setattr.mounts.map(rowOfMount)),
    byId(parseMountinfo(setattr.mountinfo)),
    'after mount_setattr the table equals mountinfo',
  );
  t.ok(
    setattr.resyncs.some((r) => r.method === 'dump'),
    'the cut change log made the table resync with a dump',
    { resyncs: setattr.resyncs },
  );
}

t.test('superblock options changed in place reach every mount of the superblock', async (t) => {
  const at = (name: string) => points.find((p) => p.opsDone === name);
  const setup = at('superblock-setup');
  t.ok(setup, 'a quiet point after a tmpfs, a bind of it and a lone tmpfs were mounted');
  if (setup) t.same(setup.resyncs, [], 'mounting them needed no resync');
  for (const [name, why] of [
    ['superblock-remount', 'mount -o remount,size=2m of a tmpfs that is also bound elsewhere'],
    ['fsconfig-reconfigure', 'fsconfig(FSCONFIG_CMD_RECONFIGURE) of a lone tmpfs, size=3m'],
  ] as const) {
    const p = at(name);
    t.ok(p, `a quiet point after ${why}`);
    if (!p) continue;
    t.same(
      byId(p.mounts.map(rowOfMount)),
      byId(parseMountinfo(p.mountinfo)),
      `after ${name} the table equals mountinfo (super options included)`,
    );
    t.ok(
      p.resyncs.some((r) => r.method === 'dump'),
      `${name}: the table resynced with a dump`,
      { resyncs: p.resyncs },
    );
  }
  const remounted = at('superblock-remount');
  const bound = remounted?.mounts.find((m) => String(m.mountPoint).endsWith('/b'));
  t.match(String(bound?.superOptions), /size=2048k/, 'the bind mount shows the new size');
});

t.test("a btrfs mount's records name its device as mountinfo does", async (t) => {
  const p = points.find((q) => q.opsDone === 'btrfs-mount');
  t.ok(p, 'a quiet point after a btrfs on a loop device and a bind of it were mounted');
  if (!p) return;
  t.same(p.resyncs, [], 'they came as change records (no resync)');
  t.same(
    byId(p.mounts.map(rowOfMount)),
    byId(parseMountinfo(p.mountinfo)),
    'the table equals mountinfo',
  );
  const btrfs = p.mounts.filter((m) => m.fsType === 'btrfs');
  t.equal(btrfs.length, 2, 'both btrfs mounts are in the table');
  for (const m of btrfs) t.match(m.source, /^\/dev\/loop\d+$/, `${m.mountPoint}: ${m.source}`);
});

if (Number(burst) > 0) {
  const afterBurst = points.filter((p) => String(p.opsDone).startsWith('burst'));
  t.equal(afterBurst.length, 2, 'quiet points after the burst of mounts and of umounts');
  for (const p of afterBurst) {
    t.same(
      byId(p.mounts.map(rowOfMount)),
      byId(parseMountinfo(p.mountinfo)),
      `after the ${p.opsDone} the table equals mountinfo`,
    );
  }
  const reasons = afterBurst.flatMap((p) => p.resyncs.map((r) => `${r.reason}/${r.method}`));
  t.comment(`resyncs after the bursts: ${reasons.join(', ') || 'none'}`);
  t.ok(
    afterBurst.length === 2 &&
      afterBurst.every((p) =>
        p.resyncs.some((r) => r.reason === 'overrun' || r.reason === 'lost-events'),
      ),
    `each burst of ${burst} lost events and the table resynced with a dump`,
  );
}
