import { execFileSync } from 'node:child_process';
import t from 'tap';
import { type NetlinkDatagram, NetlinkSocket } from '../../src/socket/netlink-socket.js';
import { TestNetns } from './fixtures/netns.js';
import { parseDatagram } from './fixtures/nl-bytes.js';
import { decodeLink, RTM_NEWLINK, RTNLGRP_LINK } from './fixtures/rtnl-link.js';

const NETLINK_ROUTE = 0;

/** Resolves with the first RTM_NEWLINK datagram for `ifname`. */
function newLinkDatagram(socket: NetlinkSocket, ifname: string): Promise<NetlinkDatagram> {
  return new Promise((resolve) => {
    const on = (d: NetlinkDatagram): void => {
      const hit = parseDatagram(d.data).some(
        (m) => m.type === RTM_NEWLINK && decodeLink(m).ifname === ifname,
      );
      if (!hit) return;
      socket.off('datagram', on);
      resolve(d);
    };
    socket.on('datagram', on);
  });
}

t.test('LISTEN_ALL_NSID: events from a peer namespace carry its nsid', async (t) => {
  // The listener lives in namespace `home`; `peer` gets nsid 77 as seen from `home`.
  const home = new TestNetns('nsid-home');
  const peer = new TestNetns('nsid-peer');
  t.teardown(() => {
    peer.remove();
    home.remove();
  });
  execFileSync('ip', ['-n', home.name, 'netns', 'set', peer.name, '77']);
  const socket = new NetlinkSocket({ protocol: NETLINK_ROUTE, netns: home.path });
  t.teardown(() => socket.close());
  socket.setOption('LISTEN_ALL_NSID', true);
  socket.addMembership(RTNLGRP_LINK);

  const remote = newLinkDatagram(socket, 'far0a');
  peer.ip('link', 'add', 'far0a', 'type', 'veth', 'peer', 'name', 'far0b');
  t.equal((await remote).nsid, 77, 'tagged with the peer namespace id');

  const local = newLinkDatagram(socket, 'near0a');
  home.ip('link', 'add', 'near0a', 'type', 'veth', 'peer', 'name', 'near0b');
  t.equal((await local).nsid, undefined, 'no nsid for the socket own namespace');
});
