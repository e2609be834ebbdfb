import t from 'tap';
import { NetlinkSocket } from '../../src/socket/netlink-socket.js';
import { exchange } from './fixtures/exchange.js';
import { TestNetns } from './fixtures/netns.js';
import { message, NLM_F_DUMP, NLM_F_REQUEST } from './fixtures/nl-bytes.js';
import { decodeLink, ifinfomsg, RTM_GETLINK, RTM_NEWLINK } from './fixtures/rtnl-link.js';

const NETLINK_ROUTE = 0;

async function linkNames(socket: NetlinkSocket): Promise<string[]> {
  const replies = await exchange(
    socket,
    message(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, 2, ifinfomsg()),
    2,
  );
  return replies
    .filter((m) => m.type === RTM_NEWLINK)
    .map((m) => decodeLink(m).ifname)
    .sort();
}

t.test('a socket opened in another netns sees only that namespace links', async (t) => {
  const a = new TestNetns('iso-a');
  const b = new TestNetns('iso-b');
  t.teardown(() => {
    a.remove();
    b.remove();
  });
  a.ip('link', 'add', 'only-in-a0', 'type', 'veth', 'peer', 'name', 'only-in-a1');
  b.ip('link', 'add', 'only-in-b0', 'type', 'veth', 'peer', 'name', 'only-in-b1');

  const inA = new NetlinkSocket({ protocol: NETLINK_ROUTE, netns: a.path });
  const inB = new NetlinkSocket({ protocol: NETLINK_ROUTE, netns: `/proc/self/ns/net` });
  const inBByPath = new NetlinkSocket({ protocol: NETLINK_ROUTE, netns: b.path });
  const here = new NetlinkSocket({ protocol: NETLINK_ROUTE });
  t.teardown(() => {
    for (const s of [inA, inB, inBByPath, here]) s.close();
  });

  t.same(await linkNames(inA), ['lo', 'only-in-a0', 'only-in-a1']);
  t.same(await linkNames(inBByPath), ['lo', 'only-in-b0', 'only-in-b1']);
  const hostNames = await linkNames(here);
  t.same(await linkNames(inB), hostNames, '/proc/self/ns/net is the namespace we are in');
  t.notOk(
    hostNames.some((n) => n.startsWith('only-in')),
    'opening sockets elsewhere did not move this process',
  );
});
