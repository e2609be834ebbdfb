import t from 'tap';
import {
  encodeDone,
  MemoryTransport,
  NetlinkConnection,
  NetlinkError,
  NlmF,
  type Peer,
} from '../../src/index.js';
import {
  dumpReplies,
  flagsOf,
  REPLY_TYPE,
  reply,
  requestWithTag,
  seqOf,
  tagOf,
} from './fixtures/peer.js';

const tags = (n: number) => [...Array(n).keys()];

t.test('a dump yields every message in order and ends at NLMSG_DONE', async (t) => {
  const tr = new MemoryTransport({ peer: (r) => dumpReplies(r, tags(5)) });
  const conn = new NetlinkConnection(tr);
  const stream = conn.dump(requestWithTag(0));
  const got: number[] = [];
  for await (const m of stream) {
    t.equal(m.type, REPLY_TYPE);
    got.push(tagOf(m));
  }
  t.same(got, tags(5));
  t.equal(stream.interrupted, false);
  t.equal(flagsOf(tr.sent[0]!) & NlmF.DUMP, NlmF.DUMP);
  t.equal(flagsOf(tr.sent[0]!) & NlmF.ACK, 0, 'dumps end with DONE, no ACK asked');
  t.equal(conn.pendingCount, 0);
  conn.close();
});

t.test(
  'a slow consumer pauses the transport at the high-water mark, then resumes it',
  async (t) => {
    const tr = new MemoryTransport({ peer: (r) => dumpReplies(r, tags(20)) });
    const conn = new NetlinkConnection(tr, { dumpHighWaterMark: 4 });
    const stream = conn.dump(requestWithTag(0));
    const it = stream[Symbol.asyncIterator]();
    // Take one message, then stop reading until the engine has paused the transport.
    t.equal(tagOf((await it.next()).value), 0);
    while (!tr.paused) await new Promise((r) => setImmediate(r));
    t.ok(tr.queued > 0, 'the rest waits in the (kernel) queue, not in memory');
    const got = [0];
    for (;;) {
      const r = await it.next();
      if (r.done) break;
      got.push(tagOf(r.value));
    }
    t.same(got, tags(20));
    t.equal(tr.paused, false, 'resumed after draining');
    conn.close();
  },
);

t.test('breaking out of a dump drops its remaining messages by seq', async (t) => {
  const tr = new MemoryTransport({ peer: (r) => dumpReplies(r, tags(10)) });
  const conn = new NetlinkConnection(tr, { dumpHighWaterMark: 2 });
  for await (const m of conn.dump(requestWithTag(0))) {
    if (tagOf(m) === 1) break;
  }
  t.equal(conn.pendingCount, 0);
  t.equal(tr.paused, false, 'a cancelled dump releases its pause');
  while (tr.queued > 0) await new Promise((r) => setImmediate(r));
  t.ok(conn.stats.lateDropped > 0, 'leftover dump messages were dropped by seq');
  conn.close();
});

t.test('a dump error on NLMSG_DONE rejects with NetlinkError marked inDump', async (t) => {
  const peer: Peer = (r) => [
    reply(seqOf(r), 1, NlmF.MULTI),
    encodeDone({ seq: seqOf(r), error: -16, extAck: { message: 'busy' } }),
  ];
  const conn = new NetlinkConnection(new MemoryTransport({ peer }));
  const got: number[] = [];
  const err = await (async () => {
    try {
      for await (const m of conn.dump(requestWithTag(0))) got.push(tagOf(m));
    } catch (e) {
      return e;
    }
  })();
  t.same(got, [1], 'data before the error is delivered');
  t.ok(err instanceof NetlinkError);
  t.equal((err as NetlinkError).code, 'EBUSY');
  t.equal((err as NetlinkError).kernelMessage, 'busy');
  t.equal((err as NetlinkError).inDump, true);
  conn.close();
});

/** A peer whose first `interruptedRuns` dumps carry NLM_F_DUMP_INTR. */
function flakyDumpPeer(interruptedRuns: number): Peer {
  let run = 0;
  return (r) => {
    const flags = run++ < interruptedRuns ? NlmF.DUMP_INTR : 0;
    return dumpReplies(r, tags(3), flags);
  };
}

t.test('NLM_F_DUMP_INTR is surfaced with the partial data when not retried', async (t) => {
  const conn = new NetlinkConnection(new MemoryTransport({ peer: flakyDumpPeer(1) }));
  const r = await conn.dumpAll(requestWithTag(0));
  t.equal(r.interrupted, true);
  t.equal(r.attempts, 1);
  t.same(r.messages.map(tagOf), tags(3));
  conn.close();
});

t.test('dumpAll retries an interrupted dump up to the bound', async (t) => {
  const tr = new MemoryTransport({ peer: flakyDumpPeer(2) });
  const conn = new NetlinkConnection(tr);
  const ok = await conn.dumpAll(requestWithTag(0), { retries: 3 });
  t.same(
    { interrupted: ok.interrupted, attempts: ok.attempts },
    { interrupted: false, attempts: 3 },
  );
  t.same(ok.messages.map(tagOf), tags(3), 'only the consistent attempt is returned');
  const tr2 = new MemoryTransport({ peer: flakyDumpPeer(10) });
  const conn2 = new NetlinkConnection(tr2);
  const bad = await conn2.dumpAll(requestWithTag(0), { retries: 2 });
  t.same(
    { interrupted: bad.interrupted, attempts: bad.attempts },
    { interrupted: true, attempts: 3 },
  );
  t.equal(tr2.sent.length, 3);
  conn.close();
  conn2.close();
});

t.test('a dump that goes silent times out', async (t) => {
  const conn = new NetlinkConnection(
    new MemoryTransport({ peer: (r) => [reply(seqOf(r), 1, NlmF.MULTI)] }),
  );
  const got: number[] = [];
  await t.rejects(
    (async () => {
      for await (const m of conn.dump(requestWithTag(0), { timeoutMs: 100 })) got.push(tagOf(m));
    })(),
    { code: 'ETIMEDOUT' },
  );
  t.same(got, [1]);
  conn.close();
});

t.test('two dumps in flight are kept apart', async (t) => {
  const tr = new MemoryTransport();
  const conn = new NetlinkConnection(tr);
  const a = conn.dumpAll(requestWithTag(0));
  const b = conn.dumpAll(requestWithTag(0));
  const [ra, rb] = tr.sent.map((s) => dumpReplies(s, [seqOf(s) * 100, seqOf(s) * 100 + 1]));
  for (let i = 0; i < ra!.length; i++) {
    tr.deliver(rb![i]!);
    tr.deliver(ra![i]!);
  }
  const [da, db] = await Promise.all([a, b]);
  const sa = seqOf(tr.sent[0]!);
  const sb = seqOf(tr.sent[1]!);
  t.same(da.messages.map(tagOf), [sa * 100, sa * 100 + 1]);
  t.same(db.messages.map(tagOf), [sb * 100, sb * 100 + 1]);
  conn.close();
});
