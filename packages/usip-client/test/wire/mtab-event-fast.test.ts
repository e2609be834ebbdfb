// The direct path for change records (src/wire/mtab-event-fast.ts) against the general one
// (usip-genl's decodeUsipNotification, then toEvent): on any payload, either the fast path
// declines (undefined) or both make the same event, property for property and in the same order.
import { deepStrictEqual } from 'node:assert/strict';
import fc from 'fast-check';
import t from 'tap';
import {
  ChangeAttr,
  Cmd,
  decodeMtabGetReply,
  decodeUsipNotification,
  EventTypeValue,
  MountAttr,
  NotifyActionValue,
  UsipAttr,
} from '../../src/wire/bindings.js';
import { toDumpEntry, toEvent } from '../../src/wire/convert.js';
import { fastMtabEvent, fastMtabGetReply } from '../../src/wire/mtab-event-fast.js';

interface WireAttr {
  type: number;
  flags: number;
  value: Uint8Array | WireAttr[];
}
const NLA_F_NESTED = 0x8000;
const NLA_F_NET_BYTEORDER = 0x4000;

function encodeWire(attrs: readonly WireAttr[]): Buffer {
  const parts: Buffer[] = [];
  for (const a of attrs) {
    const value = Array.isArray(a.value) ? encodeWire(a.value) : Buffer.from(a.value);
    const header = Buffer.alloc(4);
    header.writeUInt16LE(4 + value.length, 0);
    header.writeUInt16LE(a.type | a.flags, 2);
    parts.push(header, value, Buffer.alloc((4 - (value.length % 4)) % 4));
  }
  return Buffer.concat(parts);
}

const le = (size: number, n: number | bigint) => {
  const b = Buffer.alloc(size);
  if (size === 8) b.writeBigUInt64LE(BigInt(n));
  else if (size === 4) b.writeUInt32LE(Number(n));
  else b.writeUInt8(Number(n));
  return b;
};

/** Mostly the right size and a plausible value; now and then the wrong size or a flag. */
function scalar(
  size: number,
  values: fc.Arbitrary<number | bigint>,
): fc.Arbitrary<WireAttr['value']> {
  return fc.oneof(
    { arbitrary: values.map((v) => le(size, v)), weight: 300 },
    { arbitrary: fc.uint8Array({ maxLength: 9 }), weight: 1 },
  );
}
const u32s = fc.oneof(fc.integer({ min: 0, max: 20 }), fc.nat({ max: 0xffffffff }));
const actions = fc.oneof(
  { arbitrary: fc.constantFrom(NotifyActionValue.MOUNT, NotifyActionValue.UMOUNT), weight: 6 },
  fc.integer({ min: 0, max: 9 }),
);
const u64s = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
const text = fc.oneof(
  fc.string({ maxLength: 20 }).map((s) => Buffer.from(`${s}\0`)),
  fc.string({ maxLength: 80 }).map((s) => Buffer.from(s)),
  fc.constantFrom('/', 'tmpfs', 'rw,relatime', '').map((s) => Buffer.from(`${s}\0`)),
  fc.uint8Array({ maxLength: 12 }),
);
/** An attribute's flags: mostly none, sometimes NESTED (harmless), rarely NET_BYTEORDER. */
const flags = fc.oneof(
  { arbitrary: fc.constant(0), weight: 400 },
  { arbitrary: fc.constant(NLA_F_NESTED), weight: 40 },
  { arbitrary: fc.constant(NLA_F_NET_BYTEORDER), weight: 1 },
);
const attr = (type: number, value: fc.Arbitrary<WireAttr['value']>) =>
  fc.record({ type: fc.constant(type), flags, value });

/** A block: each candidate present or not, sometimes twice, plus a stray number, shuffled. */
function block(candidates: fc.Arbitrary<WireAttr>[], strayMax: number): fc.Arbitrary<WireAttr[]> {
  const picked = candidates.map((c) =>
    fc.oneof(
      { arbitrary: c.map((a) => [a]), weight: 60 },
      { arbitrary: fc.constant([] as WireAttr[]), weight: 1 },
      { arbitrary: fc.tuple(c, c), weight: 1 },
    ),
  );
  const stray = fc.oneof(
    { arbitrary: fc.constant([] as WireAttr[]), weight: 30 },
    attr(strayMax, fc.uint8Array({ maxLength: 8 })).chain((a) =>
      fc.nat({ max: strayMax + 4 }).map((type) => [{ ...a, type }]),
    ),
  );
  return fc.tuple(fc.tuple(...picked), stray).chain(([lists, extra]) => {
    const all = [...lists.flat(), ...extra];
    // Mostly every attribute drawn, in any order; now and then only some of them.
    return fc.oneof(
      { arbitrary: fc.shuffledSubarray(all, { minLength: all.length }), weight: 30 },
      fc.shuffledSubarray(all),
    );
  });
}

