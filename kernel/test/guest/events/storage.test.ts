// Real "file system full" events from kernel/hooks: every ENOSPC path (write, writev,
// fallocate, create) on a real full tmpfs carries the right fields; a storm is rate-limited
// with the suppressed count carried in the next event; another mount namespace's writes are
// not delivered to this namespace's listener.
import t, { type Test } from 'tap';
import { Action, type Json } from './scenario.js';
import { ENOSPC, runStorageScenario } from './storage-fields.js';

const { run, fact, byPid } = runStorageScenario(t, 'storage.sh', 4);

function checkCommon(t: Test, ev: Json | undefined, pid: string, ino: string) {
  t.ok(ev, 'an event arrived');
  if (!ev) return;
  t.equal(ev['event-action'], Action.ENOSPC, 'action ENOSPC');
  t.equal(ev['event-errno'], ENOSPC, 'errno ENOSPC');
  t.equal(String(ev['event-pid']), pid, 'pid of the writer');
  t.equal(String(ev['event-vpid']), pid, 'vpid (same pid namespace)');
  t.equal(ev['event-uid'], 0, 'uid');
  t.equal(ev['event-gid'], 0, 'gid');
  t.equal(String(ev['event-ino']), ino, 'inode');
  t.equal(ev['event-mountpoint'], fact('mountpoint'), 'mount point as the writer sees it');
  t.equal(ev['event-device'], 'tfull', 'device (mount source)');
  t.equal(ev['event-fstype'], 'tmpfs', 'file-system type');
  t.equal(String(ev['event-dev']), fact('dev'), 'device number as stat(2) encodes it');
  t.equal(ev['event-group'], run.ready.ns, 'the namespace of the listener');
  const time = BigInt(String(ev['event-time']));
  t.ok(
    time >= BigInt(fact('t0')) && time <= BigInt(fact('t1')),
    'CLOCK_REALTIME ns within the run',
  );
  const usage = ev['fs-usage'] as Json | undefined;
  t.equal(usage?.blocks, 256, 'usage: 1 MiB of 4 KiB blocks');
  t.equal(usage?.bavail, 0, 'usage: nothing available');
  t.equal(usage?.type, 0x01021994, 'usage: tmpfs magic');
}

t.test('write(2) that fills a tmpfs raises ENOSPC with the writer and file', async (t) => {
  const events = byPid(fact('dd_pid'));
  t.equal(events.length, 1, 'one event for the one failing write');
  checkCommon(t, events[0], fact('dd_pid'), fact('filler_ino'));
  t.equal(events[0]?.['event-suppressed'], 0, 'nothing suppressed');
});

t.test('writev(2) on a full tmpfs raises ENOSPC', async (t) => {
  t.equal(fact('writev_errno'), String(ENOSPC), 'writev failed with ENOSPC');
  checkCommon(t, byPid(fact('writev_pid'))[0], fact('writev_pid'), fact('writev_ino'));
});

t.test('fallocate(2) on a full tmpfs raises ENOSPC', async (t) => {
  checkCommon(t, byPid(fact('fallocate_pid'))[0], fact('fallocate_pid'), fact('fallocate_ino'));
});

t.test('creating a file without free inodes raises ENOSPC for its directory', async (t) => {
  t.equal(fact('create_errno'), String(ENOSPC), 'open(O_CREAT) failed with ENOSPC');
  checkCommon(t, byPid(fact('create_pid'))[0], fact('create_pid'), fact('root_ino'));
});

t.test(
  'a storm is rate limited per file system and process; the next event carries the count',
  async (t) => {
    const events = byPid(fact('storm_pid'));
    t.equal(events.length, 6, 'a burst of 5, then one after the interval');
    t.same(
      events.slice(0, 5).map((e) => e['event-suppressed']),
      [0, 0, 0, 0, 0],
      'the burst suppresses nothing',
    );
    t.equal(events[5]?.['event-suppressed'], 45, 'the 45 suppressed writes are reported');
  },
);

t.test(
  "another mount namespace's failed writes do not reach this namespace's listener",
  async (t) => {
    t.ok(fact('other_ns_pid').match(/^\d+$/), 'the other namespace wrote');
    t.equal(byPid(fact('other_ns_pid')).length, 0, 'no event for it');
  },
);
