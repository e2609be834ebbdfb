// Replies and ACKs the kernel really drops in an overrun are found by the engine's probe and
// rejected with ReplyLostError. Every request has no timeout at all: if the probe did not work,
// the test would hang (and fail on tap's timeout), it could not pass.
import t from 'tap';
import { MessageBuilder } from '../../src/codec/builder.js';
import { ReplyLostError } from '../../src/codec/errors.js';
import type { NetlinkMessage } from '../../src/codec/message.js';
import { NetlinkConnection } from '../../src/engine/connection.js';
import { NetlinkSocket } from '../../src/socket/netlink-socket.js';
import { TestNetns } from './fixtures/netns.js';
import { ifinfomsg, RTM_GETLINK, RTNLGRP_LINK } from './fixtures/rtnl-link.js';

const NETLINK_ROUTE = 0;
const NO_TIMEOUT = { timeoutMs: Number.POSITIVE_INFINITY };
const LOOPBACK = 1;

const getLoopback = (): Buffer =>
  new MessageBuilder().beginMessage(RTM_GETLINK).putHeader(ifinfomsg(LOOPBACK)).finish();

type Outcome = 'answered' | 'lost' | string;
const outcome = (p: Promise<NetlinkMessage[]>): Promise<Outcome> =>
  p.then(
    (replies) => (replies.length === 1 ? 'answered' : `${replies.length} replies`),
    (e: unknown) => (e instanceof ReplyLostError ? 'lost' : String(e)),
  );

/** A NETLINK_ROUTE connection in a private namespace, with a tiny kernel receive queue. */
function tinySocket(teardown: (fn: () => void) => void, label: string) {
  const ns = new TestNetns(label);
  teardown(() => ns.remove());
  const socket = new NetlinkSocket({
    protocol: NETLINK_ROUTE,
    netns: ns.path,
    kernelReceiveBuffer: 4096,
  });
  const conn = new NetlinkConnection(socket);
  teardown(() => conn.close());
  return { ns, socket, conn };
}

t.test(
  'requests whose replies overflow a paused socket: the dropped ones fail as lost',
  async (t) => {
    const { socket, conn } = tinySocket((fn) => t.teardown(fn), 'lost-requests');
    socket.pause(); // the kernel answers each request at once, into a queue nobody reads
    const results = Array.from({ length: 40 }, () =>
      outcome(conn.request(getLoopback(), NO_TIMEOUT)),
    );
    socket.resume();
    const outcomes = await Promise.all(results);
    const answered = outcomes.filter((o) => o === 'answered').length;
    const lost = outcomes.filter((o) => o === 'lost').length;
    t.equal(answered + lost, outcomes.length, `every request answered or lost: ${outcomes}`);
    t.ok(answered >= 1, `the replies that fitted arrived (${answered})`);
    t.ok(lost >= 1, `the dropped ones were found lost (${lost})`);
    t.same(
      outcomes,
      [...Array(answered).fill('answered'), ...Array(lost).fill('lost')],
      'in order: the queue filled up, then everything after was dropped',
    );
    t.ok(conn.stats.overrunProbes >= 1);
    t.equal(conn.stats.repliesLost, lost);
    t.equal(conn.pendingCount, 0);
    // The socket works normally afterwards.
    t.equal(await outcome(conn.request(getLoopback(), NO_TIMEOUT)), 'answered');
  },
);

t.test('a request whose ACK is dropped in a flood of link events fails as lost', async (t) => {
  const { ns, socket, conn } = tinySocket((fn) => t.teardown(fn), 'lost-flood');
  conn.joinGroup(RTNLGRP_LINK);
  let notifications = 0;
  conn.on('notification', () => notifications++);
  socket.pause();
  ns.addVethPairs(50); // 100+ RTM_NEWLINK events: the queue overflows
  const request = outcome(conn.request(getLoopback(), NO_TIMEOUT));
  socket.resume();
  t.equal(await request, 'lost');
  t.ok(conn.stats.overruns >= 1, 'the kernel reported the overrun');
  t.ok(notifications < 200, `events were dropped too (${notifications} read)`);
  t.equal(await outcome(conn.request(getLoopback(), NO_TIMEOUT)), 'answered');
});