const mountBlock = block(
  [
    ...[
      MountAttr.ID,
      MountAttr.PARENT_ID,
      MountAttr.DEV_MAJOR,
      MountAttr.DEV_MINOR,
      MountAttr.FLAGS,
    ].map((type) => attr(type, scalar(4, u32s))),
    ...[MountAttr.SHARED_GROUP, MountAttr.MASTER_GROUP, MountAttr.PROPAGATE_FROM].map((type) =>
      attr(type, scalar(4, u32s)),
    ),
    ...[
      MountAttr.ROOT,
      MountAttr.MOUNT_POINT,
      MountAttr.FS_TYPE,
      MountAttr.SOURCE,
      MountAttr.MOUNT_OPTIONS,
      MountAttr.SUPER_OPTIONS,
    ].map((type) => attr(type, text)),
  ],
  16,
);
const changeBlock = block(
  [
    attr(ChangeAttr.SEQ, scalar(8, u64s)),
    attr(ChangeAttr.ACTION, scalar(4, actions)),
    attr(ChangeAttr.MOUNT, mountBlock),
    attr(ChangeAttr.PAD, fc.uint8Array({ maxLength: 4 })),
  ],
  6,
);
const notification = block(
  [
    attr(
      UsipAttr.EVENT_TYPE,
      scalar(4, fc.oneof({ arbitrary: fc.constant(EventTypeValue.MTAB), weight: 8 }, fc.nat(3))),
    ),
    attr(UsipAttr.EVENT_ACTION, scalar(4, actions)),
    attr(UsipAttr.EVENT_CMD, scalar(1, fc.nat(255))),
    attr(UsipAttr.EVENT_GROUP, scalar(4, u32s)),
    attr(UsipAttr.EVENT_ID, scalar(4, u32s)),
    attr(UsipAttr.EVENT_TIME, scalar(8, u64s)),
    attr(UsipAttr.PAD, fc.uint8Array({ maxLength: 4 })),
    attr(UsipAttr.CHANGE, changeBlock),
  ],
  40,
);
const commands = fc.oneof(
  { arbitrary: fc.constant(Cmd.MTAB_NOTIFY), weight: 12 },
  fc.constantFrom(Cmd.STORAGE_NOTIFY, Cmd.LOST_EVENTS),
  fc.nat(255),
);
/** Now and then the encoded payload is cut short or has a byte changed. */
const damage = fc.oneof(
  { arbitrary: fc.constant((b: Buffer) => b), weight: 30 },
  fc.nat().map((n) => (b: Buffer) => b.subarray(0, n % (b.length + 1))),
  fc.tuple(fc.nat(), fc.nat(255)).map(([at, byte]) => (b: Buffer) => {
    const c = Buffer.from(b);
    if (c.length > 0) c[at % c.length] = byte;
    return c;
  }),
);
const payloads = fc
  .tuple(commands, notification, damage)
  .map(([cmd, attrs, hurt]) =>
    hurt(Buffer.concat([Buffer.from([cmd, 2, 0, 0]), encodeWire(attrs)])),
  );

/** Property names in order, recursively: the fast path builds objects in the same order too. */
function shape(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return typeof v;
  return Object.entries(v).map(([k, x]) => [k, shape(x)]);
}

function general(payload: Buffer) {
  try {
    return { value: toEvent(decodeUsipNotification(payload)) };
  } catch (error) {
    return { error };
  }
}

/**
 * Runs `fast` and `general` on 20,000 payloads: the fast path either declines or makes exactly
 * (values and property order) what the general path makes without an error. Returns how often
 * each happened, and how often `special` said a fast result was a notable case.
 */
function compareOnPayloads<F>(
  arbitrary: fc.Arbitrary<Buffer>,
  fast: (payload: Buffer) => F | undefined,
  general: (payload: Buffer) => { value: unknown } | { error: unknown },
  special: (value: F) => boolean,
) {
  const seen = { fast: 0, declinedValue: 0, declinedError: 0, special: 0 };
  fc.assert(
    fc.property(arbitrary, (payload) => {
      const quick = fast(payload);
      const slow = general(payload);
      if (quick === undefined) {
        if ('error' in slow) seen.declinedError++;
        else seen.declinedValue++;
        return;
      }
      seen.fast++;
      if (special(quick)) seen.special++;
      deepStrictEqual('error' in slow ? slow.error : undefined, undefined);
      const value = (slow as { value: unknown }).value;
      deepStrictEqual(quick, value);
      deepStrictEqual(shape(quick), shape(value));
    }),
    { numRuns: 20_000 },
  );
  return seen;
}

