// The storage write hooks are armed only while a storage listener exists, so listeners that
// come and go re-patch vfs_fallocate and its siblings, and hook and unhook the sys_exit
// tracepoint, while other processes are inside them.
// hook-churn.py does that for a while, with writers to a pipe and to a full tmpfs, in a private
// mount namespace; then a new listener must still hear an ENOSPC. A kernel oops fails the
// whole guest run (the kernel-log check), and a writer killed by one fails here. The module
// suite (suites/reload.ts) runs the same churn with the module reloaded in the middle.
import t from 'tap';
import { runHookChurn } from '../lib/hook-churn.js';

const SECONDS = Number(process.env.USIP_HOOK_CHURN_SECONDS ?? 20);

t.test('arming and disarming the write hooks under concurrent writers', async (t) => {
  const { status, stderr, writers, summary: s } = runHookChurn(SECONDS);
  t.equal(status, 0, `hook-churn.py: ${stderr}`);
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
  t.ok((s.toggles ?? 0) >= 5, `storage listeners came and went (${s.toggles})`);
  t.ok(
    (s.armed_seen ?? 0) + (s.disarmed_seen ?? 0) > 0,
    'the write hook was seen armed or disarmed',
  );
  t.equal(s.final_events, 1, 'after the churn, a new listener hears the ENOSPC, once');
});
