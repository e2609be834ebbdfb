import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { NativeEvent, nativeShim } from '../../src/socket/native.js';
import type { Datagram } from '../../src/socket/transport.js';
import { TestNetns } from './fixtures/netns.js';
import { message, NLM_F_DUMP, NLM_F_REQUEST } from './fixtures/nl-bytes.js';
import { collectLinkNames, ifinfomsg, RTM_GETLINK } from './fixtures/rtnl-link.js';
import { smallReadsIn } from './fixtures/small-reads.js';

const NETLINK_ROUTE = 0;

t.test('close() inside a datagram handler stops delivery at once', async (t) => {
  // Small reads: the dump is many datagrams, several already queued when the first arrives.
  const { socket } = smallReadsIn(t, 'close-mid', 40);
  let delivered = 0;
  socket.on('datagram', () => {
    delivered++;
    socket.close();
  });
  const closed = new Promise((resolve) => socket.once('close', resolve));
  socket.send(message(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, 1, ifinfomsg()));
  await closed;
  for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
  t.equal(delivered, 1, 'nothing after close, although more datagrams were waiting');
});

t.test('an open socket keeps the process alive unless unref()ed', async (t) => {
  const socketModule = fileURLToPath(
    new URL('../../src/socket/netlink-socket.ts', import.meta.url),
  );
  const script = (unref: boolean): string => `
    import { NetlinkSocket } from ${JSON.stringify(socketModule)};
    const s = new NetlinkSocket({ protocol: 16 });
    ${unref ? 's.unref();' : 'setTimeout(() => { console.log("still alive"); s.close(); }, 50);'}
  `;
  const run = (unref: boolean) =>
    spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script(unref)], {
      encoding: 'utf8',
      timeout: 20000,
    });
  const unrefed = run(true);
  t.equal(unrefed.status, 0, unrefed.stderr);
  t.equal(unrefed.stdout, '', 'exited with nothing left to do');
  const refed = run(false);
  t.equal(refed.status, 0, refed.stderr);
  t.equal(refed.stdout.trim(), 'still alive', 'the referenced socket held the loop until closed');
});

t.test('process.exit() with sockets open, reading, closing or paused is clean', async (t) => {
  const socketModule = fileURLToPath(
    new URL('../../src/socket/netlink-socket.ts', import.meta.url),
  );
  const script = `
    import { NetlinkSocket } from ${JSON.stringify(socketModule)};
    const open = new NetlinkSocket({ protocol: 0 });
    open.addMembership(1);
    const paused = new NetlinkSocket({ protocol: 16 });
    paused.pause();
    const closing = new NetlinkSocket({ protocol: 16 });
    closing.close();
    process.exit(0);
  `;
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script],
    {
      encoding: 'utf8',
      timeout: 20000,
    },
  );
  t.equal(child.signal, null, 'no crash during environment teardown');
  t.equal(child.status, 0, child.stderr);
});

t.test('a datagram cannot be transferred away from the slab it shares', async (t) => {
  const { ns, socket } = smallReadsIn(t, 'detach', 30);
  const names: string[] = [];
  let intact = true;
  const done = new Promise<void>((resolve) => {
    socket.on('datagram', (d: Datagram) => {
      const memory = d.data.buffer as ArrayBuffer;
      const size = memory.byteLength;
      // As postMessage(memory, [memory]) would: Node copies an untransferable buffer (newer
      // versions throw instead); either way the slab stays ours.
      try {
        structuredClone(memory, { transfer: [memory] });
      } catch {}
      if (memory.byteLength !== size) intact = false;
      if (collectLinkNames(d.data, names)) resolve();
    });
  });
  socket.send(message(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, 1, ifinfomsg()));
  await done;
  t.ok(intact, 'no datagram lost its memory');
  t.same(names, ns.linkNames());
});

t.test('the shim copies a batch away from a slab detached under it', async (t) => {
  // Straight on the native shim, whose slab is not marked: detaching it while later datagrams
  // of the same recvmmsg still sit in it must not lose them.
  const ns = new TestNetns('detach-raw');
  t.teardown(() => ns.remove());
  ns.addVethPairs(30);
  const native = nativeShim();
  const handle = native.open(NETLINK_ROUTE, ns.path);
  t.teardown(() => native.close(handle));
  native.bind(handle, 0);
  native.setBufferSize(handle, 4096);
  const names: string[] = [];
  const slabs = new Set<ArrayBuffer>();
  let detached = 0;
  const done = new Promise<void>((resolve, reject) => {
    native.start(handle, (kind, slab, offset, length) => {
      if (kind !== NativeEvent.DATAGRAM) return reject(new Error(`event ${kind}`));
      const memory = slab as ArrayBuffer;
      slabs.add(memory);
      if (collectLinkNames(Buffer.from(memory, offset as number, length as number), names))
        resolve();
      if (detached++ < 3) structuredClone(memory, { transfer: [memory] });
    });
  });
  native.send(handle, message(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, 1, ifinfomsg()), 0, 0);
  await done;
  t.ok(slabs.size >= 4, 'each detach moved reading to a new slab');
  t.same(names, ns.linkNames());
});
