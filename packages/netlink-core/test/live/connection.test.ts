// The request engine (NetlinkConnection) over the real socket, against the running kernel.
import { execFileSync } from 'node:child_process';
import t from 'tap';
import { MessageBuilder } from '../../src/codec/builder.js';
import { NetlinkError } from '../../src/codec/errors.js';
import type { NetlinkMessage } from '../../src/codec/message.js';
import { NetlinkConnection } from '../../src/engine/connection.js';
import { NetlinkSocket } from '../../src/socket/netlink-socket.js';
import { decodeFamily, GENL_ID_CTRL, parseGenlCtrlList } from './fixtures/genl-family.js';
import { TestNetns } from './fixtures/netns.js';
import type { Msg } from './fixtures/nl-bytes.js';
import {
  decodeLink,
  ifinfomsg,
  RTM_GETLINK,
  RTM_NEWLINK,
  RTNLGRP_LINK,
} from './fixtures/rtnl-link.js';

const NETLINK_ROUTE = 0;
const NETLINK_GENERIC = 16;
const IFLA_IFNAME = 3;
const IFLA_MTU = 4;
const IFLA_LINKINFO = 18;
const IFLA_INFO_KIND = 1;

const asMsg = (m: NetlinkMessage): Msg => ({ ...m, body: m.payload });

function connect(protocol: number, netns?: string): NetlinkConnection {
  return new NetlinkConnection(new NetlinkSocket(netns ? { protocol, netns } : { protocol }));
}

t.test('request(): CTRL_CMD_GETFAMILY("nlctrl") equals `genl ctrl list`', async (t) => {
  const conn = connect(NETLINK_GENERIC);
  t.teardown(() => conn.close());
  const request = new MessageBuilder()
    .beginMessage(GENL_ID_CTRL)
    .putHeader(Buffer.from([3, 1, 0, 0]))
    .putStringZ(2, 'nlctrl')
    .endMessage()
    .finish();
  const [reply] = await conn.request(request);
  const expected = parseGenlCtrlList(execFileSync('genl', ['ctrl', 'list'], { encoding: 'utf8' }));
  t.same(
    decodeFamily(asMsg(reply!)),
    expected.find((f) => f.name === 'nlctrl'),
  );
});

t.test('dumpAll() and dump() of a private netns equal `ip -j link`', async (t) => {
  const ns = new TestNetns('conn-dump');
  t.teardown(() => ns.remove());
  ns.addVethPairs(120);
  const conn = connect(NETLINK_ROUTE, ns.path);
  t.teardown(() => conn.close());
  const request = new MessageBuilder()
    .beginMessage(RTM_GETLINK)
    .putHeader(ifinfomsg())
    .endMessage();
  const fromIp = (JSON.parse(ns.ip('-j', 'link')) as { ifindex: number; ifname: string }[]).map(
    (l) => [l.ifindex, l.ifname],
  );

  const all = await conn.dumpAll(request.view());
  t.equal(all.interrupted, false);
  t.same(
    all.messages.map((m) => decodeLink(asMsg(m))).map((l) => [l.ifindex, l.ifname]),
    fromIp,
  );
  const streamed: [number, string][] = [];
  for await (const m of conn.dump(request.view())) {
    const l = decodeLink(asMsg(m));
    streamed.push([l.ifindex, l.ifname]);
  }
  t.same(streamed, fromIp);
  t.equal(streamed.length, 241);
});

t.test('an invalid RTM_NEWLINK rejects with NetlinkError carrying the kernel text', async (t) => {
  const ns = new TestNetns('conn-extack');
  t.teardown(() => ns.remove());
  const conn = connect(NETLINK_ROUTE, ns.path);
  t.teardown(() => conn.close());
  const b = new MessageBuilder().beginMessage(RTM_NEWLINK, 0x400 | 0x200).putHeader(ifinfomsg());
  b.putStringZ(IFLA_IFNAME, 'bogus0');
  const nest = b.beginNest(IFLA_LINKINFO);
  b.putStringZ(IFLA_INFO_KIND, 'no-such-kind').endNest(nest).endMessage();
  const err = (await conn.request(b.finish()).catch((e: unknown) => e)) as NetlinkError;
  t.type(err, NetlinkError);
  t.equal(err.errno, 95, 'EOPNOTSUPP (named ENOTSUP by Node and libuv: the same number)');
  t.equal(err.kernelMessage, 'Unknown device type');
  t.match(err.message, /Unknown device type/);
});

t.test('a malformed attribute is located in the request by the extack offset', async (t) => {
  const ns = new TestNetns('conn-offset');
  t.teardown(() => ns.remove());
  ns.ip('link', 'add', 'off0a', 'type', 'veth', 'peer', 'name', 'off0b');
  const conn = connect(NETLINK_ROUTE, ns.path);
  t.teardown(() => conn.close());
  const request = new MessageBuilder()
    .beginMessage(RTM_NEWLINK)
    .putHeader(ifinfomsg())
    .putStringZ(IFLA_IFNAME, 'off0a')
    .putU16(IFLA_MTU, 1400) // IFLA_MTU is a u32: a 2-byte value fails the policy
    .endMessage()
    .finish();
  const err = (await conn
    .request(request, { familyHeaderLength: 16 })
    .catch((e: unknown) => e)) as NetlinkError;
  t.type(err, NetlinkError);
  t.ok(err.offset !== undefined, `the kernel pointed at an offset (${err.offset})`);
  t.same(err.attrPath, [IFLA_MTU], 'resolved to IFLA_MTU in our request');
});

t.test('notifications(): link events while interfaces come and go', async (t) => {
  const ns = new TestNetns('conn-events');
  t.teardown(() => ns.remove());
  const conn = connect(NETLINK_ROUTE, ns.path);
  t.teardown(() => conn.close());
  conn.joinGroup(RTNLGRP_LINK);
  const abort = new AbortController();
  const events = conn.notifications({ signal: abort.signal });
  ns.ip('link', 'add', 'nt0a', 'type', 'veth', 'peer', 'name', 'nt0b');
  ns.ip('link', 'del', 'nt0a');
  const seen: string[] = [];
  for await (const e of events) {
    if (e.kind !== 'message') continue;
    seen.push(
      `${e.message.type === RTM_NEWLINK ? 'new' : 'del'} ${decodeLink(asMsg(e.message)).ifname}`,
    );
    if (seen.includes('del nt0a') && seen.includes('del nt0b')) abort.abort();
  }
  t.ok(seen.includes('new nt0a') && seen.includes('new nt0b'), seen.join(', '));
});

t.test('a kernel overrun reaches notification consumers as a typed event', async (t) => {
  const ns = new TestNetns('conn-overrun');
  t.teardown(() => ns.remove());
  const socket = new NetlinkSocket({
    protocol: NETLINK_ROUTE,
    netns: ns.path,
    kernelReceiveBuffer: 4096,
  });
  const conn = new NetlinkConnection(socket);
  t.teardown(() => conn.close());
  conn.joinGroup(RTNLGRP_LINK);
  const abort = new AbortController();
  const events = conn.notifications({ signal: abort.signal });
  socket.pause();
  ns.addVethPairs(50);
  socket.resume();
  let overrun: unknown;
  for await (const e of events) {
    if (e.kind === 'overrun') {
      overrun = e;
      abort.abort();
    }
  }
  t.same(overrun, { kind: 'overrun', source: 'kernel' });
});