t.test('on any payload: declines, or makes the event the general path makes', async (t) => {
  const seen = compareOnPayloads(
    payloads,
    fastMtabEvent,
    general,
    (event) => event.change?.action === 'umount' && !('root' in event.change.mount),
  );
  t.comment(JSON.stringify(seen));
  // The property must not hold by declining everything, nor by meeting only errors.
  t.ok(seen.fast > 2_000, 'the fast path took many payloads');
  t.ok(seen.declinedError > 1_000, 'many payloads were errors for the general path');
  t.ok(seen.special > 10, 'detached umount records were among them');
});

t.test('a record as the module sends it takes the fast path', async (t) => {
  const mount = [
    { type: MountAttr.ID, flags: 0, value: le(4, 321) },
    { type: MountAttr.PARENT_ID, flags: 0, value: le(4, 21) },
    { type: MountAttr.DEV_MAJOR, flags: 0, value: le(4, 0) },
    { type: MountAttr.DEV_MINOR, flags: 0, value: le(4, 77) },
    { type: MountAttr.ROOT, flags: 0, value: Buffer.from('/\0') },
    { type: MountAttr.MOUNT_POINT, flags: 0, value: Buffer.from('/tmp/x y\0') },
    { type: MountAttr.FS_TYPE, flags: 0, value: Buffer.from('tmpfs\0') },
    { type: MountAttr.SOURCE, flags: 0, value: Buffer.from('none\0') },
    { type: MountAttr.MOUNT_OPTIONS, flags: 0, value: Buffer.from('rw,relatime\0') },
    { type: MountAttr.SUPER_OPTIONS, flags: 0, value: Buffer.from('rw\0') },
    { type: MountAttr.FLAGS, flags: 0, value: le(4, 0) },
    { type: MountAttr.SHARED_GROUP, flags: 0, value: le(4, 5) },
  ];
  const attrs: WireAttr[] = [
    { type: UsipAttr.EVENT_TYPE, flags: 0, value: le(4, EventTypeValue.MTAB) },
    { type: UsipAttr.EVENT_GROUP, flags: 0, value: le(4, 4026531841) },
    { type: UsipAttr.EVENT_ID, flags: 0, value: le(4, 3) },
    { type: UsipAttr.EVENT_ACTION, flags: 0, value: le(4, NotifyActionValue.MOUNT) },
    { type: UsipAttr.EVENT_CMD, flags: 0, value: le(1, 0) },
    { type: UsipAttr.EVENT_TIME, flags: 0, value: le(8, 1_700_000_000_123_456_789n) },
    {
      type: UsipAttr.CHANGE,
      flags: NLA_F_NESTED,
      value: [
        { type: ChangeAttr.SEQ, flags: 0, value: le(8, (1n << 60n) + 7n) },
        { type: ChangeAttr.ACTION, flags: 0, value: le(4, NotifyActionValue.MOUNT) },
        { type: ChangeAttr.MOUNT, flags: NLA_F_NESTED, value: mount },
      ],
    },
  ];
  const payload = Buffer.concat([Buffer.from([Cmd.MTAB_NOTIFY, 2, 0, 0]), encodeWire(attrs)]);
  const event = fastMtabEvent(payload);
  t.same(event, {
    kind: 'mtab',
    listenerId: 3,
    group: 4026531841,
    action: 'mount',
    cmd: 0,
    time: 1_700_000_000_123_456_789n,
    change: {
      seq: (1n << 60n) + 7n,
      action: 'mount',
      mount: {
        id: 321,
        parentId: 21,
        devMajor: 0,
        devMinor: 77,
        root: '/',
        mountPoint: '/tmp/x y',
        fsType: 'tmpfs',
        source: 'none',
        mountOptions: 'rw,relatime',
        superOptions: 'rw',
        flags: 0,
        sharedGroup: 5,
      },
    },
  });
  deepStrictEqual(event, general(payload).value);
  // An attribute the fast path does not know sends the record down the general path.
  const unknown = Buffer.concat([payload, encodeWire([{ type: 99, flags: 0, value: le(4, 1) }])]);
  t.equal(fastMtabEvent(unknown), undefined);
  deepStrictEqual(general(unknown).value, event);
});

