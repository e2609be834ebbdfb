import { once } from 'node:events';
import t from 'tap';
import {
  type Datagram,
  MemoryTransport,
  NetlinkConnection,
  NetlinkError,
  type NetlinkMessage,
  NlMsgType,
  NlmF,
  ReplyLostError,
} from '../../src/index.js';
import { ack, dumpReplies, flagsOf, requestWithTag, seqOf, tagOf } from './fixtures/peer.js';

const LOST_MESSAGE = 'reply lost in a socket overrun; the request may or may not have taken effect';
/** No timer at all: a request the probe failed to settle would hang the test, not pass it. */
const NO_TIMEOUT = { timeoutMs: Number.POSITIVE_INFINITY };

const typeOf = (datagram: Buffer): number => datagram.readUInt16LE(4);
const probesIn = (tr: MemoryTransport): Buffer[] =>
  tr.sent.filter((d) => typeOf(d) === NlMsgType.NOOP);

/** A peer that answers the tags in `answered` at once and keeps the others for `later`. */
function selectivePeer(answered: Set<number>) {
  const held = new Map<number, Buffer>();
  const peer = (req: Buffer): Buffer[] => {
    const tag = req.readUInt32LE(20);
    if (answered.has(tag)) return [ack(req)];
    held.set(tag, req);
    return [];
  };
  return { peer, held };
}

t.test(
  'a request whose ACK the kernel dropped is rejected once the probe is answered',
  async (t) => {
    const tr = new MemoryTransport({ peer: () => [] }); // the ACK is lost
    const conn = new NetlinkConnection(tr);
    const pending = conn.request(requestWithTag(1), NO_TIMEOUT);
    tr.injectOverrun();
    const err = await pending.then(
      () => t.fail('must not resolve'),
      (e: unknown) => e,
    );
    t.ok(err instanceof ReplyLostError, 'typed ReplyLostError');
    t.ok(err instanceof NetlinkError, 'a NetlinkError, so errno handlers see it');
    const lost = err as ReplyLostError;
    t.equal(lost.errno, 105);
    t.equal(lost.code, 'ENOBUFS');
    t.equal(lost.seq, seqOf(tr.sent[0]!));
    t.equal(lost.requestType, 0x10);
    t.match(lost.message, LOST_MESSAGE);
    const [probe] = probesIn(tr);
    t.ok(probe, 'a probe was sent');
    t.equal(flagsOf(probe!), NlmF.REQUEST | NlmF.ACK);
    t.equal(probe!.length, 16, 'a bare nlmsghdr');
    t.same(conn.stats.overrunProbes, 1);
    t.same(conn.stats.repliesLost, 1);
    t.equal(conn.pendingCount, 0, 'the probe itself is not counted as pending once answered');
    conn.close();
  },
);

t.test(
  'replies delivered before the overrun, or queued ahead of the drain, are kept',
  async (t) => {
    const { peer, held } = selectivePeer(new Set([1]));
    const tr = new MemoryTransport({ peer });
    const conn = new NetlinkConnection(tr);
    t.same(await conn.request(requestWithTag(1), NO_TIMEOUT), [], 'answered before the overrun');
    const late = conn.request(requestWithTag(2), NO_TIMEOUT);
    const drained = once(tr, 'drained');
    tr.injectOverrun();
    tr.deliver(ack(held.get(2)!)); // queued behind the overrun report, read before the drain
    t.same(await late, [], 'its ACK was not lost: it resolves');
    await drained;
    t.equal(probesIn(tr).length, 0, 'nothing left waiting: no probe needed');
    t.same(conn.stats.repliesLost, 0);
    conn.close();
  },
);

t.test(
  'several requests in flight: only those sent before the probe and unanswered fail',
  async (t) => {
    const { peer, held } = selectivePeer(new Set([2]));
    const tr = new MemoryTransport({ peer });
    const conn = new NetlinkConnection(tr);
    const settle = (p: Promise<NetlinkMessage[]>) =>
      p.then(
        () => 'resolved',
        (e: unknown) => (e instanceof ReplyLostError ? 'lost' : String(e)),
      );
    const a = settle(conn.request(requestWithTag(1), NO_TIMEOUT)); // ACK dropped
    const b = settle(conn.request(requestWithTag(2), NO_TIMEOUT)); // answered at once
    const c = settle(conn.request(requestWithTag(3), NO_TIMEOUT)); // answered after the overrun
    const d = settle(conn.request(requestWithTag(4), NO_TIMEOUT)); // ACK dropped
    let e: Promise<string> | undefined;
    // A request sent after the probe (before its ACK is read) is not covered by it.
    tr.once('drained', () => {
      e = settle(conn.request(requestWithTag(5), NO_TIMEOUT));
    });
    tr.injectOverrun();
    tr.deliver(ack(held.get(3)!));
    t.same(await Promise.all([a, b, c, d]), ['lost', 'resolved', 'resolved', 'lost']);
    t.ok(e, 'request 5 went out after the probe');
    t.equal(conn.pendingCount, 1, 'request 5 still waits');
    tr.deliver(ack(held.get(5)!));
    t.equal(await e, 'resolved');
    t.same(conn.stats.repliesLost, 2);
    conn.close();
  },
);

