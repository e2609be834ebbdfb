// The storage write hooks are armed only while a storage listener exists, so listeners that
// come and go re-patch vfs_write and its siblings while other processes are inside them.
// hook-churn.py does that for a while, with writers to a pipe and to a full tmpfs, in a private
// mount namespace; then a new listener must still hear an ENOSPC. A kernel oops fails the
// whole guest run (the kernel-log check), and a writer killed by one fails here.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';

const here = dirname(fileURLToPath(import.meta.url));
const SECONDS = Number(process.env.USIP_HOOK_CHURN_SECONDS ?? 20);

interface Summary {
  rounds: number;
  toggles: number;
  armed_seen: number;
  disarmed_seen: number;
  writers_failed: number;
  final_event: boolean;
}

t.test('arming and disarming the write hooks under concurrent writers', async (t) => {
  const script = [
    'set -e',
    'dir=$(mktemp -d)',
    'mount -t tmpfs -o size=1m churnfull "$dir"',
    `python3 ${join(here, 'hook-churn.py')} ${SECONDS} "$dir"`,
  ].join('\n');
  const run = spawnSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script], {
    encoding: 'utf8',
    timeout: (SECONDS + 120) * 1000,
  });
  t.equal(run.status, 0, `hook-churn.py: ${run.stderr}`);
  const lines = run.stdout.trim().split('\n');
  const writers = lines
    .slice(0, -1)
    .map((l) => JSON.parse(l) as { writes: number; enospc?: number });
  const s = JSON.parse(lines.at(-1) ?? '{}') as Summary;
  t.comment(JSON.stringify(s));
  t.equal(writers.length, 4, 'all four writers reported');
  t.ok(
    writers.every((w) => w.writes > 0),
    'every writer kept writing',
  );
  t.ok(
    writers.filter((w) => w.enospc !== undefined).every((w) => (w.enospc ?? 0) > 0),
    'the full tmpfs kept failing writes with ENOSPC',
  );
  t.equal(s.writers_failed, 0, 'no writer died');
  t.ok(s.toggles >= 5, `storage listeners came and went (${s.toggles})`);
  t.ok(s.armed_seen + s.disarmed_seen > 0, 'the kprobes list showed the write hook');
  t.ok(s.final_event, 'after the churn, a new listener hears an ENOSPC');
});
