// A mount namespace ends while a listener registered in it lives on (its socket is held by a
// process that left), and the kernel gives the ended namespace's inode number to the next new
// one (ns-reuse.py). The old listener must hear its namespace's end and nothing of the new
// namespace: listeners and change logs are keyed by the number and by the namespace's
// never-reused id (docs/design-hooks.md), so an inode number alone leaks nothing.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';

const here = dirname(fileURLToPath(import.meta.url));

interface Result {
  ended: number;
  reused: number;
  attempts: number;
  end_records: number;
  leaked: number;
  fresh: number;
}

t.test(
  'a listener of an ended namespace hears nothing of the next one with its number',
  async (t) => {
    const run = spawnSync('python3', [join(here, 'ns-reuse.py')], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    t.equal(run.status, 0, `ns-reuse.py: ${run.stderr}`);
    const r = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as Result;
    t.comment(JSON.stringify(r));
    // Without reuse the test would show nothing: say so rather than pass.
    t.equal(r.reused, r.ended, "the new namespace took the ended one's inode number");
    t.ok(r.end_records > 0, 'the old listener heard its own namespace end');
    t.equal(r.leaked, 0, 'the old listener heard nothing of the new namespace');
    t.ok(r.fresh > 0, 'a listener registered in the new namespace hears its mount');
  },
);
