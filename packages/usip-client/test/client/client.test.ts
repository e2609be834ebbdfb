// UsipClient against a scripted module (MemoryTransport + the generated encoders): every call's
// request and decoding, listener routing and cleanup, and the typed errors.
import { Cmd, decodeEventUnregisterRequest, decodeTestEnospcRequest } from '@usip/usip-genl';
import t from 'tap';
import { UsipClient } from '../../src/client.js';
import {
  FeatureMissingError,
  InvalidInputError,
  KernelError,
  MODULE_NOT_LOADED_MESSAGE,
  ModuleNotLoadedError,
  ProtocolMismatchError,
} from '../../src/errors.js';
import type { UsipEvent } from '../../src/events.js';
import { FakeUsipKernel, NAMESPACE } from '../helpers/fake-usip-kernel.js';

async function opened(kernel = new FakeUsipKernel()) {
  const client = await UsipClient.open({ transport: kernel.transport });
  t.teardown(() => client.close());
  return { kernel, client };
}

function nextEvent(it: AsyncIterator<UsipEvent>): Promise<UsipEvent> {
  return it.next().then((r) => r.value as UsipEvent);
}

t.test('open() fails with the load hint when the family is not registered', async (t) => {
  const kernel = new FakeUsipKernel({ loaded: false });
  const error = await UsipClient.open({ transport: kernel.transport }).catch((e) => e);
  t.type(error, ModuleNotLoadedError);
  t.equal(error.message, MODULE_NOT_LOADED_MESSAGE);
  t.ok(kernel.transport.closed, 'the socket is closed again');
});

t.test('open() refuses another protocol version and missing required features', async (t) => {
  const old = new FakeUsipKernel();
  old.protoVersion = 1;
  t.type(
    await UsipClient.open({ transport: old.transport }).catch((e) => e),
    ProtocolMismatchError,
  );
  const bare = new FakeUsipKernel();
  bare.features = 0x1fn; // no test-commands
  const error = await UsipClient.open({
    transport: bare.transport,
    requireFeatures: ['test-commands'],
  }).catch((e) => e);
  t.type(error, FeatureMissingError);
  t.match(error.message, /test-commands: load it with `insmod usip.ko test_commands=1`/);
});

t.test('ping reports version and features', async (t) => {
  const { client } = await opened();
  t.same(await client.ping(), { status: 1, protoVersion: 2, features: 0xffn });
  t.equal(client.protoVersion, 2);
});

t.test('mounts() streams the dump with progress; mountTable() adds its seq', async (t) => {
  const { kernel, client } = await opened();
  kernel.change((ns) => ns.mountNew());
  kernel.change((ns) => ns.mountNew());
  const progress: number[] = [];
  const mounts = [];
  for await (const m of client.mounts({ onProgress: (n) => progress.push(n) })) mounts.push(m);
  t.same(mounts, [...kernel.ns.table.values()]);
  t.same(progress, [1, 2, 3]);
  t.same(await client.mountTable(), { seq: 2n, mounts });
});

t.test('mount() by id and by path; fsUsage(); kernel errors keep errno and message', async (t) => {
  const { kernel, client } = await opened();
  const { mount } = kernel.change((ns) => ns.mountNew());
  t.same(await client.mount(mount.id), { seq: 1n, mount });
  t.same((await client.mount('/mnt/m100')).mount, mount);
  const missing = await client.mount('/nowhere').catch((e) => e);
  t.type(missing, KernelError);
  t.match(missing, {
    errno: 2,
    errnoName: 'ENOENT',
    kernelMessage: 'no such mount',
    operation: 'MOUNT_GET',
  });
  t.match(await client.fsUsage('/'), { bsize: 4096n, blocks: 100n, bavail: 40n });
});

t.test('inputs are validated before anything is sent', async (t) => {
  const { kernel, client } = await opened();
  const before = kernel.requests.length;
  await t.rejects(client.fsUsage(''), InvalidInputError);
  await t.rejects(client.fsUsage('a\0b'), /NUL/);
  await t.rejects(client.fsUsage('x'.repeat(5000)), /longer than 4095 bytes/);
  await t.rejects(client.mount(0), InvalidInputError);
  await t.rejects(client.mount(1.5), InvalidInputError);
  await t.rejects(client.listen({ notifiers: [] }), /notifiers/);
  await t.rejects(
    client.listen({ notifiers: Array.from({ length: 33 }, () => ({ type: 'mtab' as const })) }),
    /notifiers/,
  );
  // @ts-expect-error an unknown action is refused at run time too
  await t.rejects(client.listen({ notifiers: [{ type: 'storage', action: 'explode' }] }), /action/);
  await t.rejects(client.testMtab({ mountId: -1 }), InvalidInputError);
  t.equal(kernel.requests.length, before, 'no request reached the kernel');
});

