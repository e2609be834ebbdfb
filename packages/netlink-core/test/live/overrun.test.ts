import t from 'tap';
import { NetlinkSocket } from '../../src/socket/netlink-socket.js';
import { TestNetns } from './fixtures/netns.js';
import { RTNLGRP_LINK } from './fixtures/rtnl-link.js';

const NETLINK_ROUTE = 0;

t.test('a tiny kernel receive queue overflows and is reported as an overrun', async (t) => {
  const ns = new TestNetns('overrun');
  t.teardown(() => ns.remove());
  const socket = new NetlinkSocket({
    protocol: NETLINK_ROUTE,
    netns: ns.path,
    kernelReceiveBuffer: 4096,
  });
  t.teardown(() => socket.close());
  socket.addMembership(RTNLGRP_LINK);
  let overruns = 0;
  let datagrams = 0;
  socket.on('overrun', () => overruns++);
  socket.on('datagram', () => datagrams++);
  const reported = new Promise((resolve) => socket.once('overrun', resolve));

  socket.pause(); // nothing is read while 100 links appear: the queue must overflow
  ns.addVethPairs(50);
  socket.resume();
  await reported;
  t.equal(overruns, 1, 'one ENOBUFS for the overflowed queue');
  t.ok(datagrams < 200, `some notifications were dropped (${datagrams} of at least 200 read)`);
});

t.test('NETLINK_NO_ENOBUFS silences the overrun report', async (t) => {
  const ns = new TestNetns('noenobufs');
  t.teardown(() => ns.remove());
  const socket = new NetlinkSocket({
    protocol: NETLINK_ROUTE,
    netns: ns.path,
    kernelReceiveBuffer: 4096,
  });
  t.teardown(() => socket.close());
  socket.setOption('NO_ENOBUFS', true);
  socket.addMembership(RTNLGRP_LINK);
  let overruns = 0;
  socket.on('overrun', () => overruns++);
  socket.pause();
  ns.addVethPairs(50);
  const firstDatagram = new Promise((resolve) => socket.once('datagram', resolve));
  socket.resume();
  await firstDatagram;
  await new Promise((r) => setImmediate(r));
  t.equal(overruns, 0);
});

t.test("after an overrun, 'drained' follows once a read finds the queue empty", async (t) => {
  const ns = new TestNetns('drained');
  t.teardown(() => ns.remove());
  const socket = new NetlinkSocket({
    protocol: NETLINK_ROUTE,
    netns: ns.path,
    kernelReceiveBuffer: 4096,
  });
  t.teardown(() => socket.close());
  socket.addMembership(RTNLGRP_LINK);
  const order: string[] = [];
  socket.on('overrun', () => order.push('overrun'));
  socket.on('datagram', () => {
    if (order.at(-1) !== 'datagram') order.push('datagram');
  });
  const drained = new Promise((resolve) => socket.once('drained', resolve));
  socket.on('drained', () => order.push('drained'));
  socket.pause();
  ns.addVethPairs(50);
  socket.resume();
  await drained;
  t.same(order, ['overrun', 'datagram', 'drained'], 'reported first, then the queue, then drained');
  ns.ip('link', 'add', 'late0a', 'type', 'veth', 'peer', 'name', 'late0b');
  await new Promise((resolve) => socket.once('datagram', resolve));
  t.same(order.at(-1), 'datagram', 'the kernel delivers again');
  t.equal(order.filter((o) => o === 'drained').length, 1, 'once per overrun');
});
