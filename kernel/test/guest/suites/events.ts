// Events from the TEST_* commands through the queue to listeners: multicast for privileged
// registrars, unicast for others, the change log (MTAB_CHANGED), and KERN_LOG.
import { execFileSync } from 'node:child_process';
import t from 'tap';
import { RawClient } from '../lib/child.js';
import {
  ChangeAttr,
  EventType,
  FsUsageAttr,
  MountAttr,
  NotifierFlags,
  NotifyAction,
  UsipAttr,
} from '../lib/constants.js';
import { readMountinfo } from '../lib/mountinfo.js';
import { mtabNotifier, storageNotifier, writeNotifiers } from '../lib/requests.js';
import type { AttrSet } from '../lib/stack.js';
import {
  Cmd,
  call,
  dump,
  failure,
  mountNsInode,
  nest,
  nextNotification,
  openUsip,
  str,
  u8,
  u32,
  u64,
} from '../lib/usip.js';

const ESTALE = 116;
const EPERM = 1;
const EDQUOT = 122;

const genl = openUsip();
t.teardown(() => genl.close());

async function registerOn(notifiers = [mtabNotifier, storageNotifier]) {
  const [reply] = await call(genl, Cmd.EVENT_REGISTER, writeNotifiers(notifiers));
  return (reply && u32(reply, UsipAttr.EVENT_ID)) ?? 0;
}

const forListener = (id: number) => (attrs: AttrSet) => u32(attrs, UsipAttr.EVENT_ID) === id;

const testMtab = (action: number, mountId?: number) =>
  call(genl, Cmd.TEST_MTAB, (b) => {
    b.putU32(UsipAttr.EVENT_ACTION, action);
    if (mountId !== undefined) b.putU32(UsipAttr.MOUNT_ID, mountId);
  });

t.test('TEST_MTAB reaches a privileged listener by multicast, with the change', async (t) => {
  await genl.joinGroup('usip_family', 'mcg_mtab');
  const id = await registerOn([{ ...mtabNotifier, cmd: Cmd.MTAB_CHANGED }]);
  const target = readMountinfo().at(-1);
  if (!target) return t.fail('no mount');
  const waiting = nextNotification(genl, [Cmd.MTAB_NOTIFY], forListener(id));
  await testMtab(NotifyAction.MOUNT, target.id);
  const note = await waiting;
  t.ok(note, 'notified');
  if (!note) return;
  t.not(note.groups, 0, 'arrived by multicast');
  t.equal(u32(note.attrs, UsipAttr.EVENT_ID), id);
  t.equal(u32(note.attrs, UsipAttr.EVENT_TYPE), EventType.MTAB);
  t.equal(u32(note.attrs, UsipAttr.EVENT_GROUP), mountNsInode());
  t.equal(u32(note.attrs, UsipAttr.EVENT_ACTION), NotifyAction.MOUNT);
  t.equal(u8(note.attrs, UsipAttr.EVENT_CMD), Cmd.MTAB_CHANGED);
  const change = nest(note.attrs, UsipAttr.CHANGE);
  const mount = change && nest(change, ChangeAttr.MOUNT);
  t.equal(mount && u32(mount, MountAttr.ID), target.id);
  t.equal(mount && str(mount, MountAttr.MOUNT_POINT), target.mountPoint);
  const time = u64(note.attrs, UsipAttr.EVENT_TIME) ?? 0n;
  t.ok(time > 1_600_000_000n * 1_000_000_000n, 'event-time is CLOCK_REALTIME in ns');
});

t.test('MTAB_CHANGED returns the records after the dump sequence; too old is ESTALE', async (t) => {
  await registerOn();
  const table = await dump(genl, Cmd.MTAB_GET);
  const seq = (table[0] && u64(table[0], UsipAttr.MTAB_SEQ)) ?? 0n;
  const ids = readMountinfo().map((m) => m.id);
  await testMtab(NotifyAction.ATTR, ids[0]);
  await testMtab(NotifyAction.UMOUNT, 999999);
  const changes = await dump(genl, Cmd.MTAB_CHANGED, (b) =>
    b.putU64(UsipAttr.MTAB_SEQ, seq, UsipAttr.PAD),
  );
  const records = changes.map((m) => nest(m, UsipAttr.CHANGE));
  t.same(
    records.map((c) => c && u32(c, ChangeAttr.ACTION)),
    [NotifyAction.ATTR, NotifyAction.UMOUNT],
  );
  const seqs = records.map((c) => (c && u64(c, ChangeAttr.SEQ)) ?? 0n);
  t.ok(
    seqs[0] !== undefined && seqs[0] > seq && (seqs[1] ?? 0n) > seqs[0],
    'increasing, after the dump',
  );
  const gone = records[1] && nest(records[1], ChangeAttr.MOUNT);
  t.equal(gone && u32(gone, MountAttr.ID), 999999, 'a umount carries the id');

  const last = seqs[1] ?? 0n;
  const none = await dump(genl, Cmd.MTAB_CHANGED, (b) =>
    b.putU64(UsipAttr.MTAB_SEQ, last, UsipAttr.PAD),
  );
  t.equal(none.length, 0, 'nothing after the last record');

  const old = await failure(
    dump(genl, Cmd.MTAB_CHANGED, (b) => b.putU64(UsipAttr.MTAB_SEQ, 1n, UsipAttr.PAD)),
  );
  t.equal(old.errno, ESTALE);
  t.match(old.kernelMessage, /no longer reaches back/);
  const future = await failure(
    dump(genl, Cmd.MTAB_CHANGED, (b) => b.putU64(UsipAttr.MTAB_SEQ, last + 1000n, UsipAttr.PAD)),
  );
  t.equal(future.errno, ESTALE);
});

