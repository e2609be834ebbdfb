import fc from 'fast-check';
import t from 'tap';
import {
  type AttrNode,
  attrPathAtOffset,
  decodeAttrs,
  decodeDonePayload,
  decodeErrorPayload,
  encodeDone,
  encodeErrorReply,
  errnoName,
  MessageBuilder,
  NetlinkError,
  NlMsgType,
  NlmF,
  parseMessages,
  toNetlinkError,
} from '../../src/index.js';

// Captured from Linux 6.18: RTM_NEWLINK with a 2-byte IFLA_MTU, NETLINK_EXT_ACK + CAP_ACK on.
const KERNEL_REQUEST = Buffer.from(
  '28000000100005004e00000000000000000000000100000000000000000000000600040001020000',
  'hex',
);
const KERNEL_ERROR = Buffer.from(
  '78000000020000034e00000075780000deffffff28000000100005004e00000000000000270001004174747269' +
    '62757465206661696c656420706f6c6963792076616c69646174696f6e00000800020020000000240004800c' +
    '00040000000000000000000c000500ffffffff000000000800010004000000',
  'hex',
);

t.test(
  'a real kernel extended ACK decodes into a NetlinkError with the attribute path',
  async (t) => {
    const [msg] = parseMessages(KERNEL_ERROR);
    t.equal(msg!.type, NlMsgType.ERROR);
    t.equal(msg!.flags, NlmF.CAPPED | NlmF.ACK_TLVS);
    const decoded = decodeErrorPayload(msg!);
    t.equal(decoded.error, -34);
    t.equal(decoded.request.seq, 78);
    t.equal(decoded.requestPayload, undefined, 'capped');
    t.equal(decoded.extAck.message, 'Attribute failed policy validation');
    t.equal(decoded.extAck.offset, 32);
    t.ok(decoded.extAck.policy && decoded.extAck.policy.length > 0, 'policy present');
    const err = toNetlinkError(decoded, { request: KERNEL_REQUEST, familyHeaderLength: 16 });
    t.ok(err instanceof NetlinkError);
    t.ok(err instanceof Error);
    t.equal(err.errno, 34);
    t.equal(err.code, 'ERANGE');
    t.same(err.attrPath, [4], 'IFLA_MTU');
    t.match(err.message, /ERANGE.*policy validation.*\[4\]/);
  },
);

t.test('errno names come from the OS table', async (t) => {
  t.equal(errnoName(22), 'EINVAL');
  t.equal(errnoName(-2), 'ENOENT');
  t.equal(errnoName(105), 'ENOBUFS');
  t.equal(errnoName(524), 'ENOTSUPP');
  t.equal(errnoName(-95), 'EOPNOTSUPP', "Linux's name, not the ENOTSUP alias");
  t.equal(errnoName(11), 'EAGAIN');
  t.equal(errnoName(9999), 'E9999');
});

t.test('the attribute path walks nests down to the offending attribute', async (t) => {
  const b = new MessageBuilder().beginMessage(16).putHeader(new Uint8Array(16));
  b.putString(3, 'x');
  const linkinfo = b.beginNest(18);
  b.putString(1, 'veth');
  const offending = b.length;
  b.putU32(2, 7);
  b.endNest(linkinfo);
  const req = b.finish();
  t.same(attrPathAtOffset(req, offending, 16), [18, 2]);
  t.same(attrPathAtOffset(req, 32, 16), [3]);
  t.equal(attrPathAtOffset(req, 4, 16), undefined, 'inside the header');
  t.equal(attrPathAtOffset(req, 4000, 16), undefined, 'past the end');
});

const policyTree: fc.Arbitrary<AttrNode[]> = fc.array(
  fc.record({
    type: fc.integer({ min: 1, max: 12 }),
    data: fc.uint8Array({ minLength: 4, maxLength: 8 }),
  }),
  { maxLength: 3 },
);

const extAckArb = fc.record(
  {
    message: fc.string({ maxLength: 40 }).filter((s) => !s.includes('\0')),
    offset: fc.integer({ min: 0, max: 0xffffffff }),
    cookie: fc.uint8Array({ minLength: 1, maxLength: 20 }).map((u) => Buffer.from(u)),
    policy: policyTree,
    missingType: fc.integer({ min: 0, max: 0xffffffff }),
    missingNest: fc.integer({ min: 0, max: 0xffffffff }),
  },
  { requiredKeys: [] },
);

function plainPolicy(p: AttrNode[] | undefined): unknown {
  return p?.map((n) => ('nested' in n ? n : { type: n.type, data: [...n.data] }));
}

t.test('every combination of capped/uncapped, ERROR/DONE and present/absent TLVs', async (t) => {
  fc.assert(
    fc.property(
      extAckArb,
      fc.boolean(),
      fc.boolean(),
      fc.integer({ min: 1, max: 133 }),
      fc.uint8Array({ maxLength: 30 }),
      (ext, capped, onDone, errno, reqBody) => {
        const request = new MessageBuilder()
          .beginMessage(0x20, NlmF.REQUEST, 4242)
          .putBinary(1, reqBody)
          .finish();
        const bytes = onDone
          ? encodeDone({ seq: 4242, error: -errno, extAck: ext })
          : encodeErrorReply({ error: -errno, request, capped, extAck: ext });
        const [msg] = parseMessages(bytes);
        const decoded = onDone ? decodeDonePayload(msg!) : decodeErrorPayload(msg!);
        t.equal(decoded.error, -errno);
        if (!onDone) {
          const e = decodeErrorPayload(msg!);
          t.equal(e.request.seq, 4242);
          t.equal(e.requestPayload === undefined, capped);
          if (!capped) t.same([...e.requestPayload!], [...request.subarray(16)]);
        }
        const x = decoded.extAck;
        t.equal(x.message, ext.message);
        t.equal(x.offset, ext.offset);
        t.same(x.cookie && [...x.cookie], ext.cookie && [...ext.cookie]);
        t.same(plainPolicy(x.policy), plainPolicy(ext.policy));
        t.equal(x.missingType, ext.missingType);
        t.equal(x.missingNest, ext.missingNest);
        const err = toNetlinkError(decoded, { request, inDump: onDone });
        t.equal(err.code, errnoName(errno));
        t.equal(err.kernelMessage, ext.message);
        t.equal(err.inDump, onDone);
      },
    ),
    { numRuns: 400 },
  );
});

t.test('a success ACK is capped and has error 0', async (t) => {
  const request = new MessageBuilder().beginMessage(0x20, NlmF.REQUEST, 9).putU32(1, 1).finish();
  const [msg] = parseMessages(encodeErrorReply({ error: 0, request }));
  t.equal(msg!.flags & NlmF.CAPPED, NlmF.CAPPED);
  t.equal(decodeErrorPayload(msg!).error, 0);
  t.same(decodeAttrs(Buffer.alloc(0)), []);
});
