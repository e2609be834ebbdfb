// Real "file system full" events on ext4 over a loop device (scenarios/storage-ext4.sh): dd's
// write(2), one more write(2) once synced, fallocate(2), open(O_CREAT), mkdir(2), mknod(2) and
// symlink(2) without free inodes, link(2) and rename(2) into a directory that needs a block,
// each raise ENOSPC with the writer, file, mount point, the loop device and statfs figures.
import t from 'tap';
import { Action, type Json } from './scenario.js';
import {
  checkEvent,
  checkUsage,
  ENOSPC,
  type Expected,
  majorMinor,
  runStorageScenario,
  STATIC_USAGE,
} from './storage-fields.js';

const { run, fact, byPid } = runStorageScenario(t, 'storage-ext4.sh', 3, {
  setupFacts: true,
});

const expected = (pid: string, ino: string): Expected => ({
  action: Action.ENOSPC,
  errno: ENOSPC,
  pid,
  vpid: pid,
  uid: 0,
  gid: 0,
  ino,
  mountpoint: fact('mountpoint'),
  device: fact('loop'),
  fstype: 'ext4',
  dev: fact('dev'),
  group: run.ready.ns,
  t0: fact('t0'),
  t1: fact('t1'),
});

t.test('dd filling ext4 raises one ENOSPC event for its write(2)', async (t) => {
  t.equal(fact('dd_error'), 'No space left on device', 'dd stopped on ENOSPC');
  const events = byPid(fact('dd_pid'));
  t.equal(events.length, 1, 'one event for the one failing write');
  checkEvent(t, events[0], expected(fact('dd_pid'), fact('filler_ino')));
  t.equal(majorMinor(events[0]?.['event-dev']), fact('loop_rdev'), 'the loop device');
  t.equal(events[0]?.['event-suppressed'], 0, 'nothing suppressed');
  // Delayed allocations still being written back move the free counts after the event.
  checkUsage(t, events[0], fact('usage_dd'), STATIC_USAGE);
  const usage = events[0]?.['fs-usage'] as Json | undefined;
  t.equal(usage?.type, 0xef53, 'usage: ext4 magic');
});

t.test('a write(2) on the synced full ext4 carries exactly its statfs figures', async (t) => {
  t.equal(fact('synced_errno'), String(ENOSPC), 'the write failed with ENOSPC');
  const events = byPid(fact('synced_pid'));
  t.equal(events.length, 1, 'one event');
  checkEvent(t, events[0], expected(fact('synced_pid'), fact('filler_ino')));
  checkUsage(t, events[0], fact('usage_synced'));
});

t.test('fallocate(2) on the full ext4 raises ENOSPC', async (t) => {
  const events = byPid(fact('fallocate_pid'));
  t.equal(events.length, 1, 'one event');
  checkEvent(t, events[0], expected(fact('fallocate_pid'), fact('fallocate_ino')));
  checkUsage(t, events[0], fact('usage_fallocate'));
});

t.test('creating a file without free inodes raises ENOSPC for its directory', async (t) => {
  t.equal(fact('create_errno'), String(ENOSPC), 'open(O_CREAT) failed with ENOSPC');
  const events = byPid(fact('create_pid'));
  t.equal(events.length, 1, 'one event');
  checkEvent(t, events[0], expected(fact('create_pid'), fact('root_ino')));
  checkUsage(t, events[0], fact('usage_create'));
  t.equal((events[0]?.['fs-usage'] as Json | undefined)?.ffree, 0, 'usage: no inode left');
});

for (const call of ['mkdir', 'mknod', 'symlink', 'link', 'rename']) {
  t.test(`${call}(2) on the full ext4 raises one ENOSPC event for its directory`, async (t) => {
    t.equal(fact(`${call}_errno`), String(ENOSPC), `${call} failed with ENOSPC`);
    const events = byPid(fact(`${call}_pid`));
    t.equal(events.length, 1, 'one event for the one failing call');
    checkEvent(t, events[0], expected(fact(`${call}_pid`), fact('root_ino')));
    t.equal(events[0]?.['event-suppressed'], 0, 'nothing suppressed');
    checkUsage(t, events[0], fact('usage_names'));
  });
}