t.test('TEST_ENOSPC raises a storage event with the writer, the file and the usage', async (t) => {
  await genl.joinGroup('usip_family', 'mcg_storage');
  const id = await registerOn([{ ...storageNotifier, action: NotifyAction.EDQUOT }]);
  const waiting = nextNotification(genl, [Cmd.STORAGE_NOTIFY], forListener(id));
  await call(genl, Cmd.TEST_ENOSPC, (b) => {
    b.putStringZ(UsipAttr.TEST_PATH, '/proc/self');
    b.putU32(UsipAttr.EVENT_ERRNO, EDQUOT);
  });
  const note = await waiting;
  t.ok(note);
  if (!note) return;
  t.equal(u32(note.attrs, UsipAttr.EVENT_ID), id);
  t.equal(u32(note.attrs, UsipAttr.EVENT_ACTION), NotifyAction.EDQUOT);
  t.equal(u32(note.attrs, UsipAttr.EVENT_ERRNO), EDQUOT);
  t.equal(u32(note.attrs, UsipAttr.EVENT_PID), process.pid);
  t.equal(u32(note.attrs, UsipAttr.EVENT_UID), 0);
  t.equal(str(note.attrs, UsipAttr.EVENT_MOUNTPOINT), '/proc');
  t.equal(str(note.attrs, UsipAttr.EVENT_FSTYPE), 'proc');
  t.equal(str(note.attrs, UsipAttr.EVENT_DEVICE), 'proc');
  t.ok(u64(note.attrs, UsipAttr.EVENT_INO), 'inode');
  const usage = nest(note.attrs, UsipAttr.FS_USAGE);
  t.equal(usage && u64(usage, FsUsageAttr.TYPE), 0x9fa0n, 'PROC_SUPER_MAGIC');
});

t.test('a KERN_LOG notifier logs in the prototype format', async (t) => {
  await registerOn([{ ...storageNotifier, flags: NotifierFlags.KERN_LOG }]);
  await call(genl, Cmd.TEST_ENOSPC, (b) => b.putStringZ(UsipAttr.TEST_PATH, '/proc/self'));
  let logged = '';
  for (let i = 0; i < 100 && !logged; i++) {
    logged = execFileSync('dmesg')
      .toString()
      .split('\n')
      .filter((l) => /usip: pid \d+, uid 0, inum \d+ on \/proc \(proc\): filesystem full/.test(l))
      .join('\n');
    if (!logged) await new Promise((r) => setTimeout(r, 50));
  }
  t.match(logged, /filesystem full/);
});

t.test(
  'an unprivileged user: no GLOBAL, no TEST_*, no group joins; own events by unicast',
  async (t) => {
    const probe = new RawClient(['probe'], { unprivileged: true });
    const result = JSON.parse((await probe.line()) ?? '{}') as Record<string, number>;
    t.same(result, {
      global_register: EPERM,
      test_mtab: EPERM,
      join_mtab: EPERM,
      join_storage: EPERM,
      register: 0,
      ping: 0,
    });

    const listener = new RawClient(['listen', '1'], { unprivileged: true });
    const registered = (await listener.line()) ?? '';
    t.match(registered, /^registered \d+ \d+$/);
    const [, id] = registered.split(' ');
    await testMtab(NotifyAction.MOUNT);
    const ev = JSON.parse((await listener.line()) ?? '{}') as { cmd?: number; id?: number };
    t.equal(ev.cmd, Cmd.MTAB_NOTIFY, 'the unprivileged listener got its notification by unicast');
    t.equal(ev.id, Number(id));
    listener.kill();
  },
);

t.test('a listener that cannot keep up gets LOST_EVENTS with the count', async (t) => {
  const flood = new RawClient(['flood', '200'], { unprivileged: true });
  t.match((await flood.line()) ?? '', /^registered/);
  for (let i = 0; i < 200; i++) await testMtab(NotifyAction.ATTR);
  flood.write('read\n');
  const seen: { cmd?: number; lost?: number }[] = [];
  for (let i = 0; i < 200; i++) {
    const l = await flood.line(2000);
    if (!l) break;
    seen.push(JSON.parse(l));
  }
  // Drained: the next event is preceded by the count of those that did not fit.
  await testMtab(NotifyAction.ATTR);
  for (let i = 0; i < 3; i++) {
    const l = await flood.line(5000);
    if (l) seen.push(JSON.parse(l));
  }
  const lost = seen.filter((e) => e.cmd === Cmd.LOST_EVENTS);
  const delivered = seen.filter((e) => e.cmd === Cmd.MTAB_NOTIFY).length;
  t.ok(lost.length >= 1, 'a LOST_EVENTS notification came');
  const count = lost.reduce((n, e) => n + (e.lost ?? 0), 0);
  t.ok(count > 0 && delivered + count >= 200, `delivered ${delivered} + lost ${count} cover all`);
  flood.kill();
});
