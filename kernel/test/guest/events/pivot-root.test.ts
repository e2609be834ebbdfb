// pivot_root(2) under a usip-client live mount table (pivot-root.mjs, in a private mount
// namespace): pivot_root's changes have no records of their own (docs/design-hooks.md), so the
// module cuts the namespace's change log; the table must see that gap, resync with a dump, and
// then equal the namespace's /proc/self/mountinfo as seen from the new root, and keep
// following ordinary changes with records afterwards.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import type { Mount } from '../../../../packages/usip-client/dist/index.js';
import { parseMountinfo } from '../lib/mountinfo.js';
import { byId, rowOfMount } from './live-rows.js';

const here = dirname(fileURLToPath(import.meta.url));

interface QuietPoint {
  label: string;
  seq: string;
  resyncs: { reason: string; method: string }[];
  mounts: Mount[];
  mountinfo: string;
}

const run = spawnSync(
  'unshare',
  ['--mount', '--propagation', 'private', process.execPath, join(here, 'pivot-root.mjs')],
  { encoding: 'utf8', maxBuffer: 64 << 20 },
);
t.equal(run.status, 0, 'the driver ran', { stderr: run.stderr.slice(-4000) });
const lines = run.stdout
  .split('\n')
  .filter((l) => l.startsWith('{'))
  .map((l) => JSON.parse(l) as Record<string, unknown>);
const done = lines.find((l) => l.done) as { putOld: string; newRoot: string } | undefined;
t.ok(done, 'the driver finished');
const point = (label: string) =>
  lines.find((l) => l.label === label) as unknown as QuietPoint | undefined;
const rootMount = (p: QuietPoint | undefined) =>
  parseMountinfo(p?.mountinfo ?? '').find((l) => l.mountPoint === '/');

for (const label of ['start', 'rbind', 'pivot_root', 'mount']) {
  const p = point(label);
  t.ok(p, `a quiet point after ${label}`);
  if (!p) continue;
  t.same(
    byId(p.mounts.map(rowOfMount)),
    byId(parseMountinfo(p.mountinfo)),
    `after ${label} the table equals mountinfo`,
    { seq: p.seq },
  );
}

t.test('before pivot_root every change arrived as a record', async (t) => {
  t.same(point('rbind')?.resyncs, [], 'no resync for the recursive bind of the root');
  t.ok(
    (point('rbind')?.mounts.length ?? 0) > (point('start')?.mounts.length ?? 0),
    'the bind copy of the root tree is in the table',
  );
});

t.test('pivot_root cut the change log and the table resynced with a dump', async (t) => {
  const pivot = point('pivot_root');
  t.ok(
    pivot?.resyncs.some((r) => r.method === 'dump'),
    'the table resynced with a dump',
    { resyncs: pivot?.resyncs },
  );
  t.not(rootMount(pivot)?.id, rootMount(point('rbind'))?.id, 'the root is another mount now');
  t.ok(
    parseMountinfo(pivot?.mountinfo ?? '').some((l) => l.mountPoint === done?.putOld),
    'the old root is mounted where pivot_root put it',
  );
  t.ok(
    (pivot?.mounts ?? []).some((m) => m.mountPoint === done?.putOld),
    'and the table has it there too',
  );
});

t.test('after the resync the table follows changes with records again', async (t) => {
  const after = point('mount');
  t.same(after?.resyncs, [], 'no resync for a mount after pivot_root');
  t.ok(
    BigInt(after?.seq ?? 0) > BigInt(point('pivot_root')?.seq ?? 0),
    'the mount arrived as a later record',
  );
  t.ok(
    (after?.mounts ?? []).some((m) => m.source === 'pivotafter'),
    'the new mount is in the table',
  );
});
