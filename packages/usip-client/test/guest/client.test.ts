// Every UsipClient call against the real module in the guest (insmod usip.ko test_commands=1).
import { statfsSync } from 'node:fs';
import t from 'tap';
import { UsipClient } from '../../src/client.js';
import { InvalidInputError, KernelError } from '../../src/errors.js';
import type { UsipEvent } from '../../src/events.js';
import { describeFeatures, hasFeature } from '../../src/features.js';
import { firstMatching, mountSmallTmpfs, readMountinfo, umount } from './helpers.js';

const client = await UsipClient.open({ timeoutMs: 20_000 });
t.teardown(() => client.close());

t.test('open() checked the protocol version and reads the features', async (t) => {
  t.equal(client.protoVersion, 2);
  const features = describeFeatures(client.features);
  for (const f of [
    'listeners',
    'mtab-dump',
    'mount-lookup',
    'mtab-changes',
    'fs-usage',
    'test-commands',
  ]) {
    t.ok(features.includes(f), `feature ${f}`);
  }
  t.comment(`features: ${features.join(', ')}`);
});

t.test('ping', async (t) => {
  t.match(await client.ping(), { status: 1, protoVersion: 2 });
});

t.test('mounts() equals /proc/self/mountinfo, field by field and in order', async (t) => {
  const expected = readMountinfo();
  const progress: number[] = [];
  const mounts = [];
  for await (const m of client.mounts({ onProgress: (n) => progress.push(n) })) mounts.push(m);
  t.same(
    mounts.map(
      ({
        id,
        parentId,
        devMajor,
        devMinor,
        root,
        mountPoint,
        mountOptions,
        fsType,
        source,
        superOptions,
      }) => ({
        id,
        parentId,
        devMajor,
        devMinor,
        root,
        mountPoint,
        mountOptions,
        fsType,
        source,
        superOptions,
      }),
    ),
    expected,
  );
  t.equal(progress.at(-1), mounts.length);
  const table = await client.mountTable();
  t.equal(typeof table.seq, 'bigint');
  t.same(
    table.mounts.map((m) => m.id),
    expected.map((m) => m.id),
  );
});

t.test('mount() by id and by path', async (t) => {
  const proc = readMountinfo().find((m) => m.mountPoint === '/proc')!;
  const byId = await client.mount(proc.id);
  t.match(byId.mount, { id: proc.id, mountPoint: '/proc', fsType: 'proc' });
  t.equal(typeof byId.seq, 'bigint');
  const byPath = await client.mount('/proc/self');
  t.equal(byPath.mount.id, proc.id, 'a path inside the mount finds the mount');
  const missing = await client.mount(0x7fffffff).catch((e) => e);
  t.type(missing, KernelError);
  t.equal(missing.errnoName, 'ENOENT');
  t.comment(`kernel said: ${missing.kernelMessage}`);
});

t.test('fsUsage() equals statfs(2)', async (t) => {
  const dir = mountSmallTmpfs('512k');
  t.teardown(() => umount(dir));
  const usage = await client.fsUsage(dir);
  const st = statfsSync(dir, { bigint: true });
  t.equal(usage.type, st.type);
  t.equal(usage.bsize, st.bsize);
  t.equal(usage.blocks, st.blocks);
  t.equal(usage.bfree, st.bfree);
  t.equal(usage.files, st.files);
  t.equal(usage.blocks * usage.frsize, 512n * 1024n);
});

t.test('bad input is refused before sending; kernel refusals are typed', async (t) => {
  await t.rejects(client.fsUsage(''), InvalidInputError);
  await t.rejects(client.mount(-3), InvalidInputError);
  const error = await client.fsUsage('/no/such/path').catch((e) => e);
  t.type(error, KernelError);
  t.equal(error.errnoName, 'ENOENT');
});

t.test('a storage listener sees TEST_ENOSPC with the prototype fields', async (t) => {
  const dir = mountSmallTmpfs();
  t.teardown(() => umount(dir));
  const listener = await client.listen({
    notifiers: [{ type: 'storage', action: 'enospc', kernLog: true }],
  });
  t.teardown(() => listener.close());
  const it = listener[Symbol.asyncIterator]();
  await client.testEnospc(dir);
  const event = await firstMatching(it, (e: UsipEvent) => e.kind === 'storage');
  t.match(event, {
    kind: 'storage',
    listenerId: listener.id,
    action: 'enospc',
    errno: 28,
    pid: process.pid,
    uid: 0,
    mountPoint: dir,
    device: 'usip-test',
    fsType: 'tmpfs',
  });
  t.equal(typeof (event as { ino?: bigint }).ino, 'bigint');
  t.equal(typeof (event as { time?: bigint }).time, 'bigint');
});

