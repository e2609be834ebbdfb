import t from 'tap';
import {
  encodeErrorReply,
  formatDatagram,
  formatMessage,
  MemoryTransport,
  MessageBuilder,
  NetlinkConnection,
  NlmF,
  nldebugEnabled,
  parseMessages,
} from '../../src/index.js';

t.test('a message is shown with header fields, flag names and its attribute tree', async (t) => {
  const b = new MessageBuilder().beginMessage(0x10, NlmF.REQUEST | NlmF.DUMP, 9, 0);
  b.putHeader(Uint8Array.of(3, 1, 0, 0)); // a genl header: cmd 3, version 1
  b.putStringZ(2, 'nlctrl');
  const n = b.beginNest(6);
  b.putU32(1, 7).endNest(n);
  const text = formatMessage(parseMessages(b.finish())[0]!);
  t.match(text, /type=16 len=\d+ flags=REQUEST\|DUMP seq=9 pid=0/);
  t.match(text, /header: 03010000/);
  t.match(text, /\[2\] len=7 .*"nlctrl"/);
  t.match(text, /\[6\] nested:\n\s+\[1\] len=4 07000000 {2}\(u32 7\)/);
});

t.test('errors show errno name, kernel message and offset', async (t) => {
  const req = new MessageBuilder().beginMessage(0x10, NlmF.REQUEST, 5).putU32(1, 1).finish();
  const err = encodeErrorReply({
    error: -22,
    request: req,
    extAck: { message: 'nope', offset: 16 },
  });
  const text = formatDatagram(err, 'recv');
  t.match(text, /type=ERROR .*flags=ACK_TLVS seq=5/);
  t.match(text, /error=EINVAL \(-22\) for type=16 seq=5/);
  t.match(text, /msg: "nope"/);
  t.match(text, /offset: 16/);
});

t.test('malformed input is shown, not thrown', async (t) => {
  t.match(formatDatagram(Buffer.from('ff00000001'), 'x'), /malformed datagram/);
});

t.test('NLDEBUG turns the trace on', async (t) => {
  t.equal(nldebugEnabled({ NLDEBUG: '1' }), true);
  t.equal(nldebugEnabled({ NLDEBUG: '0' }), false);
  t.equal(nldebugEnabled({}), false);
  const saved = process.env.NLDEBUG;
  process.env.NLDEBUG = '1';
  t.teardown(() => {
    if (saved === undefined) delete process.env.NLDEBUG;
    else process.env.NLDEBUG = saved;
  });
  const out: string[] = [];
  const tr = new MemoryTransport({ peer: (r) => [encodeErrorReply({ error: 0, request: r })] });
  const conn = new NetlinkConnection(tr, { debugWrite: (s) => out.push(s) });
  await conn.request(new MessageBuilder().beginMessage(0x10).putU32(1, 1).finish());
  conn.close();
  t.equal(out.length, 2);
  t.match(out[0], /^nl send proto=16/);
  t.match(out[0], /flags=REQUEST\|ACK seq=1/);
  t.match(out[1], /^nl recv proto=16 port=0/);
  t.match(out[1], /ack for type=16 seq=1/);
});

t.test('without NLDEBUG nothing is printed', async (t) => {
  const saved = process.env.NLDEBUG;
  delete process.env.NLDEBUG;
  t.teardown(() => {
    if (saved !== undefined) process.env.NLDEBUG = saved;
  });
  const out: string[] = [];
  const tr = new MemoryTransport({ peer: (r) => [encodeErrorReply({ error: 0, request: r })] });
  const conn = new NetlinkConnection(tr, { debugWrite: (s) => out.push(s) });
  await conn.request(new MessageBuilder().beginMessage(0x10).finish());
  conn.close();
  t.same(out, []);
});
