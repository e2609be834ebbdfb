import fc from 'fast-check';
import t from 'tap';
import { decodeUsipNotification } from '../../src/usip/decode-notification.js';
import {
  Cmd,
  EventType,
  encodeLostEvents,
  encodeMtabNotify,
  encodeStorageNotify,
  NotifyAction,
} from '../../src/usip/generated/usip.js';
import { UsipNotificationError } from '../../src/usip/notification-error.js';
import { YnlDecodeError } from '../../src/ynl/codec/errors.js';

const FAMILY = 0x20;
const payload = (wire: Buffer) => wire.subarray(16);

const mount = { id: 42, parentId: 1, mountPoint: '/mnt/usb', fsType: 'ext4', flags: 1 };
const mtab = {
  eventType: EventType.MTAB,
  eventGroup: 4026531841,
  eventId: 3,
  eventAction: NotifyAction.MOUNT,
  eventTime: 1_700_000_000_000_000_000n,
  change: { seq: 17n, action: NotifyAction.MOUNT, mount },
};

t.test('mtab-notify decodes to a mount-table change', async (t) => {
  const n = decodeUsipNotification(payload(encodeMtabNotify(FAMILY, mtab)));
  t.same(n, {
    kind: 'mtab-change',
    eventType: EventType.MTAB,
    group: 4026531841,
    listenerId: 3,
    unknown: [],
    action: NotifyAction.MOUNT,
    time: 1_700_000_000_000_000_000n,
    change: { seq: 17n, action: NotifyAction.MOUNT, mount },
  });
});

t.test('storage-notify decodes to a storage event; lost-events to a resync request', async (t) => {
  const storage = decodeUsipNotification(
    payload(
      encodeStorageNotify(FAMILY, {
        eventType: EventType.STORAGE,
        eventGroup: 0,
        eventId: 9,
        eventAction: NotifyAction.EDQUOT,
        eventErrno: 122,
        eventUid: 1000,
        eventMountpoint: '/home',
        fsUsage: { blocks: 100n, bfree: 0n },
      }),
    ),
  );
  t.match(storage, {
    kind: 'storage',
    action: NotifyAction.EDQUOT,
    errno: 122,
    uid: 1000,
    mountPoint: '/home',
    fsUsage: { blocks: 100n, bfree: 0n },
  });
  const lost = decodeUsipNotification(
    payload(
      encodeLostEvents(FAMILY, {
        eventType: EventType.MTAB,
        eventGroup: 1,
        eventId: 2,
        lostCount: 5n,
      }),
    ),
  );
  t.same(lost, {
    kind: 'lost-events',
    eventType: EventType.MTAB,
    group: 1,
    listenerId: 2,
    unknown: [],
    lostCount: 5n,
  });
});

t.test('unknown attributes are kept in the message and reported with their path', async (t) => {
  const extra = (type: number) => ({ type, nested: false, data: Buffer.from([1, 2, 3, 4]) });
  const wire = encodeMtabNotify(FAMILY, {
    ...mtab,
    change: { ...mtab.change, mount: { ...mount, unknown: [extra(99)] } },
    unknown: [extra(200)],
  });
  const n = decodeUsipNotification(payload(wire));
  t.equal(n.kind, 'mtab-change');
  if (n.kind !== 'mtab-change') return;
  // Outermost first.
  t.same(n.unknown, [
    { path: [], type: 200, length: 4 },
    { path: ['change', 'mount'], type: 99, length: 4 },
  ]);
  t.same(n.change?.mount?.unknown, [extra(99)]);
});

t.test('a known attribute this message does not list is reported by name', async (t) => {
  // LOST_COUNT belongs to the "usip" set but not to mtab-notify.
  const wire = encodeMtabNotify(FAMILY, {
    ...mtab,
    unknown: [{ type: 28, nested: false, data: Buffer.alloc(8) }],
  });
  const n = decodeUsipNotification(payload(wire));
  t.same(n.kind !== 'unknown-command' && n.unknown, [
    { path: [], type: 28, name: 'lost-count', length: 8 },
  ]);
});

t.test('an unknown command is passed on, not dropped', async (t) => {
  const wire = encodeMtabNotify(FAMILY, mtab);
  wire[16] = 99;
  t.same(decodeUsipNotification(payload(wire)), { kind: 'unknown-command', cmd: 99, version: 2 });
});

t.test('missing required attributes fail validation with a typed error', async (t) => {
  const { eventId: _, ...noId } = mtab;
  const err = t.throws(() => decodeUsipNotification(payload(encodeMtabNotify(FAMILY, noId))));
  t.type(err, UsipNotificationError);
  t.match((err as Error).message, /eventId/);
  t.equal((err as UsipNotificationError).cmd, Cmd.MTAB_NOTIFY);
});

t.test('a notification of the wrong event type is rejected', async (t) => {
  const wire = encodeMtabNotify(FAMILY, { ...mtab, eventType: EventType.STORAGE });
  t.throws(() => decodeUsipNotification(payload(wire)), /event-type 2, expected 1/);
});

t.test('a wrongly sized attribute names its path', async (t) => {
  const wire = encodeMtabNotify(FAMILY, { ...mtab, change: { seq: 1n, mount: { id: 7 } } });
  // Shrink MOUNT_A_ID (u32) to 3 bytes: find "08 00 01 00 07 00 00 00" and patch nla_len.
  const at = wire.indexOf(Buffer.from([8, 0, 1, 0, 7, 0, 0, 0]));
  wire[at] = 7;
  const err = t.throws(() => decodeUsipNotification(payload(wire))) as UsipNotificationError;
  t.type(err, UsipNotificationError);
  t.type(err.cause, YnlDecodeError);
  t.same((err.cause as YnlDecodeError).path, ['change', 'mount', 'id']);
});

t.test('arbitrary bytes never crash: a notification or a typed error', async (t) => {
  fc.assert(
    fc.property(
      fc.constantFrom(Cmd.MTAB_NOTIFY, Cmd.STORAGE_NOTIFY, Cmd.LOST_EVENTS),
      fc.uint8Array({ maxLength: 200 }),
      (cmd, body) => {
        const bytes = Buffer.concat([Buffer.from([cmd, 2, 0, 0]), body]);
        try {
          decodeUsipNotification(bytes);
        } catch (err) {
          if (!(err instanceof UsipNotificationError)) throw err;
        }
      },
    ),
    { numRuns: 2000 },
  );
  t.pass('2000 random payloads');
  t.throws(() => decodeUsipNotification(Buffer.from([11])), UsipNotificationError);
});
