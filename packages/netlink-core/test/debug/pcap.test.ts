import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import {
  encodeErrorReply,
  LINKTYPE_NETLINK,
  MemoryTransport,
  MessageBuilder,
  NetlinkConnection,
  NetlinkProtocol,
  PcapWriter,
} from '../../src/index.js';

t.test('pcap global header and records follow the LINKTYPE_NETLINK layout', async (t) => {
  const { writer, bytes } = PcapWriter.inMemory();
  writer.write(Uint8Array.of(1, 2, 3, 4), 'send', NetlinkProtocol.GENERIC, 1_500);
  writer.write(Uint8Array.of(5), 'recv', NetlinkProtocol.ROUTE, 2_000);
  const b = bytes();
  t.equal(b.readUInt32LE(0), 0xa1b2c3d4);
  t.equal(b.readUInt16LE(4), 2);
  t.equal(b.readUInt16LE(6), 4);
  t.equal(b.readUInt32LE(20), LINKTYPE_NETLINK);
  t.equal(LINKTYPE_NETLINK, 253);
  // record 1: ts 1 s 500000 us, lengths include the 16-byte cooked header
  t.same(
    [b.readUInt32LE(24), b.readUInt32LE(28), b.readUInt32LE(32), b.readUInt32LE(36)],
    [1, 500000, 20, 20],
  );
  t.equal(b.subarray(40, 56).toString('hex'), `00040338${'00'.repeat(10)}0010`);
  t.equal(b.subarray(56, 60).toString('hex'), '01020304');
  t.equal(b.subarray(76, 92).toString('hex'), `00000338${'00'.repeat(10)}0000`);
  t.equal(b.length, 24 + (16 + 20) + (16 + 17));
});

function hasTshark(): boolean {
  try {
    execFileSync('tshark', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

t.test(
  'tshark decodes a recorded connection',
  { skip: hasTshark() ? false : 'tshark is not installed (apt-get install -y tshark)' },
  async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'nl-pcap-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'trace.pcap');
    const pcap = PcapWriter.open(file);
    const tr = new MemoryTransport({
      protocol: NetlinkProtocol.ROUTE,
      peer: (r) => [encodeErrorReply({ error: -22, request: r, extAck: { message: 'bad mtu' } })],
    });
    const conn = new NetlinkConnection(tr, { pcap });
    // RTM_NEWLINK (16) with ifinfomsg and IFLA_MTU (4)
    const req = new MessageBuilder()
      .beginMessage(16)
      .putHeader(new Uint8Array(16))
      .putU32(4, 1500)
      .finish();
    await t.rejects(conn.request(req), { code: 'EINVAL' });
    conn.close();
    pcap.close();
    t.ok(readFileSync(file).length > 24);
    const fields = execFileSync(
      'tshark',
      [
        '-r',
        file,
        '-T',
        'fields',
        '-e',
        'netlink.hdr_seq',
        '-e',
        'netlink.error',
        '-E',
        'separator=;',
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    );
    const rows = fields.trim().split('\n');
    t.equal(rows.length, 2, 'two frames');
    t.match(rows[0], /^1;$/, 'the request, seq 1');
    t.match(rows[1], /^1(,1)*;-22$/, 'the error for seq 1: -EINVAL');
    const verbose = execFileSync('tshark', ['-r', file, '-V'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    t.match(verbose, /Linux netlink \(cooked header\)/);
    t.match(verbose, /Family: Route/);
    t.match(verbose, /Attribute: MTU: 1500/, 'rtnetlink attributes are dissected');
    t.match(verbose, /Flags: 0x0005/, 'REQUEST|ACK as sent');
  },
);
