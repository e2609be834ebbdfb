// The reference the fast notification decoder is tested against: decodeUsipNotification as it
// was before the zod pass left the notification path (commit 0e7597d), each notification
// validated with its generated zod schema. Kept verbatim apart from its name and imports; only
// tests use it.
import type { NetlinkMessage } from '@usip/netlink-core';
import type { z } from 'zod';
import {
  Cmd,
  decodeLostEvents,
  decodeMtabNotify,
  decodeStorageNotify,
  EventType,
  LostEventsSchema,
  MtabNotifySchema,
  StorageNotifySchema,
} from '../../../src/usip/generated/usip.js';
import { UsipNotificationError } from '../../../src/usip/notification-error.js';
import type {
  MountTableChangeNotification,
  NotificationBase,
  StorageNotification,
  UsipNotification,
} from '../../../src/usip/notification-types.js';
import { reportUnknown } from '../../../src/usip/unknown-report.js';
import { checkGenlHeader, payloadOf, YnlDecodeError } from '../../../src/ynl/codec/index.js';

// Each notification is validated with its generated schema, then checked for the attributes
// it must carry (a separate check: cheaper than a derived .required() schema on this path).
const HEADER = ['eventType', 'eventGroup', 'eventId'] as const;
const MTAB_REQUIRED = [...HEADER, 'eventAction'] as const;
const STORAGE_REQUIRED = [...HEADER, 'eventAction'] as const;
const LOST_REQUIRED = [...HEADER, 'lostCount'] as const;
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
export function decodeUsipNotificationWithZod(msg: NetlinkMessage | Buffer): UsipNotification {
  const payload = payloadOf(msg);
  let cmd = -1;
  try {
    checkGenlHeader(payload);
    cmd = payload[0]!;
    switch (cmd) {
      case Cmd.MTAB_NOTIFY: {
        const m = validate(MtabNotifySchema, decodeMtabNotify(payload), MTAB_REQUIRED, cmd);
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
        const m = validate(
          StorageNotifySchema,
          decodeStorageNotify(payload),
          STORAGE_REQUIRED,
          cmd,
        );
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
        const m = validate(LostEventsSchema, decodeLostEvents(payload), LOST_REQUIRED, cmd);
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

function validate<S extends z.ZodType, K extends keyof z.output<S>>(
  schema: S,
  value: unknown,
  required: readonly K[],
  cmd: number,
): z.output<S> & { [P in K]-?: NonNullable<z.output<S>[P]> } {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.join('.') ?? '';
    throw new UsipNotificationError(cmd, `${where}: ${issue?.message}`, { cause: result.error });
  }
  const data = result.data;
  for (const key of required) {
    if (data[key] === undefined) {
      throw new UsipNotificationError(cmd, `${String(key)}: required attribute missing`);
    }
  }
  return data as z.output<S> & { [P in K]-?: NonNullable<z.output<S>[P]> };
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
