import t from 'tap';
import { NetlinkSocket } from '../../src/socket/netlink-socket.js';
import type { Datagram } from '../../src/socket/transport.js';
import { exchange } from './fixtures/exchange.js';
import { TestNetns } from './fixtures/netns.js';
import { message, NLM_F_DUMP, NLM_F_REQUEST } from './fixtures/nl-bytes.js';
import { collectLinkNames, ifinfomsg, RTM_GETLINK } from './fixtures/rtnl-link.js';
import { smallReadsIn } from './fixtures/small-reads.js';

const NETLINK_ROUTE = 0;

/** Runs a dump, logging 'd' per datagram and 'i' per event-loop turn (setImmediate). */
async function interleaving(ns: TestNetns, maxDatagramsPerWakeup: number): Promise<string> {
  const socket = new NetlinkSocket({
    protocol: NETLINK_ROUTE,
    netns: ns.path,
    receiveBufferSize: 4096, // many small datagrams
    maxDatagramsPerWakeup,
  });
  let log = '';
  let done = false;
  socket.on('datagram', () => {
    log += 'd';
  });
  const turn = (): void => {
    log += 'i';
    if (!done) setImmediate(turn);
  };
  setImmediate(turn);
  await exchange(socket, message(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, 1, ifinfomsg()), 1);
  done = true;
  socket.close();
  return log;
}

t.test('reading is bounded per wake-up, so the event loop keeps turning', async (t) => {
  const ns = new TestNetns('loop');
  t.teardown(() => ns.remove());
  ns.addVethPairs(40);
  const one = await interleaving(ns, 1);
  t.ok((one.match(/d/g) ?? []).length > 10, 'a dump of many datagrams');
  t.notMatch(one, /dd/, 'with a bound of 1, other work runs between any two datagrams');
  const many = await interleaving(ns, 64);
  t.match(many, /dd/, 'with a bound of 64, one wake-up reads several');
});

t.test('pause holds datagrams in the kernel until resume', async (t) => {
  const ns = new TestNetns('pause');
  t.teardown(() => ns.remove());
  const socket = new NetlinkSocket({ protocol: NETLINK_ROUTE, netns: ns.path });
  t.teardown(() => socket.close());
  let received = 0;
  socket.on('datagram', () => received++);
  socket.pause();
  socket.send(message(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, 1, ifinfomsg()));
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  t.equal(received, 0, 'nothing read while paused');
  const arrived = new Promise((r) => socket.once('datagram', r));
  socket.resume();
  await arrived;
  t.ok(received > 0);
});

t.test(
  'pause in the middle of a read: what was read arrives, the rest waits, nothing is lost',
  async (t) => {
    // Small reads: one recvmmsg takes several dump datagrams, the kernel making each as the
    // previous one is read.
    const { ns, socket } = smallReadsIn(t, 'pause-mid', 40);
    const names: string[] = [];
    let datagrams = 0;
    let done = false;
    const finished = new Promise<void>((resolve) => {
      socket.on('datagram', (d: Datagram) => {
        datagrams++;
        if (datagrams === 1) socket.pause();
        if (collectLinkNames(d.data, names)) {
          done = true;
          resolve();
        }
      });
    });
    socket.send(message(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, 1, ifinfomsg()));
    for (let i = 0; i < 20 && datagrams === 0; i++) await new Promise((r) => setImmediate(r));
    const whilePaused = datagrams;
    for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
    t.ok(whilePaused >= 1, 'the first datagram arrived');
    t.equal(datagrams, whilePaused, 'nothing more is read while paused');
    t.notOk(done, 'the dump is not over yet');
    socket.resume();
    await finished;
    t.same(
      names,
      ns.linkNames(),
      'every link, once, in order: the datagrams read with the first one were delivered',
    );
  },
);
