import t from 'tap';
import { NetlinkSocket } from '../../src/socket/netlink-socket.js';
import { NetlinkSocketError } from '../../src/socket/socket-errors.js';

const NETLINK_ROUTE = 0;
const NETLINK_GENERIC = 16;

t.test('bind assigns a port id, distinct per socket, readable via getsockname', async (t) => {
  const a = new NetlinkSocket({ protocol: NETLINK_GENERIC });
  const b = new NetlinkSocket({ protocol: NETLINK_GENERIC });
  t.teardown(() => {
    a.close();
    b.close();
  });
  t.ok(a.portId > 0);
  t.not(a.portId, b.portId);
  t.equal(a.protocol, NETLINK_GENERIC);
});

t.test('netlink options set and read back by name and by (level, name)', async (t) => {
  const s = new NetlinkSocket({ protocol: NETLINK_ROUTE });
  t.teardown(() => s.close());
  for (const option of ['EXT_ACK', 'CAP_ACK', 'GET_STRICT_CHK', 'NO_ENOBUFS'] as const) {
    t.equal(s.getOption(option), 0, `${option} off by default`);
    s.setOption(option, true);
    t.equal(s.getOption(option), 1, `${option} on`);
  }
  s.setOption(270, 11, 0); // SOL_NETLINK, NETLINK_EXT_ACK
  t.equal(s.getOption(270, 11), 0);
  s.setOption('SO_RCVBUF', 65536);
  t.equal(s.getOption('SO_RCVBUF'), 131072, 'the kernel doubles SO_RCVBUF for bookkeeping');
  s.setOption('SO_RCVBUFFORCE', 1 << 20);
  t.equal(s.getOption('SO_RCVBUF'), 2 << 20, 'SO_RCVBUFFORCE passes rmem_max (we are root)');
});

t.test('memberships are joined, listed and dropped', async (t) => {
  const s = new NetlinkSocket({ protocol: NETLINK_ROUTE });
  t.teardown(() => s.close());
  s.addMembership(1);
  s.addMembership(33); // RTNLGRP_BRVLAN, beyond the 32 legacy bind groups
  t.same(s.memberships(), [1, 33]);
  s.dropMembership(1);
  t.same(s.memberships(), [33]);
});

t.test('bind groups mask joins legacy groups', async (t) => {
  const s = new NetlinkSocket({ protocol: NETLINK_ROUTE, groups: 0b101 });
  t.teardown(() => s.close());
  t.same(s.memberships(), [1, 3]);
});

t.test('system call failures are typed with the errno name', async (t) => {
  t.throws(() => new NetlinkSocket({ protocol: 9999 }), NetlinkSocketError);
  const err = t.throws(
    () => new NetlinkSocket({ protocol: NETLINK_ROUTE, netns: '/nonexistent/netns' }),
  ) as NetlinkSocketError;
  t.equal(err.code, 'ENOENT');
  t.equal(err.errno, 2);
  t.type(err, NetlinkSocketError);
  const s = new NetlinkSocket({ protocol: NETLINK_ROUTE });
  const bad = t.throws(() => s.setOption(270, 9999, 1)) as NetlinkSocketError;
  t.equal(bad.code, 'ENOPROTOOPT');
  s.close();
});

t.test('close is idempotent, emits close once, and later calls fail with EBADF', async (t) => {
  const s = new NetlinkSocket({ protocol: NETLINK_GENERIC });
  let closes = 0;
  s.on('close', () => closes++);
  s.close();
  s.close();
  await new Promise((r) => setImmediate(r));
  t.equal(closes, 1);
  t.ok(s.closed);
  const err = t.throws(() => s.send(Buffer.alloc(16))) as NetlinkSocketError;
  t.equal(err.code, 'EBADF');
});

t.test('send rejects what is not bytes', async (t) => {
  const s = new NetlinkSocket({ protocol: NETLINK_GENERIC });
  t.teardown(() => s.close());
  t.throws(() => s.send('hello' as unknown as Uint8Array), TypeError);
});

t.test('receive buffer size is configurable and validated', async (t) => {
  const s = new NetlinkSocket({ protocol: NETLINK_GENERIC, receiveBufferSize: 65536 });
  t.teardown(() => s.close());
  t.equal(s.receiveBufferSize, 65536);
  t.throws(() => s.setReceiveBufferSize(8), RangeError);
});