// The dump's reply (MTAB_GET): attributes mtab-seq, mount and pad, like the change nest's.
const mtabGetReply = block(
  [
    attr(UsipAttr.MTAB_SEQ, scalar(8, u64s)),
    attr(UsipAttr.MOUNT, mountBlock),
    attr(UsipAttr.PAD, fc.uint8Array({ maxLength: 4 })),
  ],
  24,
);
const replies = fc
  .tuple(mtabGetReply, damage)
  .map(([attrs, hurt]) =>
    hurt(Buffer.concat([Buffer.from([Cmd.MTAB_GET, 2, 0, 0]), encodeWire(attrs)])),
  );

function generalReply(payload: Buffer) {
  try {
    return { value: toDumpEntry(decodeMtabGetReply(payload)) };
  } catch (error) {
    return { error };
  }
}

t.test('a dump reply: declines, or makes the mount the general path makes', async (t) => {
  const seen = compareOnPayloads(
    replies,
    fastMtabGetReply,
    generalReply,
    (r) => r.seq === undefined,
  );
  t.comment(JSON.stringify(seen));
  t.ok(seen.fast > 2_000, 'the fast path took many replies');
  t.ok(seen.declinedError > 500, 'many replies were errors for the general path');
  t.ok(seen.special > 10, 'replies without a sequence number were among them');
});

t.test('repeated texts are reused only when their bytes are the same', async (t) => {
  // Records whose texts differ from the last one's in one byte, or not at all, decoded in turn
  // from one buffer rewritten in place, as a receive slab may be: a string kept from an earlier
  // record must never stand for bytes that have changed since.
  const near = (...words: string[]) =>
    fc.constantFrom(...words).chain((w) => fc.boolean().map((nul) => (nul ? `${w}\0` : w)));
  const texts = fc.record({
    root: near('/', '/a', '/b', ''),
    mountPoint: near('/mnt/a', '/mnt/b'),
    fsType: near('tmpfs', 'tmpfx', 'xmpfs', 'ext4'),
    source: near('usip-bench', 'usip-bencH', 'none', 'h\u00e9'),
    mountOptions: near('rw,relatime', 'ro,relatime', 'rw,relatimf'),
    superOptions: near('rw', 'ro', 'rw,size=64k'),
  });
  const slab = Buffer.alloc(4096);
  let reused = 0;
  fc.assert(
    fc.property(fc.array(texts, { minLength: 2, maxLength: 40 }), (records) => {
      let last: (typeof records)[number] | undefined;
      for (const [i, r] of records.entries()) {
        const mount: WireAttr[] = [
          { type: MountAttr.ID, flags: 0, value: le(4, 100 + i) },
          { type: MountAttr.PARENT_ID, flags: 0, value: le(4, 1) },
          { type: MountAttr.ROOT, flags: 0, value: Buffer.from(r.root) },
          { type: MountAttr.MOUNT_POINT, flags: 0, value: Buffer.from(r.mountPoint) },
          { type: MountAttr.FS_TYPE, flags: 0, value: Buffer.from(r.fsType) },
          { type: MountAttr.SOURCE, flags: 0, value: Buffer.from(r.source) },
          { type: MountAttr.MOUNT_OPTIONS, flags: 0, value: Buffer.from(r.mountOptions) },
          { type: MountAttr.SUPER_OPTIONS, flags: 0, value: Buffer.from(r.superOptions) },
        ];
        const change: WireAttr[] = [
          { type: ChangeAttr.SEQ, flags: 0, value: le(8, i) },
          { type: ChangeAttr.ACTION, flags: 0, value: le(4, NotifyActionValue.MOUNT) },
          { type: ChangeAttr.MOUNT, flags: NLA_F_NESTED, value: mount },
        ];
        const payload = Buffer.concat([
          Buffer.from([Cmd.MTAB_NOTIFY, 2, 0, 0]),
          encodeWire([
            { type: UsipAttr.EVENT_TYPE, flags: 0, value: le(4, EventTypeValue.MTAB) },
            { type: UsipAttr.EVENT_GROUP, flags: 0, value: le(4, 1) },
            { type: UsipAttr.EVENT_ID, flags: 0, value: le(4, 1) },
            { type: UsipAttr.EVENT_ACTION, flags: 0, value: le(4, NotifyActionValue.MOUNT) },
            { type: UsipAttr.CHANGE, flags: NLA_F_NESTED, value: change },
          ]),
        ]);
        payload.copy(slab);
        const event = fastMtabEvent(slab.subarray(0, payload.length));
        if (event === undefined) throw new Error('a plain record declined');
        deepStrictEqual(event, general(payload).value);
        for (const [k, v] of Object.entries(r)) if (last?.[k as keyof typeof r] === v) reused++;
        last = r;
      }
    }),
    { numRuns: 500 },
  );
  // Near misses and exact repeats both occurred (the draws are small enough to repeat).
  t.ok(reused > 1_000, `texts repeated the previous record's (${reused} times)`);
});
