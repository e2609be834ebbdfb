// Real EDQUOT events (scenarios/storage-quota.sh): an unprivileged uid over its block quota
// on ext4 (quota feature, usrquota) fails write(2), writev(2), fallocate(2), sendfile(2),
// splice(2) and copy_file_range(2), then over its inode quota fails open(O_CREAT), mkdir(2),
// mknod(2) and symlink(2), and link(2) and rename(2) into a directory that needs a block; each
// raises an EDQUOT event carrying that uid and gid.
import t from 'tap';
import { Action, type Json } from './scenario.js';
import {
  checkEvent,
  checkUsage,
  EDQUOT,
  type Expected,
  majorMinor,
  runStorageScenario,
} from './storage-fields.js';

const { run, fact, storage, byPid } = runStorageScenario(t, 'storage-quota.sh', 3, {
  setupFacts: true,
});

const expected = (pid: string, ino: string): Expected => ({
  action: Action.EDQUOT,
  errno: EDQUOT,
  pid,
  vpid: pid,
  uid: Number(fact('uid')),
  gid: Number(fact('gid')),
  ino,
  mountpoint: fact('mountpoint'),
  device: fact('loop'),
  fstype: 'ext4',
  dev: fact('dev'),
  group: run.ready.ns,
  t0: fact('t0'),
  t1: fact('t1'),
});

t.test('twelve EDQUOT events and no ENOSPC: the file system itself has room', async (t) => {
  t.same(
    storage.map((e) => e['event-action']),
    Array(12).fill(Action.EDQUOT),
    'write, writev, fallocate, sendfile, splice, copy_file_range, create, mkdir, mknod, ' +
      'symlink, link, rename',
  );
});

t.test('write(2) over the block quota raises EDQUOT for that uid', async (t) => {
  t.equal(fact('write_errno'), String(EDQUOT), 'the write failed with EDQUOT');
  const events = byPid(fact('write_pid'));
  t.equal(events.length, 1, 'one event for the one failing write');
  checkEvent(t, events[0], expected(fact('write_pid'), fact('write_ino')));
  t.equal(majorMinor(events[0]?.['event-dev']), fact('loop_rdev'), 'the loop device');
  checkUsage(t, events[0], fact('usage_write'));
  const usage = events[0]?.['fs-usage'] as Json | undefined;
  t.ok(Number(usage?.bavail) > 0, 'usage: the file system still has free blocks');
});

t.test('writev(2) over the block quota raises EDQUOT', async (t) => {
  t.equal(fact('writev_errno'), String(EDQUOT), 'writev failed with EDQUOT');
  const events = byPid(fact('writev_pid'));
  t.equal(events.length, 1, 'one event');
  checkEvent(t, events[0], expected(fact('writev_pid'), fact('write_ino')));
  checkUsage(t, events[0], fact('usage_writev'));
});

t.test('fallocate(2) over the block quota raises EDQUOT', async (t) => {
  t.equal(fact('fallocate_error'), 'Disk quota exceeded', 'fallocate failed with EDQUOT');
  const events = byPid(fact('fallocate_pid'));
  t.equal(events.length, 1, 'one event');
  checkEvent(t, events[0], expected(fact('fallocate_pid'), fact('fallocate_ino')));
  checkUsage(t, events[0], fact('usage_fallocate'));
});

t.test(
  'sendfile(2), splice(2), copy_file_range(2) over the block quota raise EDQUOT',
  async (t) => {
    const events = byPid(fact('splice_pid'));
    t.equal(events.length, 3, 'one event for each call');
    for (const call of ['sendfile', 'splice', 'copy_file_range']) {
      t.equal(fact(`${call}_errno`), String(EDQUOT), `${call} failed with EDQUOT`);
      const ev = events.find((e) => String(e['event-ino']) === fact(`${call}_ino`));
      checkEvent(t, ev, expected(fact('splice_pid'), fact(`${call}_ino`)));
      checkUsage(t, ev, fact('usage_splice'));
    }
  },
);

t.test('open(O_CREAT) over the inode quota raises EDQUOT for its directory', async (t) => {
  t.equal(fact('create_errno'), String(EDQUOT), 'the create failed with EDQUOT');
  const events = byPid(fact('create_pid'));
  t.equal(events.length, 1, 'one event');
  checkEvent(t, events[0], expected(fact('create_pid'), fact('home_ino')));
  checkUsage(t, events[0], fact('usage_create'));
  const usage = events[0]?.['fs-usage'] as Json | undefined;
  t.ok(Number(usage?.ffree) > 0, 'usage: the file system still has free inodes');
});

for (const call of ['mkdir', 'mknod', 'symlink', 'link', 'rename']) {
  t.test(`${call}(2) over the quota raises one EDQUOT event for its directory`, async (t) => {
    t.equal(fact(`${call}_errno`), String(EDQUOT), `${call} failed with EDQUOT`);
    const events = byPid(fact(`${call}_pid`));
    t.equal(events.length, 1, 'one event for the one failing call');
    checkEvent(t, events[0], expected(fact(`${call}_pid`), fact('home_ino')));
    checkUsage(t, events[0], fact('usage_names'));
  });
}
