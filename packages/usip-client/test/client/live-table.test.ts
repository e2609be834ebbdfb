// The live mount table end to end through the client and a MemoryTransport: the scripted module
// logs changes, multicasts them, drops some, raises lost events; the table must end exact.
import { Cmd } from '@usip/usip-genl';
import t from 'tap';
import { UsipClient } from '../../src/client.js';
import type { LiveTableEvent } from '../../src/live/live-mount-table.js';
import { FakeUsipKernel } from '../helpers/fake-usip-kernel.js';

async function live(kernel: FakeUsipKernel) {
  const client = await UsipClient.open({ transport: kernel.transport });
  t.teardown(() => client.close());
  const table = await client.liveMountTable();
  const events: LiveTableEvent[] = [];
  table.subscribe((e) => events.push(e));
  return { client, table, events };
}

/** Lets the MemoryTransport deliver and the table process everything queued. */
async function quiet(table: { settled(): Promise<void> }) {
  for (let i = 0; i < 5; i++) {
    await new Promise((r) => setImmediate(r));
    await table.settled();
  }
}

t.test('follows changes record by record, with one dump', async (t) => {
  const kernel = new FakeUsipKernel();
  kernel.change((ns) => ns.mountNew());
  const { table, events } = await live(kernel);
  const a = kernel.change((ns) => ns.mountNew());
  kernel.change((ns) => ns.remountReadOnly(a.mount.id));
  kernel.change((ns) => ns.move(a.mount.id, '/elsewhere'));
  await quiet(table);
  t.same(table.mounts(), [...kernel.ns.table.values()]);
  t.equal(table.seq, kernel.ns.seq);
  t.same(
    events.map((e) => e.type === 'change' && e.change.action),
    ['mount', 'attr', 'move'],
  );
  t.equal(kernel.sent(Cmd.MTAB_GET).length, 1);
});

t.test('notifications packed many to a datagram (a burst) are applied in order', async (t) => {
  const kernel = new FakeUsipKernel();
  const { table, events } = await live(kernel);
  kernel.notificationsPerDatagram = 16;
  const datagramsBefore = kernel.transport.queued;
  const mounted = Array.from({ length: 40 }, () => kernel.change((ns) => ns.mountNew()));
  for (const m of mounted.slice(0, 10)) kernel.change((ns) => ns.umount(m.mount.id));
  kernel.flushNotifications();
  t.equal(kernel.transport.queued - datagramsBefore, 4, '50 notifications in 4 datagrams');
  await quiet(table);
  t.same(table.mounts(), [...kernel.ns.table.values()]);
  t.equal(table.seq, kernel.ns.seq);
  t.equal(events.length, 50, 'one change event per record, no resync');
  const seqs = events.map((e) => e.type === 'change' && e.change.seq);
  t.same(
    seqs,
    Array.from({ length: 50 }, (_, i) => mounted[0]!.seq + BigInt(i)),
    'in order',
  );
});

t.test('a dropped notification is caught up with MTAB_CHANGED', async (t) => {
  const kernel = new FakeUsipKernel();
  const { table, events } = await live(kernel);
  kernel.dropNotifications = 1;
  kernel.change((ns) => ns.mountNew());
  kernel.change((ns) => ns.mountNew());
  await quiet(table);
  t.same(table.mounts(), [...kernel.ns.table.values()]);
  t.match(events[0], { type: 'resync', reason: 'gap', method: 'changes' });
  t.equal(kernel.sent(Cmd.MTAB_GET).length, 1, 'no second dump');
});

t.test(
  'lost events: the kernel drops notifications, says so, and the table ends exact',
  async (t) => {
    const kernel = new FakeUsipKernel({ logCapacity: 4 });
    for (let i = 0; i < 5; i++) kernel.change((ns) => ns.mountNew());
    const { table, events } = await live(kernel);
    // A burst the kernel's queue could not hold: every notification lost, the log overrun too.
    kernel.dropNotifications = 1000;
    const ids = kernel.ns.movableIds();
    kernel.change((ns) => ns.umount(ids[0]!));
    kernel.change((ns) => ns.remountReadOnly(ids[1]!));
    for (let i = 0; i < 6; i++) kernel.change((ns) => ns.mountNew());
    kernel.dropNotifications = 0;
    kernel.lostEvents(8n);
    await quiet(table);
    t.same(table.mounts(), [...kernel.ns.table.values()], 'equal to the kernel table, in order');
    t.equal(table.seq, kernel.ns.seq);
    const resync = events.find((e) => e.type === 'resync');
    t.match(resync, { reason: 'lost-events', method: 'dump' });
    t.equal(resync?.type === 'resync' && resync.diff?.added.length, 6);
    t.equal(resync?.type === 'resync' && resync.diff?.removed.length, 1);
    t.equal(resync?.type === 'resync' && resync.diff?.changed.length, 1);
  },
);

t.test('a socket overrun resyncs with a dump', async (t) => {
  const kernel = new FakeUsipKernel();
  const { table, events } = await live(kernel);
  kernel.dropNotifications = 3;
  for (let i = 0; i < 3; i++) kernel.change((ns) => ns.mountNew());
  kernel.transport.injectOverrun();
  await quiet(table);
  t.same(table.mounts(), [...kernel.ns.table.values()]);
  t.match(events, [{ type: 'resync', reason: 'overrun', method: 'dump' }]);
});

t.test('a dump whose seq lags its content is settled, then followed strictly', async (t) => {
  const kernel = new FakeUsipKernel({ dumpLag: 3 });
  for (let i = 0; i < 3; i++) kernel.change((ns) => ns.mountNew());
  const { table, events } = await live(kernel);
  t.same(table.mounts(), [...kernel.ns.table.values()]);
  t.equal(table.seq, kernel.ns.seq);
  kernel.change((ns) => ns.mountNew());
  await quiet(table);
  t.same(table.mounts(), [...kernel.ns.table.values()]);
  t.same(
    events.map((e) => e.type),
    ['change'],
  );
});

t.test('closing the table unregisters its listener', async (t) => {
  const kernel = new FakeUsipKernel();
  const { table } = await live(kernel);
  t.equal(kernel.listeners.size, 1);
  await table.close();
  t.equal(kernel.listeners.size, 0);
});
