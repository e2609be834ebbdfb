// Pure conversions between the generated bindings' attribute objects and the client's model.

import type { MtabEvent, StorageEvent, UsipEvent } from '../events.js';
import type { EventType, FsUsage, Mount, MountChange, NotifyAction } from '../model.js';
import type { Notifier } from '../notifier.js';
import {
  type ChangeAttrs,
  EventTypeValue,
  type FsUsageAttrs,
  type MountAttrs,
  NotifierFlags,
  NotifyActionValue,
  type UsipNotification,
} from './bindings.js';

/** The kernel sent something this client cannot make sense of. */
export class UsipDecodeError extends Error {
  override name = 'UsipDecodeError';
}

const actionByNumber = new Map<number, NotifyAction>(
  Object.entries(NotifyActionValue).map(([name, n]) => [
    n,
    (name === 'UNSPEC' ? 'any' : name.toLowerCase()) as NotifyAction,
  ]),
);

export function actionName(n: number | undefined): NotifyAction {
  const name = actionByNumber.get(n ?? 0);
  if (!name) throw new UsipDecodeError(`unknown notify action ${n}`);
  return name;
}

export function actionNumber(name: NotifyAction): number {
  return NotifyActionValue[name === 'any' ? 'UNSPEC' : (name.toUpperCase() as 'MOUNT')];
}

export function eventTypeNumber(type: EventType): number {
  return type === 'mtab' ? EventTypeValue.MTAB : EventTypeValue.STORAGE;
}

export function eventTypeName(n: number | undefined): EventType | 'unspec' {
  if (n === EventTypeValue.MTAB) return 'mtab';
  if (n === EventTypeValue.STORAGE) return 'storage';
  return 'unspec';
}

/** A notifier as the EVENT_REGISTER request nests it. */
export function notifierAttrs(n: Notifier) {
  const flags =
    (n.notify ? NotifierFlags.NOTIFY : 0) |
    (n.kernLog ? NotifierFlags.KERN_LOG : 0) |
    (n.log ? NotifierFlags.LOG : 0);
  return { type: eventTypeNumber(n.type), action: actionNumber(n.action), cmd: n.cmd, flags };
}

export function toMount(a: MountAttrs | undefined): Mount {
  if (a?.id === undefined) throw new UsipDecodeError('a mount without an id');
  const m: Mount = {
    id: a.id,
    parentId: a.parentId ?? 0,
    devMajor: a.devMajor ?? 0,
    devMinor: a.devMinor ?? 0,
    root: a.root ?? '',
    mountPoint: a.mountPoint ?? '',
    fsType: a.fsType ?? '',
    source: a.source ?? '',
    mountOptions: a.mountOptions ?? '',
    superOptions: a.superOptions ?? '',
    flags: a.flags ?? 0,
  };
  if (a.sharedGroup !== undefined) m.sharedGroup = a.sharedGroup;
  if (a.masterGroup !== undefined) m.masterGroup = a.masterGroup;
  if (a.propagateFrom !== undefined) m.propagateFrom = a.propagateFrom;
  return m;
}

/** One MTAB_GET dump reply: the table's sequence number (when sent) and the mount. */
export function toDumpEntry(r: { mtabSeq?: bigint; mount?: MountAttrs }): {
  seq?: bigint;
  mount: Mount;
} {
  const mount = toMount(r.mount);
  return r.mtabSeq === undefined ? { mount } : { seq: r.mtabSeq, mount };
}

export function toChange(c: ChangeAttrs | undefined): MountChange {
  if (c?.seq === undefined) throw new UsipDecodeError('a change record without a sequence number');
  const action = actionName(c.action);
  if (action === 'umount') {
    const id = c.mount?.id;
    if (id === undefined) throw new UsipDecodeError('a umount record without a mount id');
    // Only id and parent id are guaranteed; a full mount is kept when the kernel sent one.
    const mount =
      c.mount?.mountPoint !== undefined ? toMount(c.mount) : { id, parentId: c.mount?.parentId };
    return { seq: c.seq, action, mount };
  }
  if (action === 'mount' || action === 'move' || action === 'attr') {
    return { seq: c.seq, action, mount: toMount(c.mount) };
  }
  throw new UsipDecodeError(`a change record with action ${action}`);
}

export function toFsUsage(u: FsUsageAttrs | undefined): FsUsage {
  if (!u) throw new UsipDecodeError('a reply without fs-usage');
  return {
    type: u.type ?? 0n,
    bsize: u.bsize ?? 0n,
    frsize: u.frsize ?? 0n,
    blocks: u.blocks ?? 0n,
    bfree: u.bfree ?? 0n,
    bavail: u.bavail ?? 0n,
    files: u.files ?? 0n,
    ffree: u.ffree ?? 0n,
    namelen: u.namelen ?? 0n,
    flags: u.flags ?? 0n,
  };
}

/**
 * A decoded, validated notification (usip-genl's decodeUsipNotification) as a client event;
 * undefined for a command this client does not know (a newer kernel's), which is skipped.
 */
export function toEvent(n: UsipNotification): UsipEvent | undefined {
  if (n.kind === 'unknown-command') return undefined;
  if (n.kind === 'lost-events') {
    return {
      kind: 'lost',
      listenerId: n.listenerId,
      group: n.group,
      eventType: eventTypeName(n.eventType),
      lostCount: n.lostCount,
    };
  }
  if (n.kind === 'mtab-change') {
    // Spelled out rather than spread from `base`: this runs once per record in a burst.
    const event: MtabEvent = {
      kind: 'mtab',
      listenerId: n.listenerId,
      group: n.group,
      action: actionName(n.action),
      cmd: n.cmd ?? 0,
    };
    if (n.time !== undefined) event.time = n.time;
    if (n.change) event.change = toChange(n.change);
    return event;
  }
  const {
    kind: _kind,
    eventType: _type,
    listenerId: _id,
    group: _group,
    unknown: _unknown,
    fsUsage,
    action,
    cmd,
    ...fields
  } = n;
  const event: StorageEvent = {
    kind: 'storage',
    listenerId: n.listenerId,
    group: n.group,
    action: actionName(action),
    cmd: cmd ?? 0,
    ...fields,
  };
  if (fsUsage) event.fsUsage = toFsUsage(fsUsage);
  return event;
}
