// Typed events a listener delivers, decoded from the kernel's notifications.
import type { EventType, FsUsage, MountChange, NotifyAction } from './model.js';

interface EventBase {
  /** The listener the kernel matched (EVENT_ID). */
  listenerId: number;
  /** Mount namespace inode of the event; 0 for a global listener's events from anywhere. */
  group: number;
}

/** A mount-table change (MTAB_NOTIFY). */
export interface MtabEvent extends EventBase {
  kind: 'mtab';
  action: NotifyAction;
  /** The command the client asked to be told to run (notifier cmd). */
  cmd: number;
  /** CLOCK_REALTIME in nanoseconds. */
  time?: bigint;
  /** The change record; absent for a change without a log entry. */
  change?: MountChange;
}

/** A storage event: a write failed with ENOSPC or EDQUOT (STORAGE_NOTIFY). */
export interface StorageEvent extends EventBase {
  kind: 'storage';
  action: NotifyAction;
  cmd: number;
  /** Positive errno of the failed operation. */
  errno?: number;
  pid?: number;
  /** The pid in the writer's own pid namespace. */
  vpid?: number;
  uid?: number;
  gid?: number;
  ino?: bigint;
  /** Device number as new_encode_dev() encodes it. */
  dev?: number;
  /** Mount point as seen from the writer's root. */
  mountPoint?: string;
  device?: string;
  fsType?: string;
  time?: bigint;
  /** Events of this file system and process suppressed by rate limiting before this one. */
  suppressed?: number;
  fsUsage?: FsUsage;
}

/** The kernel dropped events for this listener: whoever keeps state must resync. */
export interface LostEvent extends EventBase {
  kind: 'lost';
  eventType: EventType | 'unspec';
  lostCount: bigint;
}

/**
 * This client's socket overflowed (ENOBUFS): notifications of any listener on it may be gone.
 * Whoever keeps state must resync, as after a LostEvent.
 */
export interface OverrunEvent extends EventBase {
  kind: 'overrun';
}

export type UsipEvent = MtabEvent | StorageEvent | LostEvent | OverrunEvent;
