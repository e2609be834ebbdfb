import t from 'tap';
import { NetlinkSocket } from '../../src/socket/netlink-socket.js';
import { exchange } from './fixtures/exchange.js';
import { TestNetns } from './fixtures/netns.js';
import { attr, decodeError, message, NLM_F_ACK, NLM_F_REQUEST, strz } from './fixtures/nl-bytes.js';
import { ifinfomsg, RTM_NEWLINK } from './fixtures/rtnl-link.js';

const NETLINK_ROUTE = 0;
const NLM_F_CREATE_EXCL = 0x400 | 0x200;
const IFLA_IFNAME = 3;
const IFLA_LINKINFO = 18;
const IFLA_INFO_KIND = 1;
const EOPNOTSUPP = 95;

/** RTM_NEWLINK for a device kind the kernel does not know: rejected with an extack text. */
function newLinkOfUnknownKind(seq: number): Buffer {
  const linkinfo = attr(IFLA_LINKINFO | 0x8000, attr(IFLA_INFO_KIND, strz('no-such-kind')));
  return message(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE_EXCL, seq, ifinfomsg(), [
    attr(IFLA_IFNAME, strz('bogus0')),
    linkinfo,
  ]);
}

t.test('an invalid RTM_NEWLINK comes back with the kernel extended-ack text', async (t) => {
  const ns = new TestNetns('extack');
  t.teardown(() => ns.remove());
  const socket = new NetlinkSocket({ protocol: NETLINK_ROUTE, netns: ns.path });
  t.teardown(() => socket.close());
  socket.setOption('EXT_ACK', true);
  socket.setOption('CAP_ACK', true);
  const [reply] = await exchange(socket, newLinkOfUnknownKind(3), 3);
  t.same(decodeError(reply!), { errno: EOPNOTSUPP, extackMessage: 'Unknown device type' });
});

t.test('without NETLINK_EXT_ACK the same error carries no text', async (t) => {
  const ns = new TestNetns('noextack');
  t.teardown(() => ns.remove());
  const socket = new NetlinkSocket({ protocol: NETLINK_ROUTE, netns: ns.path });
  t.teardown(() => socket.close());
  const [reply] = await exchange(socket, newLinkOfUnknownKind(4), 4);
  t.same(decodeError(reply!), { errno: EOPNOTSUPP });
});
