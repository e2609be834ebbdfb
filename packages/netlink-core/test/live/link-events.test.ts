import t from 'tap';
import { NetlinkSocket } from '../../src/socket/netlink-socket.js';
import type { Datagram } from '../../src/socket/transport.js';
import { TestNetns } from './fixtures/netns.js';
import { type Msg, parseDatagram } from './fixtures/nl-bytes.js';
import { decodeLink, RTM_DELLINK, RTM_NEWLINK, RTNLGRP_LINK } from './fixtures/rtnl-link.js';

const NETLINK_ROUTE = 0;

/** Collects link notifications until `done` says the expected ones have all arrived. */
function collect(socket: NetlinkSocket, done: (msgs: Msg[]) => boolean) {
  const msgs: Msg[] = [];
  const datagrams: Datagram[] = [];
  return new Promise<{ msgs: Msg[]; datagrams: Datagram[] }>((resolve) => {
    socket.on('datagram', (d: Datagram) => {
      datagrams.push(d);
      msgs.push(...parseDatagram(d.data));
      if (done(msgs)) resolve({ msgs, datagrams });
    });
  });
}

t.test('RTNLGRP_LINK notifications while interfaces are created and deleted', async (t) => {
  const ns = new TestNetns('events');
  t.teardown(() => ns.remove());
  const socket = new NetlinkSocket({ protocol: NETLINK_ROUTE, netns: ns.path });
  t.teardown(() => socket.close());
  socket.addMembership(RTNLGRP_LINK);

  const created = collect(socket, (msgs) => {
    const names = msgs.filter((m) => m.type === RTM_NEWLINK).map((m) => decodeLink(m).ifname);
    return names.includes('ev0a') && names.includes('ev0b');
  });
  ns.ip('link', 'add', 'ev0a', 'type', 'veth', 'peer', 'name', 'ev0b');
  const { datagrams } = await created;
  t.ok(
    datagrams.every((d) => d.port === 0 && d.groups === 1 << (RTNLGRP_LINK - 1)),
    'multicast from the kernel: port 0, groups = the RTNLGRP_LINK bit',
  );
  t.ok(datagrams.every((d) => parseDatagram(d.data).every((m) => m.seq === 0)));

  socket.removeAllListeners('datagram');
  const deleted = collect(socket, (msgs) =>
    msgs.some((m) => m.type === RTM_DELLINK && decodeLink(m).ifname === 'ev0a'),
  );
  ns.ip('link', 'del', 'ev0a');
  const { msgs } = await deleted;
  const gone = msgs.filter((m) => m.type === RTM_DELLINK).map((m) => decodeLink(m).ifname);
  t.ok(gone.includes('ev0a'), 'RTM_DELLINK for the deleted interface');
});

t.test('after dropMembership no more notifications arrive', async (t) => {
  const ns = new TestNetns('drop');
  t.teardown(() => ns.remove());
  const listener = new NetlinkSocket({ protocol: NETLINK_ROUTE, netns: ns.path });
  const witness = new NetlinkSocket({ protocol: NETLINK_ROUTE, netns: ns.path });
  t.teardown(() => {
    listener.close();
    witness.close();
  });
  listener.addMembership(RTNLGRP_LINK);
  listener.dropMembership(RTNLGRP_LINK);
  witness.addMembership(RTNLGRP_LINK);
  let heardByListener = 0;
  listener.on('datagram', () => heardByListener++);
  const witnessed = collect(witness, (msgs) =>
    msgs.some((m) => m.type === RTM_NEWLINK && decodeLink(m).ifname === 'dr0b'),
  );
  ns.ip('link', 'add', 'dr0a', 'type', 'veth', 'peer', 'name', 'dr0b');
  await witnessed;
  // Both sockets are read by the same event-loop wake-up, so the listener had its chance.
  await new Promise((r) => setImmediate(r));
  t.equal(heardByListener, 0);
});