t.test('a listener gets its own events, typed, until it is closed', async (t) => {
  const { kernel, client } = await opened();
  const storage = await client.listen({
    notifiers: [{ type: 'storage', action: 'enospc', kernLog: true }],
  });
  const other = await client.listen({ notifiers: [{ type: 'storage' }] });
  t.equal(storage.group, NAMESPACE);
  const it = storage[Symbol.asyncIterator]();
  const seenByOther: UsipEvent[] = [];
  other.subscribe((e) => seenByOther.push(e));

  kernel.storageEvent(storage.id, '/mnt/small');
  const event = await nextEvent(it);
  t.same(event, {
    kind: 'storage',
    listenerId: storage.id,
    group: NAMESPACE,
    action: 'enospc',
    cmd: 0,
    errno: 28,
    pid: 321,
    vpid: 1,
    uid: 1000,
    gid: 1000,
    ino: 12n,
    dev: 0x800001,
    mountPoint: '/mnt/small',
    device: 'tmpfs',
    fsType: 'tmpfs',
    time: 1_764_072_000_123_456_789n,
    suppressed: 0,
  });
  t.same(seenByOther, [], 'events for another listener id are not delivered');

  await storage.close();
  const [unregister] = kernel.sent(Cmd.EVENT_UNREGISTER);
  t.same(decodeEventUnregisterRequest(unregister!), { eventGroup: NAMESPACE, eventId: storage.id });
  t.same(await it.next(), { value: undefined, done: true }, 'the stream ended');
  t.notOk(kernel.listeners.has(storage.id));
  t.ok(kernel.listeners.has(other.id));
});

t.test('testEnospc sends the path and errno; the storage listener sees the event', async (t) => {
  const { kernel, client } = await opened();
  const listener = await client.listen({ notifiers: [{ type: 'storage' }] });
  const it = listener[Symbol.asyncIterator]();
  await client.testEnospc('/data', 'EDQUOT');
  t.same(decodeTestEnospcRequest(kernel.sent(Cmd.TEST_ENOSPC)[0]!), {
    testPath: '/data',
    eventErrno: 122,
  });
  t.match(await nextEvent(it), {
    kind: 'storage',
    action: 'edquot',
    errno: 122,
    mountPoint: '/data',
  });
});

t.test('a kernel refusal carries errno and the extended-ack message', async (t) => {
  const { kernel, client } = await opened();
  kernel.failNext = { cmd: Cmd.TEST_MTAB, errno: 1, message: 'TEST_MTAB needs CAP_SYS_ADMIN' };
  const error = await client.testMtab().catch((e) => e);
  t.type(error, KernelError);
  t.equal(error.message, 'TEST_MTAB: EPERM (TEST_MTAB needs CAP_SYS_ADMIN)');
});

t.test('a socket overrun is delivered to every listener', async (t) => {
  const { kernel, client } = await opened();
  const a = await client.listen({ notifiers: [{ type: 'mtab' }] });
  const b = await client.listen({ notifiers: [{ type: 'storage' }] });
  const [ia, ib] = [a[Symbol.asyncIterator](), b[Symbol.asyncIterator]()];
  kernel.transport.injectOverrun();
  t.same(await nextEvent(ia), { kind: 'overrun', listenerId: a.id, group: NAMESPACE });
  t.same(await nextEvent(ib), { kind: 'overrun', listenerId: b.id, group: NAMESPACE });
});

t.test('close() unregisters every listener, then closes the socket', async (t) => {
  const kernel = new FakeUsipKernel();
  const client = await UsipClient.open({ transport: kernel.transport });
  await client.listen({ notifiers: [{ type: 'mtab' }] });
  await client.listen({ notifiers: [{ type: 'storage' }] });
  t.equal(kernel.listeners.size, 2);
  await client.close();
  t.equal(kernel.listeners.size, 0);
  t.ok(kernel.transport.closed);
  await t.rejects(client.ping(), /closed/);
});

t.test('at process exit, listeners are unregistered without waiting', async (t) => {
  const kernel = new FakeUsipKernel();
  const client = await UsipClient.open({ transport: kernel.transport });
  const listener = await client.listen({ notifiers: [{ type: 'mtab' }] });
  client.unregisterAllNow();
  t.same(
    kernel.transport.sent
      .map((b) => b)
      .filter((b) => b.readUInt16LE(4) === 0x20 && b[16] === Cmd.EVENT_UNREGISTER)
      .map((b) => decodeEventUnregisterRequest(b.subarray(16))),
    [{ eventGroup: NAMESPACE, eventId: listener.id }],
  );
  t.ok(listener.closed);
  t.ok(kernel.transport.closed);
});
