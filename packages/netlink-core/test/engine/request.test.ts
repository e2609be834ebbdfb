import fc from 'fast-check';
import t from 'tap';
import {
  AbortError,
  ConnectionClosedError,
  encodeErrorReply,
  MemoryTransport,
  MessageBuilder,
  NetlinkConnection,
  NetlinkDecodeError,
  NetlinkEncodeError,
  NetlinkError,
  NetlinkProtocol,
  NetlinkSockOpt,
  NlmF,
  SOL_NETLINK,
  TimeoutError,
} from '../../src/index.js';
import { ack, flagsOf, REPLY_TYPE, reply, requestWithTag, seqOf, tagOf } from './fixtures/peer.js';

const echoPeer = (req: Buffer) => [reply(seqOf(req), req.readUInt32LE(20)), ack(req)];

t.test('request: the engine numbers it, asks for an ACK and returns the replies', async (t) => {
  const tr = new MemoryTransport({ peer: echoPeer });
  const conn = new NetlinkConnection(tr);
  const replies = await conn.request(requestWithTag(7));
  t.equal(replies.length, 1);
  t.equal(replies[0]!.type, REPLY_TYPE);
  t.equal(tagOf(replies[0]!), 7);
  const sent = tr.sent[0]!;
  t.equal(flagsOf(sent), NlmF.REQUEST | NlmF.ACK);
  t.not(seqOf(sent), 0, 'seq 0 is reserved for notifications');
  t.equal(conn.pendingCount, 0);
  conn.close();
});

t.test('a bare ACK resolves with no replies', async (t) => {
  const conn = new NetlinkConnection(new MemoryTransport({ peer: (r) => [ack(r)] }));
  t.same(await conn.request(requestWithTag(1)), []);
  conn.close();
});

t.test('without ack, the first non-multipart reply completes the request', async (t) => {
  const tr = new MemoryTransport({ peer: (r) => [reply(seqOf(r), 5)] });
  const conn = new NetlinkConnection(tr);
  const replies = await conn.request(requestWithTag(1), { ack: false });
  t.equal(tagOf(replies[0]!), 5);
  t.equal(flagsOf(tr.sent[0]!), NlmF.REQUEST);
  conn.close();
});

t.test(
  'socket defaults follow YNL: EXT_ACK, CAP_ACK; GET_STRICT_CHK on NETLINK_ROUTE only',
  async (t) => {
    const genl = new MemoryTransport({ protocol: NetlinkProtocol.GENERIC });
    new NetlinkConnection(genl).close();
    t.equal(genl.socketOptions.get(`${SOL_NETLINK}:${NetlinkSockOpt.EXT_ACK}`), 1);
    t.equal(genl.socketOptions.get(`${SOL_NETLINK}:${NetlinkSockOpt.CAP_ACK}`), 1);
    t.equal(genl.socketOptions.has(`${SOL_NETLINK}:${NetlinkSockOpt.GET_STRICT_CHK}`), false);
    const route = new MemoryTransport({ protocol: NetlinkProtocol.ROUTE });
    new NetlinkConnection(route).close();
    t.equal(route.socketOptions.get(`${SOL_NETLINK}:${NetlinkSockOpt.GET_STRICT_CHK}`), 1);
    const off = new MemoryTransport({ protocol: NetlinkProtocol.ROUTE });
    new NetlinkConnection(off, { extAck: false, strictCheck: false }).close();
    t.equal(off.socketOptions.has(`${SOL_NETLINK}:${NetlinkSockOpt.EXT_ACK}`), false);
    t.equal(off.socketOptions.has(`${SOL_NETLINK}:${NetlinkSockOpt.GET_STRICT_CHK}`), false);
  },
);

t.test('a kernel error rejects with NetlinkError naming the offending attribute', async (t) => {
  const peer = (req: Buffer) => [
    encodeErrorReply({
      error: -22,
      request: req,
      capped: true,
      extAck: { message: 'bad tag', offset: 20 },
    }),
  ];
  const conn = new NetlinkConnection(new MemoryTransport({ peer }));
  const request = new MessageBuilder()
    .beginMessage(0x10)
    .putHeader(new Uint8Array(4))
    .putU32(1, 1)
    .finish();
  const err = (await t.rejects(conn.request(request, { familyHeaderLength: 4 }))) as unknown;
  t.ok(err instanceof NetlinkError);
  const e = err as NetlinkError;
  t.equal(e.code, 'EINVAL');
  t.equal(e.kernelMessage, 'bad tag');
  t.same(e.attrPath, [1]);
  t.equal(e.inDump, false);
  conn.close();
});