t.test('EDQUOT through TEST_ENOSPC, and a listener closed is a listener gone', async (t) => {
  const listener = await client.listen({ notifiers: [{ type: 'storage' }] });
  const closed = await client.listen({ notifiers: [{ type: 'storage' }] });
  await closed.close();
  const seenByClosed: UsipEvent[] = [];
  closed.subscribe((e) => seenByClosed.push(e));
  const it = listener[Symbol.asyncIterator]();
  await client.testEnospc('/', 'EDQUOT');
  t.match(await firstMatching(it, (e: UsipEvent) => e.kind === 'storage'), {
    action: 'edquot',
    errno: 122,
  });
  t.same(seenByClosed, []);
  await listener.close();
});

t.test('an mtab listener sees TEST_MTAB', async (t) => {
  const listener = await client.listen({ notifiers: [{ type: 'mtab' }] });
  t.teardown(() => listener.close());
  const it = listener[Symbol.asyncIterator]();
  const root = readMountinfo()[0]!;
  await client.testMtab({ action: 'attr', mountId: root.id });
  const event = await firstMatching(it, (e: UsipEvent) => e.kind === 'mtab');
  t.match(event, { kind: 'mtab', listenerId: listener.id, action: 'attr' });
  t.comment(JSON.stringify(event, (_k, v) => (typeof v === 'bigint' ? String(v) : v)));
});

const noRealMtab =
  !hasFeature(client.features, 'real-mtab-events') &&
  'the module offers no real-mtab-events (kernel hooks)';
const noRealStorage =
  !hasFeature(client.features, 'real-storage-events') &&
  'the module offers no real-storage-events (kernel hooks)';

t.test('real mount events reach an mtab listener', { skip: noRealMtab }, async (t) => {
  const listener = await client.listen({ notifiers: [{ type: 'mtab' }] });
  t.teardown(() => listener.close());
  const it = listener[Symbol.asyncIterator]();
  const dir = mountSmallTmpfs();
  const mounted = await firstMatching(
    it,
    (e: UsipEvent) => e.kind === 'mtab' && e.action === 'mount',
  );
  t.match(mounted, { change: { action: 'mount', mount: { mountPoint: dir, fsType: 'tmpfs' } } });
  umount(dir);
  await firstMatching(it, (e: UsipEvent) => e.kind === 'mtab' && e.action === 'umount');
});

t.test(
  'a real ENOSPC from a full tmpfs reaches a storage listener',
  { skip: noRealStorage },
  async (t) => {
    const dir = mountSmallTmpfs('64k');
    t.teardown(() => umount(dir));
    const listener = await client.listen({ notifiers: [{ type: 'storage' }] });
    t.teardown(() => listener.close());
    const it = listener[Symbol.asyncIterator]();
    const { spawnSync } = await import('node:child_process');
    spawnSync('dd', ['if=/dev/zero', `of=${dir}/fill`, 'bs=4k', 'count=64']);
    t.match(await firstMatching(it, (e: UsipEvent) => e.kind === 'storage'), {
      action: 'enospc',
      mountPoint: dir,
      fsType: 'tmpfs',
    });
  },
);

t.test('liveMountTable() starts equal to mountinfo and follows changes', async (t) => {
  const table = await client.liveMountTable();
  t.teardown(() => table.close());
  t.same(
    table.mounts().map((m) => m.id),
    readMountinfo().map((m) => m.id),
  );
  const it = table[Symbol.asyncIterator]();
  const root = readMountinfo()[0]!;
  // A synthetic attr change of an existing mount: a record the table must apply in sequence.
  const before = table.seq;
  await client.testMtab({ action: 'attr', mountId: root.id });
  await firstMatching(it, (e) => e.type === 'change');
  t.ok(table.seq > before, 'the table advanced to the record');
  if (hasFeature(client.features, 'real-mtab-events')) {
    const dir = mountSmallTmpfs();
    await firstMatching(it, (e) => e.type === 'change' && e.change.action === 'mount');
    umount(dir);
    await firstMatching(it, (e) => e.type === 'change' && e.change.action === 'umount');
    await table.settled();
  }
  t.same(
    table.mounts().map((m) => m.mountPoint),
    readMountinfo().map((m) => m.mountPoint),
    'still equal to mountinfo',
  );
});
