import t from 'tap';
import {
  MemoryTransport,
  NetlinkConnection,
  NlmF,
  type NotificationEvent,
} from '../../src/index.js';
import { done, reply, requestWithTag, seqOf, tagOf } from './fixtures/peer.js';

t.test('join/leave groups go to the transport', async (t) => {
  const tr = new MemoryTransport();
  const conn = new NetlinkConnection(tr);
  conn.joinGroup(3);
  conn.joinGroup(5);
  conn.leaveGroup(3);
  t.same([...tr.memberships], [5]);
  conn.close();
});

t.test('notifications arrive as an async iterable and as events', async (t) => {
  const tr = new MemoryTransport();
  const conn = new NetlinkConnection(tr);
  const events: NotificationEvent[] = [];
  conn.on('notification', (ev: NotificationEvent) => events.push(ev));
  const it = conn.notifications();
  tr.injectMulticast(reply(0, 11), 0x4);
  tr.injectMulticast(reply(0, 12), 0x4);
  const a = (await it.next()).value as NotificationEvent;
  const b = (await it.next()).value as NotificationEvent;
  t.same(
    [a, b].map((e) => (e.kind === 'message' ? [tagOf(e.message), e.groups] : e.kind)),
    [
      [11, 4],
      [12, 4],
    ],
  );
  t.equal(events.length, 2);
  conn.close();
  t.same(await it.next(), { value: undefined, done: true }, 'iteration ends on close');
});

t.test('notifications mixed into a dump go to subscribers, not into the dump', async (t) => {
  const tr = new MemoryTransport({
    peer: (r) => [
      reply(seqOf(r), 1, NlmF.MULTI),
      { data: reply(0, 99), port: 0, groups: 1 }, // multicast between reply datagrams
      reply(0, 98), // unicast with seq 0: a kernel event, not an answer
      reply(seqOf(r), 2, NlmF.MULTI),
      done(seqOf(r)),
    ],
  });
  const conn = new NetlinkConnection(tr);
  const it = conn.notifications();
  const dumped = await conn.dumpAll(requestWithTag(0));
  t.same(dumped.messages.map(tagOf), [1, 2]);
  const got: number[] = [];
  for (let i = 0; i < 2; i++) {
    const ev = (await it.next()).value as NotificationEvent;
    if (ev.kind === 'message') got.push(tagOf(ev.message));
  }
  t.same(got, [99, 98]);
  conn.close();
});

t.test('a kernel overrun (ENOBUFS) reaches subscribers as a typed event', async (t) => {
  const tr = new MemoryTransport();
  const conn = new NetlinkConnection(tr);
  const it = conn.notifications();
  const seen = new Promise<string>((resolve) => conn.once('overrun', resolve));
  tr.injectOverrun();
  t.same((await it.next()).value, { kind: 'overrun', source: 'kernel' });
  t.equal(await seen, 'kernel');
  t.equal(conn.stats.overruns, 1);
  conn.close();
});

t.test('a subscriber that falls behind gets a local overrun, memory stays bounded', async (t) => {
  const tr = new MemoryTransport();
  const conn = new NetlinkConnection(tr);
  const slow = conn.notifications({ highWaterMark: 3 });
  const fast = conn.notifications();
  for (let i = 0; i < 10; i++) tr.injectMulticast(reply(0, i), 1);
  // Let all ten be delivered before the slow subscriber reads anything.
  const fastTags: number[] = [];
  for (let i = 0; i < 10; i++) {
    const ev = (await fast.next()).value as NotificationEvent;
    if (ev.kind === 'message') fastTags.push(tagOf(ev.message));
  }
  t.same(fastTags, [...Array(10).keys()], 'other subscribers are unaffected');
  const first = (await slow.next()).value as NotificationEvent;
  t.equal(first.kind, 'overrun');
  t.same(first, { kind: 'overrun', source: 'local' });
  conn.close();
});

t.test('an AbortSignal or return() ends a subscription', async (t) => {
  const tr = new MemoryTransport();
  const conn = new NetlinkConnection(tr);
  const ac = new AbortController();
  const it = conn.notifications({ signal: ac.signal });
  const pending = it.next();
  ac.abort();
  t.same(await pending, { value: undefined, done: true });
  const other = conn.notifications();
  await other.return?.();
  tr.injectMulticast(reply(0, 1), 1);
  t.same(await other.next(), { value: undefined, done: true });
  conn.close();
});