t.test('requests in flight are demultiplexed by seq, whatever the answer order', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc
        .integer({ min: 1, max: 12 })
        .chain((n) => fc.shuffledSubarray([...Array(n).keys()], { minLength: n })),
      async (order) => {
        const tr = new MemoryTransport();
        const conn = new NetlinkConnection(tr);
        const results = order.map((_i, tag) => conn.request(requestWithTag(tag)));
        // Answer in the shuffled order, all in one batch of datagrams.
        for (const i of order) tr.deliver(reply(seqOf(tr.sent[i]!), i));
        for (const i of order) tr.deliver(ack(tr.sent[i]!));
        const got = await Promise.all(results);
        conn.close();
        return got.every((replies, tag) => replies.length === 1 && tagOf(replies[0]!) === tag);
      },
    ),
    { numRuns: 40 },
  );
});

t.test('a timed-out request rejects, and its late reply never reaches the next one', async (t) => {
  const tr = new MemoryTransport();
  const conn = new NetlinkConnection(tr);
  const first = conn.request(requestWithTag(1), { timeoutMs: 5 });
  const err = await t.rejects(first, TimeoutError);
  t.equal((err as unknown as TimeoutError).code, 'ETIMEDOUT');
  const lateSeq = seqOf(tr.sent[0]!);
  const second = conn.request(requestWithTag(2));
  tr.deliver(reply(lateSeq, 1)); // the first request's answer, too late
  tr.deliver(ack(tr.sent[0]!));
  tr.deliver(reply(seqOf(tr.sent[1]!), 2));
  tr.deliver(ack(tr.sent[1]!));
  const replies = await second;
  t.same(replies.map(tagOf), [2]);
  t.equal(conn.stats.lateDropped, 2);
  conn.close();
});

t.test(
  'an AbortSignal rejects the request with AbortError; a pre-aborted one never sends',
  async (t) => {
    const tr = new MemoryTransport();
    const conn = new NetlinkConnection(tr);
    const ac = new AbortController();
    const p = conn.request(requestWithTag(1), { signal: ac.signal });
    ac.abort();
    await t.rejects(p, AbortError);
    t.equal(conn.pendingCount, 0);
    await t.rejects(conn.request(requestWithTag(2), { signal: AbortSignal.abort() }), AbortError);
    t.equal(tr.sent.length, 1, 'nothing sent for the pre-aborted request');
    conn.close();
  },
);

t.test('close() rejects everything pending and later requests', async (t) => {
  const tr = new MemoryTransport();
  const conn = new NetlinkConnection(tr);
  const a = conn.request(requestWithTag(1));
  const b = conn.request(requestWithTag(2));
  const d = conn.dump(requestWithTag(3));
  conn.close();
  await t.rejects(a, ConnectionClosedError);
  await t.rejects(b, ConnectionClosedError);
  await t.rejects(
    (async () => {
      for await (const _ of d) {
      }
    })(),
    ConnectionClosedError,
  );
  await t.rejects(conn.request(requestWithTag(4)), ConnectionClosedError);
  t.equal(tr.closed, true);
});

t.test('the transport closing by itself also rejects pending requests', async (t) => {
  const tr = new MemoryTransport();
  const conn = new NetlinkConnection(tr);
  const a = conn.request(requestWithTag(1));
  tr.close();
  await t.rejects(a, ConnectionClosedError);
  t.equal(conn.isClosed, true);
});

t.test('a malformed datagram fails pending requests with NetlinkDecodeError', async (t) => {
  const tr = new MemoryTransport({ peer: () => [Buffer.from('ffff0000', 'hex')] });
  const conn = new NetlinkConnection(tr);
  await t.rejects(conn.request(requestWithTag(1)), NetlinkDecodeError);
  conn.close();
});

t.test('a malformed datagram goes to error listeners when there are some', async (t) => {
  const tr = new MemoryTransport();
  const conn = new NetlinkConnection(tr);
  const seen = new Promise<Error>((resolve) => conn.once('error', resolve));
  tr.deliver(Buffer.from('0500000000000000', 'hex'));
  t.ok((await seen) instanceof NetlinkDecodeError);
  conn.close();
});

t.test('a request shorter than nlmsghdr rejects with NetlinkEncodeError', async (t) => {
  const conn = new NetlinkConnection(new MemoryTransport());
  await t.rejects(conn.request(new Uint8Array(8)), NetlinkEncodeError);
  t.throws(() => conn.dump(new Uint8Array(8)), NetlinkEncodeError);
  conn.close();
});

t.test('send failures reject the request', async (t) => {
  const tr = new MemoryTransport({
    peer: () => {
      throw new Error('EPERM');
    },
  });
  const conn = new NetlinkConnection(tr);
  await t.rejects(conn.request(requestWithTag(1)), { message: 'EPERM' });
  t.equal(conn.pendingCount, 0);
  conn.close();
});
