import type { ChangeAttrs, FsUsageAttrs } from './generated/usip.js';
import type { UnknownAttrReport } from './unknown-report.js';

/** What every USIP notification says about the listener it was sent for. */
export interface NotificationBase {
  /** EVENT_TYPE: EventType.MTAB or EventType.STORAGE. */
  eventType: number;
  /** EVENT_GROUP: the mount namespace (its nsfs inode); 0 = global. */
  group: number;
  /** EVENT_ID: the listener id. */
  listenerId: number;
  /** Attributes these bindings do not know: kept in the decoded message, reported here. */
  unknown: UnknownAttrReport[];
}

/** MTAB_NOTIFY: one mount-table change. */
export interface MountTableChangeNotification extends NotificationBase {
  kind: 'mtab-change';
  /** NotifyAction: MOUNT, UMOUNT, MOVE or ATTR. */
  action: number;
  cmd?: number;
  /** CLOCK_REALTIME, nanoseconds. */
  time?: bigint;
  change?: ChangeAttrs;
}

/** STORAGE_NOTIFY: a write failed with ENOSPC or EDQUOT. */
export interface StorageNotification extends NotificationBase {
  kind: 'storage';
  /** NotifyAction.ENOSPC or NotifyAction.EDQUOT. */
  action: number;
  cmd?: number;
  errno?: number;
  pid?: number;
  vpid?: number;
  uid?: number;
  gid?: number;
  ino?: bigint;
  dev?: number;
  mountPoint?: string;
  device?: string;
  fsType?: string;
  time?: bigint;
  suppressed?: number;
  fsUsage?: FsUsageAttrs;
}

/** LOST_EVENTS: the kernel dropped events for this listener; resync. */
export interface LostEventsNotification extends NotificationBase {
  kind: 'lost-events';
  lostCount: bigint;
}

/** A command this version does not know (a newer kernel): passed on, not dropped. */
export interface UnknownCommandNotification {
  kind: 'unknown-command';
  cmd: number;
  version: number;
}

export type UsipNotification =
  | MountTableChangeNotification
  | StorageNotification
  | LostEventsNotification
  | UnknownCommandNotification;
