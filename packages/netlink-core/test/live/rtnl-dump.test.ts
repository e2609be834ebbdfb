import t from 'tap';
import { NetlinkSocket } from '../../src/socket/netlink-socket.js';
import type { Datagram } from '../../src/socket/transport.js';
import { exchange } from './fixtures/exchange.js';
import { TestNetns } from './fixtures/netns.js';
import {
  message,
  NLM_F_DUMP,
  NLM_F_REQUEST,
  NLMSG_DONE,
  parseDatagram,
} from './fixtures/nl-bytes.js';
import { decodeLink, ifinfomsg, RTM_GETLINK } from './fixtures/rtnl-link.js';

const NETLINK_ROUTE = 0;

interface IpJsonLink {
  ifindex: number;
  ifname: string;
  mtu: number;
  operstate: string;
  address: string;
}

t.test('RTM_GETLINK dump of 301 links in a private netns equals `ip -j link`', async (t) => {
  const ns = new TestNetns('dump');
  t.teardown(() => ns.remove());
  ns.addVethPairs(150);
  const socket = new NetlinkSocket({ protocol: NETLINK_ROUTE, netns: ns.path });
  t.teardown(() => socket.close());
  const kept: Buffer[] = [];
  socket.on('datagram', (d: Datagram) => kept.push(d.data));

  const replies = await exchange(
    socket,
    message(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, 1, ifinfomsg()),
    1,
  );
  t.equal(replies.at(-1)!.type, NLMSG_DONE);
  const links = replies.slice(0, -1).map(decodeLink);
  const fromIp = (JSON.parse(ns.ip('-j', 'link')) as IpJsonLink[]).map((l) => ({
    ifindex: l.ifindex,
    ifname: l.ifname,
    mtu: l.mtu,
    operstate: l.operstate,
    address: l.address,
  }));
  t.equal(links.length, 301, 'lo + 150 veth pairs');
  t.same(
    links.map(({ rxPackets: _, ...rest }) => rest),
    fromIp,
  );
  t.ok(
    links.every((l) => l.rxPackets >= 0n),
    'every link carries IFLA_STATS64',
  );
  t.ok(kept.length < 40, `the dump arrived in few large datagrams (${kept.length})`);

  // Datagrams are views of shared slabs: the ones kept must not be overwritten by later reads.
  for (let i = 0; i < 3; i++)
    await exchange(
      socket,
      message(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, 10 + i, ifinfomsg()),
      10 + i,
    );
  const reparsed = kept
    .flatMap(parseDatagram)
    .filter((m) => m.seq === 1 && m.type !== NLMSG_DONE)
    .map(decodeLink);
  t.same(reparsed, links, 'kept datagrams still hold the first dump after three more');
});