t.test('a dump that already streams is left alone; a dump that heard nothing fails', async (t) => {
  const tr = new MemoryTransport({ peer: () => [] });
  const conn = new NetlinkConnection(tr);
  const streaming = conn.dump(requestWithTag(1, 0x12), NO_TIMEOUT);
  const parts = dumpReplies(tr.sent[0]!, [10, 11, 12]);
  tr.deliver(parts[0]!);
  const it = streaming[Symbol.asyncIterator]();
  t.equal(tagOf((await it.next()).value as NetlinkMessage), 10);
  const silent = conn.dump(requestWithTag(2, 0x12), NO_TIMEOUT); // its start error was dropped
  const silentResult = (async () => {
    for await (const _ of silent) t.fail('no message expected');
  })().catch((e: unknown) => e);
  tr.injectOverrun();
  const err = await silentResult;
  t.ok(err instanceof ReplyLostError, 'the silent dump fails with ReplyLostError');
  t.equal((err as ReplyLostError).seq, seqOf(tr.sent[1]!));
  t.equal(streaming.done, false, 'the streaming dump is still running');
  for (const p of parts.slice(1)) tr.deliver(p);
  const rest: number[] = [];
  for (let r = await it.next(); !r.done; r = await it.next()) rest.push(tagOf(r.value));
  t.same(rest, [11, 12], 'and completes with every part');
  conn.close();
});

/** Loses the ACK of the first `n` probes, as a kernel whose queue overflows again would. */
class LossyProbeTransport extends MemoryTransport {
  constructor(private probeAcksToLose: number) {
    super({ peer: () => [] });
  }
  override deliver(d: Buffer | Datagram): void {
    const data = Buffer.isBuffer(d) ? d : d.data;
    const answersProbe = probesIn(this).some((p) => seqOf(p) === seqOf(data));
    if (answersProbe && this.probeAcksToLose > 0) {
      this.probeAcksToLose--;
      return;
    }
    super.deliver(d);
  }
}

t.test('a lost probe is replaced by a new one at the next overrun', async (t) => {
  const tr = new LossyProbeTransport(1);
  const conn = new NetlinkConnection(tr);
  const pending = conn.request(requestWithTag(1), NO_TIMEOUT);
  let rejected = false;
  pending.catch(() => {
    rejected = true;
  });
  tr.injectOverrun();
  await once(tr, 'drained');
  await new Promise((r) => setImmediate(r));
  t.equal(probesIn(tr).length, 1, 'first probe sent');
  t.equal(rejected, false, 'its ACK was lost: nothing proven yet');
  t.equal(conn.pendingCount, 1);
  tr.injectOverrun();
  await t.rejects(pending, ReplyLostError);
  t.equal(probesIn(tr).length, 2, 'probed again');
  t.not(seqOf(probesIn(tr)[0]!), seqOf(probesIn(tr)[1]!));
  conn.close();
});

t.test('overrunProbe: false keeps the old behaviour (the timeout decides)', async (t) => {
  const tr = new MemoryTransport({ peer: () => [] });
  const conn = new NetlinkConnection(tr, { overrunProbe: false });
  const pending = conn.request(requestWithTag(1), NO_TIMEOUT);
  tr.injectOverrun();
  await once(tr, 'drained');
  await new Promise((r) => setImmediate(r));
  t.equal(probesIn(tr).length, 0);
  t.equal(conn.pendingCount, 1);
  conn.close();
  await t.rejects(pending, { name: 'ConnectionClosedError' });
});

t.test(
  'the in-memory transport acks control messages itself, as netlink_rcv_skb does',
  async (t) => {
    let peerCalls = 0;
    const tr = new MemoryTransport({
      peer: () => {
        peerCalls++;
        return [];
      },
    });
    const probe = Buffer.alloc(16);
    probe.writeUInt32LE(16, 0);
    probe.writeUInt16LE(NlMsgType.NOOP, 4);
    probe.writeUInt16LE(NlmF.REQUEST | NlmF.ACK, 6);
    probe.writeUInt32LE(77, 8);
    const got = once(tr, 'datagram');
    tr.send(probe);
    const [d] = (await got) as [Datagram];
    t.equal(typeOf(d.data), NlMsgType.ERROR);
    t.equal(seqOf(d.data), 77);
    t.equal(d.data.readInt32LE(16), 0, 'error 0: an ACK');
    t.equal(peerCalls, 0, 'the family peer never sees it');
    tr.close();
  },
);
