// The client's public data model: what applications receive. Plain objects, JSON-friendly except
// for the 64-bit counters (bigint) that must not lose precision.

/** Actions of the USIP protocol (notify-action in kernel/usip.yaml), by name. */
export type NotifyAction = 'any' | 'enospc' | 'mount' | 'umount' | 'edquot' | 'move' | 'attr';

/** Event types (event-type in kernel/usip.yaml). */
export type EventType = 'mtab' | 'storage';

/** One mount, as /proc/PID/mountinfo would show it, with structured fields. */
export interface Mount {
  id: number;
  parentId: number;
  devMajor: number;
  devMinor: number;
  /** Path of the mount's root within its file system. */
  root: string;
  /** Mount point relative to the caller's root. */
  mountPoint: string;
  fsType: string;
  source: string;
  mountOptions: string;
  superOptions: string;
  /** USIP_MOUNT_* bits. */
  flags: number;
  sharedGroup?: number;
  masterGroup?: number;
  propagateFrom?: number;
}

/** A umount record only guarantees the id and the parent id. */
export interface DetachedMount {
  id: number;
  parentId?: number;
}

/** One record of a namespace's mount-table change log. */
export type MountChange =
  | { seq: bigint; action: 'mount' | 'move' | 'attr'; mount: Mount }
  | { seq: bigint; action: 'umount'; mount: DetachedMount | Mount };

/** statfs(2) figures of a file system. */
export interface FsUsage {
  /** File-system magic (f_type). */
  type: bigint;
  bsize: bigint;
  frsize: bigint;
  blocks: bigint;
  bfree: bigint;
  bavail: bigint;
  files: bigint;
  ffree: bigint;
  namelen: bigint;
  flags: bigint;
}

/** What PING reports. */
export interface PingReply {
  status: number;
  protoVersion: number;
  /** USIP_FEATURE_* bits. */
  features: bigint;
}

/** A mount-table dump: the mounts in mountinfo order and the sequence they are consistent with. */
export interface MountTableSnapshot {
  seq: bigint;
  mounts: Mount[];
}
