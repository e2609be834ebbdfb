import t from 'tap';
import {
  encodeDone,
  encodeErrorReply,
  MemoryTransport,
  MessageBuilder,
  NetlinkConnection,
  NlmF,
  type RecordedExchange,
  ReplayMismatchError,
  recordExchanges,
} from '../../src/index.js';

const request = (tag: number) => new MessageBuilder().beginMessage(0x10).putU32(1, tag).finish();
const reply = (seq: number, tag: number, flags = 0) =>
  new MessageBuilder()
    .beginMessage(0x20, flags, seq)
    .putU32(1, tag * 10)
    .finish();

/** A peer standing in for the kernel while we record. */
function livePeer(req: Buffer): Buffer[] {
  const seq = req.readUInt32LE(8);
  const tag = req.readUInt32LE(20);
  if (req.readUInt16LE(6) & NlmF.DUMP) {
    return [reply(seq, tag, NlmF.MULTI), reply(seq, tag + 1, NlmF.MULTI), encodeDone({ seq })];
  }
  return [reply(seq, tag), encodeErrorReply({ error: 0, request: req })];
}

async function session(conn: NetlinkConnection) {
  const a = await conn.request(request(1));
  const d = await conn.dumpAll(request(2));
  return [...a, ...d.messages].map((m) => m.payload.readUInt32LE(4));
}

t.test('a recorded exchange replays offline, with whatever seq the engine picks', async (t) => {
  const live = new MemoryTransport({ peer: livePeer });
  const rec = recordExchanges(live);
  const liveConn = new NetlinkConnection(live);
  const expected = await session(liveConn);
  liveConn.close();
  const exchanges: RecordedExchange[] = JSON.parse(JSON.stringify(rec.exchanges()));
  t.equal(exchanges.length, 2);
  t.equal(exchanges[1]!.replies.length, 3);

  const replay = new MemoryTransport({ replay: exchanges });
  // Start elsewhere so the replay's seqs differ from the recording's.
  const conn = new NetlinkConnection(replay, { initialSeq: 1000 });
  t.same(await session(conn), expected);
  conn.close();
});

t.test('a request that differs from the recording fails with ReplayMismatchError', async (t) => {
  const live = new MemoryTransport({ peer: livePeer });
  const rec = recordExchanges(live);
  const liveConn = new NetlinkConnection(live);
  await liveConn.request(request(1));
  liveConn.close();
  const conn = new NetlinkConnection(new MemoryTransport({ replay: rec.exchanges() }));
  await t.rejects(conn.request(request(2)), ReplayMismatchError);
  await t.rejects(conn.request(request(1)), ReplayMismatchError, 'nothing left to replay');
  conn.close();
});
