import type { NetlinkMessage } from '@usip/netlink-core';
import { checkGenlHeader, payloadOf, YnlDecodeError } from '../ynl/codec/index.js';
import {
  Cmd,
  decodeLostEvents,
  decodeMtabNotify,
  decodeStorageNotify,
  EventType,
} from './generated/usip.js';
import { UsipNotificationError } from './notification-error.js';
import type {
  MountTableChangeNotification,
  NotificationBase,
  StorageNotification,
  UsipNotification,
} from './notification-types.js';
import { reportUnknown } from './unknown-report.js';

// No zod pass on this path: each generated decoder reads every attribute with the reader of
// its spec type (u32 -> 0..2^32-1, u64 -> bigint 0..2^64-1, string -> string, nest -> its
// set's decoder, anything else -> `unknown`), so its output is in the domain of the generated
// schema by construction; parsing it again only copied it, at a third of a record's cost.
// test/usip/notification-fast-path.test.ts holds this decoder to the zod-validating one on arbitrary
// attribute trees. What the schema cannot say, which attributes a notification must carry,
// is checked here.
// Paths of the nests whose unknown attributes are reported, built once (reportUnknown copies
// a path into each report it makes, so these are never shared with callers).
const TOP: readonly string[] = [];
const CHANGE: readonly string[] = ['change'];
const CHANGE_MOUNT: readonly string[] = ['change', 'mount'];
const FS_USAGE: readonly string[] = ['fsUsage'];

/**
 * Decode and validate one USIP multicast notification (mtab-notify, storage-notify,
 * lost-events). Unknown attributes are kept and listed in `unknown`; an unknown command
 * comes back as kind "unknown-command". Throws UsipNotificationError on malformed input.
 */
export function decodeUsipNotification(msg: NetlinkMessage | Buffer): UsipNotification {
  const payload = payloadOf(msg);
  let cmd = -1;
  try {
    checkGenlHeader(payload);
    cmd = payload[0]!;
    switch (cmd) {
      case Cmd.MTAB_NOTIFY: {
        const m = decodeMtabNotify(payload);
        requireHeader(m, cmd);
        if (m.eventAction === undefined) missing('eventAction', cmd);
        expectType(m.eventType, EventType.MTAB, cmd);
        // The nests these bindings know, listed directly (cheaper than walking the tree).
        const unknown = reportUnknown(m.unknown, TOP);
        reportUnknown(m.change?.unknown, CHANGE, unknown);
        reportUnknown(m.change?.mount?.unknown, CHANGE_MOUNT, unknown);
        const n: MountTableChangeNotification = {
          kind: 'mtab-change',
          eventType: m.eventType,
          group: m.eventGroup,
          listenerId: m.eventId,
          unknown,
          action: m.eventAction,
        };
        if (m.eventCmd !== undefined) n.cmd = m.eventCmd;
        if (m.eventTime !== undefined) n.time = m.eventTime;
        if (m.change !== undefined) n.change = m.change;
        return n;
      }
      case Cmd.STORAGE_NOTIFY: {
        const m = decodeStorageNotify(payload);
        requireHeader(m, cmd);
        if (m.eventAction === undefined) missing('eventAction', cmd);
        expectType(m.eventType, EventType.STORAGE, cmd);
        return copyDefined(
          {
            kind: 'storage',
            ...base(m),
            action: m.eventAction,
            unknown: reportUnknown(m.fsUsage?.unknown, FS_USAGE, reportUnknown(m.unknown, TOP)),
          } as StorageNotification,
          {
            cmd: m.eventCmd,
            errno: m.eventErrno,
            pid: m.eventPid,
            vpid: m.eventVpid,
            uid: m.eventUid,
            gid: m.eventGid,
            ino: m.eventIno,
            dev: m.eventDev,
            mountPoint: m.eventMountpoint,
            device: m.eventDevice,
            fsType: m.eventFstype,
            time: m.eventTime,
            suppressed: m.eventSuppressed,
            fsUsage: m.fsUsage,
          },
        );
      }
      case Cmd.LOST_EVENTS: {
        const m = decodeLostEvents(payload);
        requireHeader(m, cmd);
        if (m.lostCount === undefined) missing('lostCount', cmd);
        const unknown = reportUnknown(m.unknown, TOP);
        return { kind: 'lost-events', ...base(m), unknown, lostCount: m.lostCount };
      }
      default:
        return { kind: 'unknown-command', cmd, version: payload[1]! };
    }
  } catch (err) {
    if (err instanceof UsipNotificationError) throw err;
    if (err instanceof YnlDecodeError) {
      throw new UsipNotificationError(cmd, err.message, { cause: err });
    }
    throw err;
  }
}

interface Header {
  eventType: number;
  eventGroup: number;
  eventId: number;
}

function base(m: Header): Omit<NotificationBase, 'unknown'> {
  return { eventType: m.eventType, group: m.eventGroup, listenerId: m.eventId };
}

/**
 * Throws unless `m` carries the attributes every notification must: event-type, event-group
 * and event-id, checked in that order (the first missing one is named). Spelled out: a loop
 * over key names would make each check a keyed look-up, on every record of a burst.
 */
function requireHeader<T extends Partial<Header>>(m: T, cmd: number): asserts m is T & Header {
  if (m.eventType === undefined) missing('eventType', cmd);
  if (m.eventGroup === undefined) missing('eventGroup', cmd);
  if (m.eventId === undefined) missing('eventId', cmd);
}

function missing(key: string, cmd: number): never {
  throw new UsipNotificationError(cmd, `${key}: required attribute missing`);
}

function expectType(actual: number, expected: number, cmd: number): void {
  if (actual !== expected) {
    throw new UsipNotificationError(cmd, `event-type ${actual}, expected ${expected}`);
  }
}

/** Set the defined values only (no `delete`, which would slow every later access). */
function copyDefined<T extends object>(target: T, values: Partial<T>): T {
  for (const key in values) {
    const v = values[key];
    if (v !== undefined) target[key] = v as T[typeof key];
  }
  return target;
}
