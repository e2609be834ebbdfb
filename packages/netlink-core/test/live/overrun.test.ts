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
