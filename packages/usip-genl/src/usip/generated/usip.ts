// Do not edit directly: generated from
//   kernel/usip.yaml
// by packages/usip-genl/scripts/gen.ts (pnpm --dir packages/usip-genl run gen).
/* biome-ignore-all lint: generated code */

import { AttrCursor, type NetlinkMessage } from '@usip/netlink-core';
import { z } from 'zod';
import {
  checkGenlHeader,
  decodeFailure,
  defineSets,
  type SpecEncodeOptions,
  encodeSpecMessage,
  keepUnknown,
  payloadOf,
  readBigEndian,
  readBitfield32,
  readBytes,
  readIndexed,
  readSint,
  readString,
  readUint,
  restrictSet,
  type UnknownAttr,
} from '../../ynl/codec/index.js';
import {
  zBitfield32,
  zBytes,
  zFlag,
  zS8,
  zS16,
  zS32,
  zS64,
  zString,
  zU8,
  zU16,
  zU32,
  zU64,
  zUnknownAttrs,
} from '../../ynl/zod-scalars.js';

export const FAMILY_NAME = "usip_family";
export const FAMILY_VERSION = 2;

/** Protocol version reported by PING; bumped on any incompatible change. */
export const PROTO_VERSION = 2;

/** Longest path attribute accepted, terminating NUL included. */
export const PATH_MAX = 4096;

/** Most notifiers one listener may hold. */
export const MAX_NOTIFIERS = 32;

export const EventType = {
  UNSPEC: 0,
  /** Mount-table events (multicast group mcg_mtab). */
  MTAB: 1,
  /** Storage events such as a full file system (multicast group mcg_storage). */
  STORAGE: 2,
} as const;
export type EventType = (typeof EventType)[keyof typeof EventType];

/** What happened. Also the kind of a mount-table change record. */
export const NotifyAction = {
  /** In a notifier, matches any action. */
  UNSPEC: 0,
  /** A write failed because the file system is full. */
  ENOSPC: 1,
  /** A mount was attached (mount, bind, recursive bind, clone, propagation). */
  MOUNT: 2,
  /** A mount was detached (umount, lazy umount, expiry, namespace end). */
  UMOUNT: 3,
  /** A write failed because a disk quota is exhausted. */
  EDQUOT: 4,
  /** A mount was moved to another mount point or parent. */
  MOVE: 5,
  /** Mount attributes changed (remount, read-only, propagation). */
  ATTR: 6,
} as const;
export type NotifyAction = (typeof NotifyAction)[keyof typeof NotifyAction];

export const ListenerFlags = {
  /** Not bound to the caller's mount namespace; needs CAP_SYS_ADMIN. */
  GLOBAL: 1,
} as const;
export type ListenerFlags = (typeof ListenerFlags)[keyof typeof ListenerFlags];

export const NotifierFlags = {
  /** Send a netlink notification. */
  NOTIFY: 1,
  /** Log the event to the kernel log (rate limited). */
  KERN_LOG: 2,
  /** Reserved for a user-space log; the kernel accepts and ignores it. */
  LOG: 4,
} as const;
export type NotifierFlags = (typeof NotifierFlags)[keyof typeof NotifierFlags];

/** Feature bits reported by PING. */
export const Features = {
  LISTENERS: 1n,
  MTAB_DUMP: 2n,
  MOUNT_LOOKUP: 4n,
  MTAB_CHANGES: 8n,
  FS_USAGE: 16n,
  /** TEST_* commands are enabled (module parameter test_commands=1). */
  TEST_COMMANDS: 32n,
  /** Mount-table changes are raised by kernel hooks, not only by TEST_MTAB. */
  REAL_MTAB_EVENTS: 64n,
  /** ENOSPC/EDQUOT events are raised by kernel hooks, not only by TEST_ENOSPC. */
  REAL_STORAGE_EVENTS: 128n,
} as const;
export type Features = (typeof Features)[keyof typeof Features];

/** Per-mount flags, as the mount options of /proc/PID/mountinfo show them. */
export const MountFlags = {
  READONLY: 1,
  NOSUID: 2,
  NODEV: 4,
  NOEXEC: 8,
  NOATIME: 16,
  NODIRATIME: 32,
  RELATIME: 64,
  NOSYMFOLLOW: 128,
  /** The mount is unbindable (mountinfo optional field "unbindable"). */
  UNBINDABLE: 256,
} as const;
export type MountFlags = (typeof MountFlags)[keyof typeof MountFlags];

/** Command numbers (genlmsghdr.cmd). */
export const Cmd = {
  UNSPEC: 0,
  NOOP: 1,
  PING: 2,
  EVENT_REGISTER: 3,
  EVENT_UNREGISTER: 4,
  MTAB_GET: 5,
  MTAB_CHANGED: 6,
  TEST_MTAB: 7,
  TEST_ENOSPC: 8,
  MOUNT_GET: 9,
  FS_USAGE: 10,
  MTAB_NOTIFY: 11,
  STORAGE_NOTIFY: 12,
  LOST_EVENTS: 13,
} as const;

/** Multicast group names, to resolve through nlctrl. */
export const McastGroup = {
  MTAB: "mcg_mtab",
  STORAGE: "mcg_storage",
} as const;

/** Attribute numbers of the "usip" set. */
export const UsipAttr = {
  UNSPEC: 0,
  STATUS: 1,
  EVENT_NOTIFIERS: 2,
  EVENT_TYPE: 3,
  EVENT_FLAGS: 4,
  EVENT_ACTION: 5,
  EVENT_CMD: 6,
  EVENT_GROUP: 7,
  EVENT_ID: 8,
  EVENT_PID: 9,
  EVENT_VPID: 10,
  EVENT_UID: 11,
  EVENT_GID: 12,
  EVENT_INO: 13,
  EVENT_MOUNTPOINT: 14,
  EVENT_DEVICE: 15,
  EVENT_TIME: 16,
  MTAB_SEQ: 17,
  MTAB_RESERVED: 18,
  MOUNT: 19,
  TEST_PATH: 20,
  PAD: 21,
  PROTO_VERSION: 22,
  FEATURES: 23,
  MOUNT_ID: 24,
  PATH: 25,
  FS_USAGE: 26,
  CHANGE: 27,
  LOST_COUNT: 28,
  EVENT_ERRNO: 29,
  EVENT_SUPPRESSED: 30,
  EVENT_DEV: 31,
  EVENT_FSTYPE: 32,
} as const;

/** Attribute numbers of the "notifier" set. */
export const NotifierAttr = {
  UNSPEC: 0,
  TYPE: 1,
  ACTION: 2,
  CMD: 3,
  FLAGS: 4,
} as const;

/** Attribute numbers of the "mount" set. */
export const MountAttr = {
  UNSPEC: 0,
  ID: 1,
  PARENT_ID: 2,
  DEV_MAJOR: 3,
  DEV_MINOR: 4,
  ROOT: 5,
  MOUNT_POINT: 6,
  FS_TYPE: 7,
  SOURCE: 8,
  MOUNT_OPTIONS: 9,
  SUPER_OPTIONS: 10,
  FLAGS: 11,
  SHARED_GROUP: 12,
  MASTER_GROUP: 13,
  PROPAGATE_FROM: 14,
} as const;

/** Attribute numbers of the "fs-usage" set. */
export const FsUsageAttr = {
  UNSPEC: 0,
  PAD: 1,
  TYPE: 2,
  BSIZE: 3,
  FRSIZE: 4,
  BLOCKS: 5,
  BFREE: 6,
  BAVAIL: 7,
  FILES: 8,
  FFREE: 9,
  NAMELEN: 10,
  FLAGS: 11,
} as const;

/** Attribute numbers of the "change" set. */
export const ChangeAttr = {
  UNSPEC: 0,
  PAD: 1,
  SEQ: 2,
  ACTION: 3,
  MOUNT: 4,
} as const;

export interface NotifierAttrs {
  type?: number;
  action?: number;
  cmd?: number;
  flags?: number;
  /** Attributes this binding does not know, kept as received. */
  unknown?: UnknownAttr[];
}

export const NotifierAttrsSchema = z.object({
  type: zU32.optional(),
  action: zU32.optional(),
  cmd: zU8.optional(),
  flags: zU32.optional(),
  unknown: zUnknownAttrs.optional(),
});

export interface MountAttrs {
  id?: number;
  parentId?: number;
  devMajor?: number;
  devMinor?: number;
  /** Path of the mount's root within its file system. */
  root?: string;
  /** Mount point, relative to the caller's root. */
  mountPoint?: string;
  /** File-system type, with ".subtype" where there is one. */
  fsType?: string;
  source?: string;
  /** Per-mount options as mountinfo shows them (for example "rw,nosuid,relatime"). */
  mountOptions?: string;
  /** Per-superblock options as mountinfo shows them. */
  superOptions?: string;
  flags?: number;
  /** Peer group id when shared ("shared:N"), absent otherwise. */
  sharedGroup?: number;
  /** Peer group this mount is a slave of ("master:N"), absent otherwise. */
  masterGroup?: number;
  /** Nearest dominant peer group visible from the caller's root ("propagate_from:N"). */
  propagateFrom?: number;
  /** Attributes this binding does not know, kept as received. */
  unknown?: UnknownAttr[];
}

export const MountAttrsSchema = z.object({
  id: zU32.optional(),
  parentId: zU32.optional(),
  devMajor: zU32.optional(),
  devMinor: zU32.optional(),
  root: zString.optional(),
  mountPoint: zString.optional(),
  fsType: zString.optional(),
  source: zString.optional(),
  mountOptions: zString.optional(),
  superOptions: zString.optional(),
  flags: zU32.optional(),
  sharedGroup: zU32.optional(),
  masterGroup: zU32.optional(),
  propagateFrom: zU32.optional(),
  unknown: zUnknownAttrs.optional(),
});

export interface FsUsageAttrs {
  /** File-system magic (statfs f_type). */
  type?: bigint;
  bsize?: bigint;
  frsize?: bigint;
  blocks?: bigint;
  bfree?: bigint;
  bavail?: bigint;
  files?: bigint;
  ffree?: bigint;
  namelen?: bigint;
  /** statfs f_flags (ST_* bits). */
  flags?: bigint;
  /** Attributes this binding does not know, kept as received. */
  unknown?: UnknownAttr[];
}

export const FsUsageAttrsSchema = z.object({
  type: zU64.optional(),
  bsize: zU64.optional(),
  frsize: zU64.optional(),
  blocks: zU64.optional(),
  bfree: zU64.optional(),
  bavail: zU64.optional(),
  files: zU64.optional(),
  ffree: zU64.optional(),
  namelen: zU64.optional(),
  flags: zU64.optional(),
  unknown: zUnknownAttrs.optional(),
});

export interface ChangeAttrs {
  seq?: bigint;
  /** mount, umount, move or attr. */
  action?: number;
  /** The mount after the change; for umount only id and parent-id are guaranteed. */
  mount?: MountAttrs;
  /** Attributes this binding does not know, kept as received. */
  unknown?: UnknownAttr[];
}

export const ChangeAttrsSchema = z.object({
  seq: zU64.optional(),
  action: zU32.optional(),
  mount: MountAttrsSchema.optional(),
  unknown: zUnknownAttrs.optional(),
});

export interface UsipAttrs {
  /** 0 or a negative errno; PING replies 1. */
  status?: number;
  /** The listener's notifiers, one nest each (not a positional stream). */
  eventNotifiers?: NotifierAttrs[];
  eventType?: number;
  eventFlags?: number;
  eventAction?: number;
  /** Command the client should run when notified (for example mtab-changed). */
  eventCmd?: number;
  /** Mount namespace of a listener or event as its /proc/PID/ns/mnt inode; 0 = global. */
  eventGroup?: number;
  /** Listener id, unique per module load. */
  eventId?: number;
  eventPid?: number;
  /** The pid as seen in the process's own pid namespace. */
  eventVpid?: number;
  eventUid?: number;
  eventGid?: number;
  eventIno?: bigint;
  /** Mount point, as seen from the root of the process that raised the event. */
  eventMountpoint?: string;
  /** The mount's source (a device name such as /dev/vdb, or the file-system name). */
  eventDevice?: string;
  /** CLOCK_REALTIME in nanoseconds (was a packed timeval in the prototype). */
  eventTime?: bigint;
  /** Mount-table change sequence number of a namespace. In MTAB_CHANGED requests: the last record the client has; in dump replies: the sequence the dump is consistent with. */
  mtabSeq?: bigint;
  /** One mount (was MTAB_MTAB, eight text lines a message). */
  mount?: MountAttrs;
  testPath?: string;
  protoVersion?: number;
  features?: bigint;
  mountId?: number;
  path?: string;
  fsUsage?: FsUsageAttrs;
  change?: ChangeAttrs;
  /** Events dropped since the last lost-events notification. */
  lostCount?: bigint;
  /** Positive errno of the failed operation (ENOSPC, EDQUOT). */
  eventErrno?: number;
  /** Events of this file system and process suppressed by rate limiting before this one. */
  eventSuppressed?: number;
  /** Device number of the file system, as new_encode_dev() encodes it. */
  eventDev?: number;
  eventFstype?: string;
  /** Attributes this binding does not know, kept as received. */
  unknown?: UnknownAttr[];
}

export const UsipAttrsSchema = z.object({
  status: zS32.optional(),
  eventNotifiers: z.array(NotifierAttrsSchema).optional(),
  eventType: zU32.optional(),
  eventFlags: zU32.optional(),
  eventAction: zU32.optional(),
  eventCmd: zU8.optional(),
  eventGroup: zU32.optional(),
  eventId: zU32.optional(),
  eventPid: zU32.optional(),
  eventVpid: zU32.optional(),
  eventUid: zU32.optional(),
  eventGid: zU32.optional(),
  eventIno: zU64.optional(),
  eventMountpoint: zString.optional(),
  eventDevice: zString.optional(),
  eventTime: zU64.optional(),
  mtabSeq: zU64.optional(),
  mount: MountAttrsSchema.optional(),
  testPath: zString.optional(),
  protoVersion: zU32.optional(),
  features: zU64.optional(),
  mountId: zU32.optional(),
  path: zString.optional(),
  fsUsage: FsUsageAttrsSchema.optional(),
  change: ChangeAttrsSchema.optional(),
  lostCount: zU64.optional(),
  eventErrno: zU32.optional(),
  eventSuppressed: zU32.optional(),
  eventDev: zU32.optional(),
  eventFstype: zString.optional(),
  unknown: zUnknownAttrs.optional(),
});

const sets = defineSets({
  "usip": [
    [0,"unspec","unused"],
    [1,"status","s32"],
    [2,"event-notifiers","nest",{"array":true,"nested":"notifier"}],
    [3,"event-type","u32"],
    [4,"event-flags","u32"],
    [5,"event-action","u32"],
    [6,"event-cmd","u8"],
    [7,"event-group","u32"],
    [8,"event-id","u32"],
    [9,"event-pid","u32"],
    [10,"event-vpid","u32"],
    [11,"event-uid","u32"],
    [12,"event-gid","u32"],
    [13,"event-ino","u64"],
    [14,"event-mountpoint","string"],
    [15,"event-device","string"],
    [16,"event-time","u64"],
    [17,"mtab-seq","u64"],
    [18,"mtab-reserved","unused"],
    [19,"mount","nest",{"nested":"mount"}],
    [20,"test-path","string"],
    [21,"pad","pad"],
    [22,"proto-version","u32"],
    [23,"features","u64"],
    [24,"mount-id","u32"],
    [25,"path","string"],
    [26,"fs-usage","nest",{"nested":"fs-usage"}],
    [27,"change","nest",{"nested":"change"}],
    [28,"lost-count","u64"],
    [29,"event-errno","u32"],
    [30,"event-suppressed","u32"],
    [31,"event-dev","u32"],
    [32,"event-fstype","string"],
  ],
  "notifier": [
    [0,"unspec","unused"],
    [1,"type","u32"],
    [2,"action","u32"],
    [3,"cmd","u8"],
    [4,"flags","u32"],
  ],
  "mount": [
    [0,"unspec","unused"],
    [1,"id","u32"],
    [2,"parent-id","u32"],
    [3,"dev-major","u32"],
    [4,"dev-minor","u32"],
    [5,"root","string"],
    [6,"mount-point","string"],
    [7,"fs-type","string"],
    [8,"source","string"],
    [9,"mount-options","string"],
    [10,"super-options","string"],
    [11,"flags","u32"],
    [12,"shared-group","u32"],
    [13,"master-group","u32"],
    [14,"propagate-from","u32"],
  ],
  "fs-usage": [
    [0,"unspec","unused"],
    [1,"pad","pad"],
    [2,"type","u64"],
    [3,"bsize","u64"],
    [4,"frsize","u64"],
    [5,"blocks","u64"],
    [6,"bfree","u64"],
    [7,"bavail","u64"],
    [8,"files","u64"],
    [9,"ffree","u64"],
    [10,"namelen","u64"],
    [11,"flags","u64"],
  ],
  "change": [
    [0,"unspec","unused"],
    [1,"pad","pad"],
    [2,"seq","u64"],
    [3,"action","u32"],
    [4,"mount","nest",{"nested":"mount"}],
  ],
});

function decodeNotifierBlock(buf: Buffer, start: number, end: number): NotifierAttrs {
  const out: NotifierAttrs = {};
  let at: string | undefined;
  try {
    const c = new AttrCursor(buf, start, end);
    while (c.next()) {
      switch (c.type) {
        case 1:
          at = 'type';
          out.type = c.u32();
          break;
        case 2:
          at = 'action';
          out.action = c.u32();
          break;
        case 3:
          at = 'cmd';
          out.cmd = c.u8();
          break;
        case 4:
          at = 'flags';
          out.flags = c.u32();
          break;
        default:
          keepUnknown(out, sets["notifier"]!, c);
      }
      at = undefined;
    }
  } catch (err) {
    throw decodeFailure(err, at);
  }
  return out;
}

function decodeMountBlock(buf: Buffer, start: number, end: number): MountAttrs {
  const out: MountAttrs = {};
  let at: string | undefined;
  try {
    const c = new AttrCursor(buf, start, end);
    while (c.next()) {
      switch (c.type) {
        case 1:
          at = 'id';
          out.id = c.u32();
          break;
        case 2:
          at = 'parent-id';
          out.parentId = c.u32();
          break;
        case 3:
          at = 'dev-major';
          out.devMajor = c.u32();
          break;
        case 4:
          at = 'dev-minor';
          out.devMinor = c.u32();
          break;
        case 5:
          at = 'root';
          out.root = readString(c);
          break;
        case 6:
          at = 'mount-point';
          out.mountPoint = readString(c);
          break;
        case 7:
          at = 'fs-type';
          out.fsType = readString(c);
          break;
        case 8:
          at = 'source';
          out.source = readString(c);
          break;
        case 9:
          at = 'mount-options';
          out.mountOptions = readString(c);
          break;
        case 10:
          at = 'super-options';
          out.superOptions = readString(c);
          break;
        case 11:
          at = 'flags';
          out.flags = c.u32();
          break;
        case 12:
          at = 'shared-group';
          out.sharedGroup = c.u32();
          break;
        case 13:
          at = 'master-group';
          out.masterGroup = c.u32();
          break;
        case 14:
          at = 'propagate-from';
          out.propagateFrom = c.u32();
          break;
        default:
          keepUnknown(out, sets["mount"]!, c);
      }
      at = undefined;
    }
  } catch (err) {
    throw decodeFailure(err, at);
  }
  return out;
}

function decodeFsUsageBlock(buf: Buffer, start: number, end: number): FsUsageAttrs {
  const out: FsUsageAttrs = {};
  let at: string | undefined;
  try {
    const c = new AttrCursor(buf, start, end);
    while (c.next()) {
      switch (c.type) {
        case 1:
          break;
        case 2:
          at = 'type';
          out.type = c.u64();
          break;
        case 3:
          at = 'bsize';
          out.bsize = c.u64();
          break;
        case 4:
          at = 'frsize';
          out.frsize = c.u64();
          break;
        case 5:
          at = 'blocks';
          out.blocks = c.u64();
          break;
        case 6:
          at = 'bfree';
          out.bfree = c.u64();
          break;
        case 7:
          at = 'bavail';
          out.bavail = c.u64();
          break;
        case 8:
          at = 'files';
          out.files = c.u64();
          break;
        case 9:
          at = 'ffree';
          out.ffree = c.u64();
          break;
        case 10:
          at = 'namelen';
          out.namelen = c.u64();
          break;
        case 11:
          at = 'flags';
          out.flags = c.u64();
          break;
        default:
          keepUnknown(out, sets["fs-usage"]!, c);
      }
      at = undefined;
    }
  } catch (err) {
    throw decodeFailure(err, at);
  }
  return out;
}

function decodeChangeBlock(buf: Buffer, start: number, end: number): ChangeAttrs {
  const out: ChangeAttrs = {};
  let at: string | undefined;
  try {
    const c = new AttrCursor(buf, start, end);
    while (c.next()) {
      switch (c.type) {
        case 1:
          break;
        case 2:
          at = 'seq';
          out.seq = c.u64();
          break;
        case 3:
          at = 'action';
          out.action = c.u32();
          break;
        case 4:
          at = 'mount';
          out.mount = decodeMountBlock(c.buf, c.valueOffset, c.valueOffset + c.valueLength);
          break;
        default:
          keepUnknown(out, sets["change"]!, c);
      }
      at = undefined;
    }
  } catch (err) {
    throw decodeFailure(err, at);
  }
  return out;
}

/** ping: do-request (Cmd.PING). */
export type PingRequest = Pick<UsipAttrs, 'unknown'>;
export const PingRequestSchema = UsipAttrsSchema.pick({ unknown: true });
const pingRequestSet = restrictSet(sets["usip"]!, []);
export function encodePingRequest(
  familyId: number,
  msg: PingRequest = {},
  options?: SpecEncodeOptions,
): Buffer {
  return encodeSpecMessage(familyId, Cmd.PING, FAMILY_VERSION, pingRequestSet, msg, options);
}
export function decodePingRequest(msg: NetlinkMessage | Buffer): PingRequest {
  const payload = payloadOf(msg);
  checkGenlHeader(payload);
  return decodePingRequestBlock(payload, 4, payload.length);
}
function decodePingRequestBlock(buf: Buffer, start: number, end: number): PingRequest {
  const out: PingRequest = {};
  let at: string | undefined;
  try {
    const c = new AttrCursor(buf, start, end);
    while (c.next()) {
      switch (c.type) {
        case 21:
          break;
        default:
          keepUnknown(out, pingRequestSet, c);
      }
      at = undefined;
    }
  } catch (err) {
    throw decodeFailure(err, at);
  }
  return out;
}

/** ping: do-reply (Cmd.PING). */
export type PingReply = Pick<UsipAttrs, 'status' | 'protoVersion' | 'features' | 'unknown'>;
export const PingReplySchema = UsipAttrsSchema.pick({ status: true, protoVersion: true, features: true, unknown: true });
const pingReplySet = restrictSet(sets["usip"]!, ["status","proto-version","features"]);
export function encodePingReply(
  familyId: number,
  msg: PingReply,
  options?: SpecEncodeOptions,
): Buffer {
  return encodeSpecMessage(familyId, Cmd.PING, FAMILY_VERSION, pingReplySet, msg, options);
}
export function decodePingReply(msg: NetlinkMessage | Buffer): PingReply {
  const payload = payloadOf(msg);
  checkGenlHeader(payload);
  return decodePingReplyBlock(payload, 4, payload.length);
}
function decodePingReplyBlock(buf: Buffer, start: number, end: number): PingReply {
  const out: PingReply = {};
  let at: string | undefined;
  try {
    const c = new AttrCursor(buf, start, end);
    while (c.next()) {
      switch (c.type) {
        case 1:
          at = 'status';
          out.status = c.s32();
          break;
        case 21:
          break;
        case 22:
          at = 'proto-version';
          out.protoVersion = c.u32();
          break;
        case 23:
          at = 'features';
          out.features = c.u64();
          break;
        default:
          keepUnknown(out, pingReplySet, c);
      }
      at = undefined;
    }
  } catch (err) {
    throw decodeFailure(err, at);
  }
  return out;
}

/** event-register: do-request (Cmd.EVENT_REGISTER). */
export type EventRegisterRequest = Pick<UsipAttrs, 'eventFlags' | 'eventNotifiers' | 'unknown'>;
export const EventRegisterRequestSchema = UsipAttrsSchema.pick({ eventFlags: true, eventNotifiers: true, unknown: true });
const eventRegisterRequestSet = restrictSet(sets["usip"]!, ["event-flags","event-notifiers"]);
export function encodeEventRegisterRequest(
  familyId: number,
  msg: EventRegisterRequest,
  options?: SpecEncodeOptions,
): Buffer {
  return encodeSpecMessage(familyId, Cmd.EVENT_REGISTER, FAMILY_VERSION, eventRegisterRequestSet, msg, options);
}
export function decodeEventRegisterRequest(msg: NetlinkMessage | Buffer): EventRegisterRequest {
  const payload = payloadOf(msg);
  checkGenlHeader(payload);
  return decodeEventRegisterRequestBlock(payload, 4, payload.length);
}
function decodeEventRegisterRequestBlock(buf: Buffer, start: number, end: number): EventRegisterRequest {
  const out: EventRegisterRequest = {};
  let at: string | undefined;
  try {
    const c = new AttrCursor(buf, start, end);
    while (c.next()) {
      switch (c.type) {
        case 2:
          at = 'event-notifiers';
          out.eventNotifiers = readIndexed(c, (e) => decodeNotifierBlock(e.buf, e.valueOffset, e.valueOffset + e.valueLength));
          break;
        case 4:
          at = 'event-flags';
          out.eventFlags = c.u32();
          break;
        case 21:
          break;
        default:
          keepUnknown(out, eventRegisterRequestSet, c);
      }
      at = undefined;
    }
  } catch (err) {
    throw decodeFailure(err, at);
  }
  return out;
}

/** event-register: do-reply (Cmd.EVENT_REGISTER). */
export type EventRegisterReply = Pick<UsipAttrs, 'status' | 'eventId' | 'eventGroup' | 'unknown'>;
export const EventRegisterReplySchema = UsipAttrsSchema.pick({ status: true, eventId: true, eventGroup: true, unknown: true });
const eventRegisterReplySet = restrictSet(sets["usip"]!, ["status","event-id","event-group"]);
export function encodeEventRegisterReply(
  familyId: number,
  msg: EventRegisterReply,
  options?: SpecEncodeOptions,
): Buffer {
  return encodeSpecMessage(familyId, Cmd.EVENT_REGISTER, FAMILY_VERSION, eventRegisterReplySet, msg, options);
}
export function decodeEventRegisterReply(msg: NetlinkMessage | Buffer): EventRegisterReply {
  const payload = payloadOf(msg);
  checkGenlHeader(payload);
  return decodeEventRegisterReplyBlock(payload, 4, payload.length);
}
function decodeEventRegisterReplyBlock(buf: Buffer, start: number, end: number): EventRegisterReply {
  const out: EventRegisterReply = {};
  let at: string | undefined;
  try {
    const c = new AttrCursor(buf, start, end);
    while (c.next()) {
      switch (c.type) {
        case 1:
          at = 'status';
          out.status = c.s32();
          break;
        case 7:
          at = 'event-group';
          out.eventGroup = c.u32();
          break;
        case 8:
          at = 'event-id';
          out.eventId = c.u32();
          break;
        case 21:
          break;
        default:
          keepUnknown(out, eventRegisterReplySet, c);
      }
      at = undefined;
    }
  } catch (err) {
    throw decodeFailure(err, at);
  }
  return out;
}

/** event-unregister: do-request (Cmd.EVENT_UNREGISTER). */
export type EventUnregisterRequest = Pick<UsipAttrs, 'eventGroup' | 'eventId' | 'unknown'>;
export const EventUnregisterRequestSchema = UsipAttrsSchema.pick({ eventGroup: true, eventId: true, unknown: true });
const eventUnregisterRequestSet = restrictSet(sets["usip"]!, ["event-group","event-id"]);
export function encodeEventUnregisterRequest(
  familyId: number,
  msg: EventUnregisterRequest,
  options?: SpecEncodeOptions,
): Buffer {
  return encodeSpecMessage(familyId, Cmd.EVENT_UNREGISTER, FAMILY_VERSION, eventUnregisterRequestSet, msg, options);
}
export function decodeEventUnregisterRequest(msg: NetlinkMessage | Buffer): EventUnregisterRequest {
  const payload = payloadOf(msg);
  checkGenlHeader(payload);
  return decodeEventUnregisterRequestBlock(payload, 4, payload.length);
}
function decodeEventUnregisterRequestBlock(buf: Buffer, start: number, end: number): EventUnregisterRequest {
  const out: EventUnregisterRequest = {};
  let at: string | undefined;
  try {
    const c = new AttrCursor(buf, start, end);
    while (c.next()) {
      switch (c.type) {
        case 7:
          at = 'event-group';
          out.eventGroup = c.u32();
          break;
        case 8:
          at = 'event-id';
          out.eventId = c.u32();
          break;
        case 21:
          break;
        default:
          keepUnknown(out, eventUnregisterRequestSet, c);
      }
      at = undefined;
    }
  } catch (err) {
    throw decodeFailure(err, at);
  }
  return out;
}

/** mtab-get: dump-request (Cmd.MTAB_GET). */
export type MtabGetRequest = Pick<UsipAttrs, 'unknown'>;
export const MtabGetRequestSchema = UsipAttrsSchema.pick({ unknown: true });
const mtabGetRequestSet = restrictSet(sets["usip"]!, []);
export function encodeMtabGetRequest(
  familyId: number,
  msg: MtabGetRequest = {},
  options?: SpecEncodeOptions,
): Buffer {
  return encodeSpecMessage(familyId, Cmd.MTAB_GET, FAMILY_VERSION, mtabGetRequestSet, msg, options);
}
export function decodeMtabGetRequest(msg: NetlinkMessage | Buffer): MtabGetRequest {
  const payload = payloadOf(msg);
  checkGenlHeader(payload);
  return decodeMtabGetRequestBlock(payload, 4, payload.length);
}
function decodeMtabGetRequestBlock(buf: Buffer, start: number, end: number): MtabGetRequest {
  const out: MtabGetRequest = {};
  let at: string | undefined;
  try {
    const c = new AttrCursor(buf, start, end);
    while (c.next()) {
      switch (c.type) {
        case 21:
          break;
        default:
          keepUnknown(out, mtabGetRequestSet, c);
      }
      at = undefined;
    }
  } catch (err) {
    throw decodeFailure(err, at);
  }
  return out;
}

/** mtab-get: dump-reply (Cmd.MTAB_GET). */
export type MtabGetReply = Pick<UsipAttrs, 'mtabSeq' | 'mount' | 'unknown'>;
export const MtabGetReplySchema = UsipAttrsSchema.pick({ mtabSeq: true, mount: true, unknown: true });
const mtabGetReplySet = restrictSet(sets["usip"]!, ["mtab-seq","mount"]);
export function encodeMtabGetReply(
  familyId: number,
  msg: MtabGetReply,
  options?: SpecEncodeOptions,
): Buffer {
  return encodeSpecMessage(familyId, Cmd.MTAB_GET, FAMILY_VERSION, mtabGetReplySet, msg, options);
}
export function decodeMtabGetReply(msg: NetlinkMessage | Buffer): MtabGetReply {
  const payload = payloadOf(msg);
  checkGenlHeader(payload);
  return decodeMtabGetReplyBlock(payload, 4, payload.length);
}
function decodeMtabGetReplyBlock(buf: Buffer, start: number, end: number): MtabGetReply {
  const out: MtabGetReply = {};
  let at: string | undefined;
  try {
    const c = new AttrCursor(buf, start, end);
    while (c.next()) {
      switch (c.type) {
        case 17:
          at = 'mtab-seq';
          out.mtabSeq = c.u64();
          break;
        case 19:
          at = 'mount';
          out.mount = decodeMountBlock(c.buf, c.valueOffset, c.valueOffset + c.valueLength);
          break;
        case 21:
          break;
        default:
          keepUnknown(out, mtabGetReplySet, c);
      }
      at = undefined;
    }
  } catch (err) {
    throw decodeFailure(err, at);
  }
  return out;
}

/** mtab-changed: dump-request (Cmd.MTAB_CHANGED). */
export type MtabChangedRequest = Pick<UsipAttrs, 'mtabSeq' | 'unknown'>;
export const MtabChangedRequestSchema = UsipAttrsSchema.pick({ mtabSeq: true, unknown: true });
const mtabChangedRequestSet = restrictSet(sets["usip"]!, ["mtab-seq"]);
export function encodeMtabChangedRequest(
  familyId: number,
  msg: MtabChangedRequest,
  options?: SpecEncodeOptions,
): Buffer {
  return encodeSpecMessage(familyId, Cmd.MTAB_CHANGED, FAMILY_VERSION, mtabChangedRequestSet, msg, options);
}
export function decodeMtabChangedRequest(msg: NetlinkMessage | Buffer): MtabChangedRequest {
  const payload = payloadOf(msg);
  checkGenlHeader(payload);
  return decodeMtabChangedRequestBlock(payload, 4, payload.length);
}
function decodeMtabChangedRequestBlock(buf: Buffer, start: number, end: number): MtabChangedRequest {
  const out: MtabChangedRequest = {};
  let at: string | undefined;
  try {
    const c = new AttrCursor(buf, start, end);
    while (c.next()) {
      switch (c.type) {
        case 17:
          at = 'mtab-seq';
          out.mtabSeq = c.u64();
          break;
        case 21:
          break;
        default:
          keepUnknown(out, mtabChangedRequestSet, c);
      }
      at = undefined;
    }
  } catch (err) {
    throw decodeFailure(err, at);
  }
  return out;
}

/** mtab-changed: dump-reply (Cmd.MTAB_CHANGED). */
export type MtabChangedReply = Pick<UsipAttrs, 'change' | 'unknown'>;
export const MtabChangedReplySchema = UsipAttrsSchema.pick({ change: true, unknown: true });
const mtabChangedReplySet = restrictSet(sets["usip"]!, ["change"]);
export function encodeMtabChangedReply(
  familyId: number,
  msg: MtabChangedReply,
  options?: SpecEncodeOptions,
): Buffer {
  return encodeSpecMessage(familyId, Cmd.MTAB_CHANGED, FAMILY_VERSION, mtabChangedReplySet, msg, options);
}
export function decodeMtabChangedReply(msg: NetlinkMessage | Buffer): MtabChangedReply {
  const payload = payloadOf(msg);
  checkGenlHeader(payload);
  return decodeMtabChangedReplyBlock(payload, 4, payload.length);
}
function decodeMtabChangedReplyBlock(buf: Buffer, start: number, end: number): MtabChangedReply {
  const out: MtabChangedReply = {};
  let at: string | undefined;
  try {
    const c = new AttrCursor(buf, start, end);
    while (c.next()) {
      switch (c.type) {
        case 21:
          break;
        case 27:
          at = 'change';
          out.change = decodeChangeBlock(c.buf, c.valueOffset, c.valueOffset + c.valueLength);
          break;
        default:
          keepUnknown(out, mtabChangedReplySet, c);
      }
      at = undefined;
    }
  } catch (err) {
    throw decodeFailure(err, at);
  }
  return out;
}

/** test-mtab: do-request (Cmd.TEST_MTAB). */
export type TestMtabRequest = Pick<UsipAttrs, 'eventAction' | 'mountId' | 'unknown'>;
export const TestMtabRequestSchema = UsipAttrsSchema.pick({ eventAction: true, mountId: true, unknown: true });
const testMtabRequestSet = restrictSet(sets["usip"]!, ["event-action","mount-id"]);
export function encodeTestMtabRequest(
  familyId: number,
  msg: TestMtabRequest,
  options?: SpecEncodeOptions,
): Buffer {
  return encodeSpecMessage(familyId, Cmd.TEST_MTAB, FAMILY_VERSION, testMtabRequestSet, msg, options);
}
export function decodeTestMtabRequest(msg: NetlinkMessage | Buffer): TestMtabRequest {
  const payload = payloadOf(msg);
  checkGenlHeader(payload);
  return decodeTestMtabRequestBlock(payload, 4, payload.length);
}
function decodeTestMtabRequestBlock(buf: Buffer, start: number, end: number): TestMtabRequest {
  const out: TestMtabRequest = {};
  let at: string | undefined;
  try {
    const c = new AttrCursor(buf, start, end);
    while (c.next()) {
      switch (c.type) {
        case 5:
          at = 'event-action';
          out.eventAction = c.u32();
          break;
        case 21:
          break;
        case 24:
          at = 'mount-id';
          out.mountId = c.u32();
          break;
        default:
          keepUnknown(out, testMtabRequestSet, c);
      }
      at = undefined;
    }
  } catch (err) {
    throw decodeFailure(err, at);
  }
  return out;
}

/** test-enospc: do-request (Cmd.TEST_ENOSPC). */
export type TestEnospcRequest = Pick<UsipAttrs, 'testPath' | 'eventErrno' | 'unknown'>;
export const TestEnospcRequestSchema = UsipAttrsSchema.pick({ testPath: true, eventErrno: true, unknown: true });
const testEnospcRequestSet = restrictSet(sets["usip"]!, ["test-path","event-errno"]);
export function encodeTestEnospcRequest(
  familyId: number,
  msg: TestEnospcRequest,
  options?: SpecEncodeOptions,
): Buffer {
  return encodeSpecMessage(familyId, Cmd.TEST_ENOSPC, FAMILY_VERSION, testEnospcRequestSet, msg, options);
}
export function decodeTestEnospcRequest(msg: NetlinkMessage | Buffer): TestEnospcRequest {
  const payload = payloadOf(msg);
  checkGenlHeader(payload);
  return decodeTestEnospcRequestBlock(payload, 4, payload.length);
}
function decodeTestEnospcRequestBlock(buf: Buffer, start: number, end: number): TestEnospcRequest {
  const out: TestEnospcRequest = {};
  let at: string | undefined;
  try {
    const c = new AttrCursor(buf, start, end);
    while (c.next()) {
      switch (c.type) {
        case 20:
          at = 'test-path';
          out.testPath = readString(c);
          break;
        case 21:
          break;
        case 29:
          at = 'event-errno';
          out.eventErrno = c.u32();
          break;
        default:
          keepUnknown(out, testEnospcRequestSet, c);
      }
      at = undefined;
    }
  } catch (err) {
    throw decodeFailure(err, at);
  }
  return out;
}

/** mount-get: do-request (Cmd.MOUNT_GET). */
export type MountGetRequest = Pick<UsipAttrs, 'mountId' | 'path' | 'unknown'>;
export const MountGetRequestSchema = UsipAttrsSchema.pick({ mountId: true, path: true, unknown: true });
const mountGetRequestSet = restrictSet(sets["usip"]!, ["mount-id","path"]);
export function encodeMountGetRequest(
  familyId: number,
  msg: MountGetRequest,
  options?: SpecEncodeOptions,
): Buffer {
  return encodeSpecMessage(familyId, Cmd.MOUNT_GET, FAMILY_VERSION, mountGetRequestSet, msg, options);
}
export function decodeMountGetRequest(msg: NetlinkMessage | Buffer): MountGetRequest {
  const payload = payloadOf(msg);
  checkGenlHeader(payload);
  return decodeMountGetRequestBlock(payload, 4, payload.length);
}
function decodeMountGetRequestBlock(buf: Buffer, start: number, end: number): MountGetRequest {
  const out: MountGetRequest = {};
  let at: string | undefined;
  try {
    const c = new AttrCursor(buf, start, end);
    while (c.next()) {
      switch (c.type) {
        case 21:
          break;
        case 24:
          at = 'mount-id';
          out.mountId = c.u32();
          break;
        case 25:
          at = 'path';
          out.path = readString(c);
          break;
        default:
          keepUnknown(out, mountGetRequestSet, c);
      }
      at = undefined;
    }
  } catch (err) {
    throw decodeFailure(err, at);
  }
  return out;
}

/** mount-get: do-reply (Cmd.MOUNT_GET). */
export type MountGetReply = Pick<UsipAttrs, 'mtabSeq' | 'mount' | 'unknown'>;
export const MountGetReplySchema = UsipAttrsSchema.pick({ mtabSeq: true, mount: true, unknown: true });
const mountGetReplySet = restrictSet(sets["usip"]!, ["mtab-seq","mount"]);
export function encodeMountGetReply(
  familyId: number,
  msg: MountGetReply,
  options?: SpecEncodeOptions,
): Buffer {
  return encodeSpecMessage(familyId, Cmd.MOUNT_GET, FAMILY_VERSION, mountGetReplySet, msg, options);
}
export function decodeMountGetReply(msg: NetlinkMessage | Buffer): MountGetReply {
  const payload = payloadOf(msg);
  checkGenlHeader(payload);
  return decodeMountGetReplyBlock(payload, 4, payload.length);
}
function decodeMountGetReplyBlock(buf: Buffer, start: number, end: number): MountGetReply {
  const out: MountGetReply = {};
  let at: string | undefined;
  try {
    const c = new AttrCursor(buf, start, end);
    while (c.next()) {
      switch (c.type) {
        case 17:
          at = 'mtab-seq';
          out.mtabSeq = c.u64();
          break;
        case 19:
          at = 'mount';
          out.mount = decodeMountBlock(c.buf, c.valueOffset, c.valueOffset + c.valueLength);
          break;
        case 21:
          break;
        default:
          keepUnknown(out, mountGetReplySet, c);
      }
      at = undefined;
    }
  } catch (err) {
    throw decodeFailure(err, at);
  }
  return out;
}

/** fs-usage: do-request (Cmd.FS_USAGE). */
export type FsUsageRequest = Pick<UsipAttrs, 'path' | 'unknown'>;
export const FsUsageRequestSchema = UsipAttrsSchema.pick({ path: true, unknown: true });
const fsUsageRequestSet = restrictSet(sets["usip"]!, ["path"]);
export function encodeFsUsageRequest(
  familyId: number,
  msg: FsUsageRequest,
  options?: SpecEncodeOptions,
): Buffer {
  return encodeSpecMessage(familyId, Cmd.FS_USAGE, FAMILY_VERSION, fsUsageRequestSet, msg, options);
}
export function decodeFsUsageRequest(msg: NetlinkMessage | Buffer): FsUsageRequest {
  const payload = payloadOf(msg);
  checkGenlHeader(payload);
  return decodeFsUsageRequestBlock(payload, 4, payload.length);
}
function decodeFsUsageRequestBlock(buf: Buffer, start: number, end: number): FsUsageRequest {
  const out: FsUsageRequest = {};
  let at: string | undefined;
  try {
    const c = new AttrCursor(buf, start, end);
    while (c.next()) {
      switch (c.type) {
        case 21:
          break;
        case 25:
          at = 'path';
          out.path = readString(c);
          break;
        default:
          keepUnknown(out, fsUsageRequestSet, c);
      }
      at = undefined;
    }
  } catch (err) {
    throw decodeFailure(err, at);
  }
  return out;
}

/** fs-usage: do-reply (Cmd.FS_USAGE). */
export type FsUsageReply = Pick<UsipAttrs, 'fsUsage' | 'unknown'>;
export const FsUsageReplySchema = UsipAttrsSchema.pick({ fsUsage: true, unknown: true });
const fsUsageReplySet = restrictSet(sets["usip"]!, ["fs-usage"]);
export function encodeFsUsageReply(
  familyId: number,
  msg: FsUsageReply,
  options?: SpecEncodeOptions,
): Buffer {
  return encodeSpecMessage(familyId, Cmd.FS_USAGE, FAMILY_VERSION, fsUsageReplySet, msg, options);
}
export function decodeFsUsageReply(msg: NetlinkMessage | Buffer): FsUsageReply {
  const payload = payloadOf(msg);
  checkGenlHeader(payload);
  return decodeFsUsageReplyBlock(payload, 4, payload.length);
}
function decodeFsUsageReplyBlock(buf: Buffer, start: number, end: number): FsUsageReply {
  const out: FsUsageReply = {};
  let at: string | undefined;
  try {
    const c = new AttrCursor(buf, start, end);
    while (c.next()) {
      switch (c.type) {
        case 21:
          break;
        case 26:
          at = 'fs-usage';
          out.fsUsage = decodeFsUsageBlock(c.buf, c.valueOffset, c.valueOffset + c.valueLength);
          break;
        default:
          keepUnknown(out, fsUsageReplySet, c);
      }
      at = undefined;
    }
  } catch (err) {
    throw decodeFailure(err, at);
  }
  return out;
}

/** mtab-notify: event (Cmd.MTAB_NOTIFY). */
export type MtabNotify = Pick<UsipAttrs, 'eventType' | 'eventGroup' | 'eventId' | 'eventAction' | 'eventCmd' | 'eventTime' | 'change' | 'unknown'>;
export const MtabNotifySchema = UsipAttrsSchema.pick({ eventType: true, eventGroup: true, eventId: true, eventAction: true, eventCmd: true, eventTime: true, change: true, unknown: true });
const mtabNotifySet = restrictSet(sets["usip"]!, ["event-type","event-group","event-id","event-action","event-cmd","event-time","change"]);
export function encodeMtabNotify(
  familyId: number,
  msg: MtabNotify,
  options?: SpecEncodeOptions,
): Buffer {
  return encodeSpecMessage(familyId, Cmd.MTAB_NOTIFY, FAMILY_VERSION, mtabNotifySet, msg, options);
}
export function decodeMtabNotify(msg: NetlinkMessage | Buffer): MtabNotify {
  const payload = payloadOf(msg);
  checkGenlHeader(payload);
  return decodeMtabNotifyBlock(payload, 4, payload.length);
}
function decodeMtabNotifyBlock(buf: Buffer, start: number, end: number): MtabNotify {
  const out: MtabNotify = {};
  let at: string | undefined;
  try {
    const c = new AttrCursor(buf, start, end);
    while (c.next()) {
      switch (c.type) {
        case 3:
          at = 'event-type';
          out.eventType = c.u32();
          break;
        case 5:
          at = 'event-action';
          out.eventAction = c.u32();
          break;
        case 6:
          at = 'event-cmd';
          out.eventCmd = c.u8();
          break;
        case 7:
          at = 'event-group';
          out.eventGroup = c.u32();
          break;
        case 8:
          at = 'event-id';
          out.eventId = c.u32();
          break;
        case 16:
          at = 'event-time';
          out.eventTime = c.u64();
          break;
        case 21:
          break;
        case 27:
          at = 'change';
          out.change = decodeChangeBlock(c.buf, c.valueOffset, c.valueOffset + c.valueLength);
          break;
        default:
          keepUnknown(out, mtabNotifySet, c);
      }
      at = undefined;
    }
  } catch (err) {
    throw decodeFailure(err, at);
  }
  return out;
}

/** storage-notify: event (Cmd.STORAGE_NOTIFY). */
export type StorageNotify = Pick<UsipAttrs, 'eventType' | 'eventGroup' | 'eventId' | 'eventAction' | 'eventCmd' | 'eventErrno' | 'eventPid' | 'eventVpid' | 'eventUid' | 'eventGid' | 'eventIno' | 'eventDev' | 'eventMountpoint' | 'eventDevice' | 'eventFstype' | 'eventTime' | 'eventSuppressed' | 'fsUsage' | 'unknown'>;
export const StorageNotifySchema = UsipAttrsSchema.pick({ eventType: true, eventGroup: true, eventId: true, eventAction: true, eventCmd: true, eventErrno: true, eventPid: true, eventVpid: true, eventUid: true, eventGid: true, eventIno: true, eventDev: true, eventMountpoint: true, eventDevice: true, eventFstype: true, eventTime: true, eventSuppressed: true, fsUsage: true, unknown: true });
const storageNotifySet = restrictSet(sets["usip"]!, ["event-type","event-group","event-id","event-action","event-cmd","event-errno","event-pid","event-vpid","event-uid","event-gid","event-ino","event-dev","event-mountpoint","event-device","event-fstype","event-time","event-suppressed","fs-usage"]);
export function encodeStorageNotify(
  familyId: number,
  msg: StorageNotify,
  options?: SpecEncodeOptions,
): Buffer {
  return encodeSpecMessage(familyId, Cmd.STORAGE_NOTIFY, FAMILY_VERSION, storageNotifySet, msg, options);
}
export function decodeStorageNotify(msg: NetlinkMessage | Buffer): StorageNotify {
  const payload = payloadOf(msg);
  checkGenlHeader(payload);
  return decodeStorageNotifyBlock(payload, 4, payload.length);
}
function decodeStorageNotifyBlock(buf: Buffer, start: number, end: number): StorageNotify {
  const out: StorageNotify = {};
  let at: string | undefined;
  try {
    const c = new AttrCursor(buf, start, end);
    while (c.next()) {
      switch (c.type) {
        case 3:
          at = 'event-type';
          out.eventType = c.u32();
          break;
        case 5:
          at = 'event-action';
          out.eventAction = c.u32();
          break;
        case 6:
          at = 'event-cmd';
          out.eventCmd = c.u8();
          break;
        case 7:
          at = 'event-group';
          out.eventGroup = c.u32();
          break;
        case 8:
          at = 'event-id';
          out.eventId = c.u32();
          break;
        case 9:
          at = 'event-pid';
          out.eventPid = c.u32();
          break;
        case 10:
          at = 'event-vpid';
          out.eventVpid = c.u32();
          break;
        case 11:
          at = 'event-uid';
          out.eventUid = c.u32();
          break;
        case 12:
          at = 'event-gid';
          out.eventGid = c.u32();
          break;
        case 13:
          at = 'event-ino';
          out.eventIno = c.u64();
          break;
        case 14:
          at = 'event-mountpoint';
          out.eventMountpoint = readString(c);
          break;
        case 15:
          at = 'event-device';
          out.eventDevice = readString(c);
          break;
        case 16:
          at = 'event-time';
          out.eventTime = c.u64();
          break;
        case 21:
          break;
        case 26:
          at = 'fs-usage';
          out.fsUsage = decodeFsUsageBlock(c.buf, c.valueOffset, c.valueOffset + c.valueLength);
          break;
        case 29:
          at = 'event-errno';
          out.eventErrno = c.u32();
          break;
        case 30:
          at = 'event-suppressed';
          out.eventSuppressed = c.u32();
          break;
        case 31:
          at = 'event-dev';
          out.eventDev = c.u32();
          break;
        case 32:
          at = 'event-fstype';
          out.eventFstype = readString(c);
          break;
        default:
          keepUnknown(out, storageNotifySet, c);
      }
      at = undefined;
    }
  } catch (err) {
    throw decodeFailure(err, at);
  }
  return out;
}

/** lost-events: event (Cmd.LOST_EVENTS). */
export type LostEvents = Pick<UsipAttrs, 'eventType' | 'eventGroup' | 'eventId' | 'lostCount' | 'unknown'>;
export const LostEventsSchema = UsipAttrsSchema.pick({ eventType: true, eventGroup: true, eventId: true, lostCount: true, unknown: true });
const lostEventsSet = restrictSet(sets["usip"]!, ["event-type","event-group","event-id","lost-count"]);
export function encodeLostEvents(
  familyId: number,
  msg: LostEvents,
  options?: SpecEncodeOptions,
): Buffer {
  return encodeSpecMessage(familyId, Cmd.LOST_EVENTS, FAMILY_VERSION, lostEventsSet, msg, options);
}
export function decodeLostEvents(msg: NetlinkMessage | Buffer): LostEvents {
  const payload = payloadOf(msg);
  checkGenlHeader(payload);
  return decodeLostEventsBlock(payload, 4, payload.length);
}
function decodeLostEventsBlock(buf: Buffer, start: number, end: number): LostEvents {
  const out: LostEvents = {};
  let at: string | undefined;
  try {
    const c = new AttrCursor(buf, start, end);
    while (c.next()) {
      switch (c.type) {
        case 3:
          at = 'event-type';
          out.eventType = c.u32();
          break;
        case 7:
          at = 'event-group';
          out.eventGroup = c.u32();
          break;
        case 8:
          at = 'event-id';
          out.eventId = c.u32();
          break;
        case 21:
          break;
        case 28:
          at = 'lost-count';
          out.lostCount = c.u64();
          break;
        default:
          keepUnknown(out, lostEventsSet, c);
      }
      at = undefined;
    }
  } catch (err) {
    throw decodeFailure(err, at);
  }
  return out;
}

/** Every message of the family, for generic tools and tests. */
export const messages = {
  pingRequest: {
    op: "ping",
    kind: "do-request",
    cmd: Cmd.PING,
    attributeSet: "usip",
    attributes: [],
    schema: PingRequestSchema,
    encode: encodePingRequest,
    decode: decodePingRequest,
  },
  pingReply: {
    op: "ping",
    kind: "do-reply",
    cmd: Cmd.PING,
    attributeSet: "usip",
    attributes: ["status","proto-version","features"],
    schema: PingReplySchema,
    encode: encodePingReply,
    decode: decodePingReply,
  },
  eventRegisterRequest: {
    op: "event-register",
    kind: "do-request",
    cmd: Cmd.EVENT_REGISTER,
    attributeSet: "usip",
    attributes: ["event-flags","event-notifiers"],
    schema: EventRegisterRequestSchema,
    encode: encodeEventRegisterRequest,
    decode: decodeEventRegisterRequest,
  },
  eventRegisterReply: {
    op: "event-register",
    kind: "do-reply",
    cmd: Cmd.EVENT_REGISTER,
    attributeSet: "usip",
    attributes: ["status","event-id","event-group"],
    schema: EventRegisterReplySchema,
    encode: encodeEventRegisterReply,
    decode: decodeEventRegisterReply,
  },
  eventUnregisterRequest: {
    op: "event-unregister",
    kind: "do-request",
    cmd: Cmd.EVENT_UNREGISTER,
    attributeSet: "usip",
    attributes: ["event-group","event-id"],
    schema: EventUnregisterRequestSchema,
    encode: encodeEventUnregisterRequest,
    decode: decodeEventUnregisterRequest,
  },
  mtabGetRequest: {
    op: "mtab-get",
    kind: "dump-request",
    cmd: Cmd.MTAB_GET,
    attributeSet: "usip",
    attributes: [],
    schema: MtabGetRequestSchema,
    encode: encodeMtabGetRequest,
    decode: decodeMtabGetRequest,
  },
  mtabGetReply: {
    op: "mtab-get",
    kind: "dump-reply",
    cmd: Cmd.MTAB_GET,
    attributeSet: "usip",
    attributes: ["mtab-seq","mount"],
    schema: MtabGetReplySchema,
    encode: encodeMtabGetReply,
    decode: decodeMtabGetReply,
  },
  mtabChangedRequest: {
    op: "mtab-changed",
    kind: "dump-request",
    cmd: Cmd.MTAB_CHANGED,
    attributeSet: "usip",
    attributes: ["mtab-seq"],
    schema: MtabChangedRequestSchema,
    encode: encodeMtabChangedRequest,
    decode: decodeMtabChangedRequest,
  },
  mtabChangedReply: {
    op: "mtab-changed",
    kind: "dump-reply",
    cmd: Cmd.MTAB_CHANGED,
    attributeSet: "usip",
    attributes: ["change"],
    schema: MtabChangedReplySchema,
    encode: encodeMtabChangedReply,
    decode: decodeMtabChangedReply,
  },
  testMtabRequest: {
    op: "test-mtab",
    kind: "do-request",
    cmd: Cmd.TEST_MTAB,
    attributeSet: "usip",
    attributes: ["event-action","mount-id"],
    schema: TestMtabRequestSchema,
    encode: encodeTestMtabRequest,
    decode: decodeTestMtabRequest,
  },
  testEnospcRequest: {
    op: "test-enospc",
    kind: "do-request",
    cmd: Cmd.TEST_ENOSPC,
    attributeSet: "usip",
    attributes: ["test-path","event-errno"],
    schema: TestEnospcRequestSchema,
    encode: encodeTestEnospcRequest,
    decode: decodeTestEnospcRequest,
  },
  mountGetRequest: {
    op: "mount-get",
    kind: "do-request",
    cmd: Cmd.MOUNT_GET,
    attributeSet: "usip",
    attributes: ["mount-id","path"],
    schema: MountGetRequestSchema,
    encode: encodeMountGetRequest,
    decode: decodeMountGetRequest,
  },
  mountGetReply: {
    op: "mount-get",
    kind: "do-reply",
    cmd: Cmd.MOUNT_GET,
    attributeSet: "usip",
    attributes: ["mtab-seq","mount"],
    schema: MountGetReplySchema,
    encode: encodeMountGetReply,
    decode: decodeMountGetReply,
  },
  fsUsageRequest: {
    op: "fs-usage",
    kind: "do-request",
    cmd: Cmd.FS_USAGE,
    attributeSet: "usip",
    attributes: ["path"],
    schema: FsUsageRequestSchema,
    encode: encodeFsUsageRequest,
    decode: decodeFsUsageRequest,
  },
  fsUsageReply: {
    op: "fs-usage",
    kind: "do-reply",
    cmd: Cmd.FS_USAGE,
    attributeSet: "usip",
    attributes: ["fs-usage"],
    schema: FsUsageReplySchema,
    encode: encodeFsUsageReply,
    decode: decodeFsUsageReply,
  },
  mtabNotify: {
    op: "mtab-notify",
    kind: "event",
    cmd: Cmd.MTAB_NOTIFY,
    attributeSet: "usip",
    attributes: ["event-type","event-group","event-id","event-action","event-cmd","event-time","change"],
    schema: MtabNotifySchema,
    encode: encodeMtabNotify,
    decode: decodeMtabNotify,
  },
  storageNotify: {
    op: "storage-notify",
    kind: "event",
    cmd: Cmd.STORAGE_NOTIFY,
    attributeSet: "usip",
    attributes: ["event-type","event-group","event-id","event-action","event-cmd","event-errno","event-pid","event-vpid","event-uid","event-gid","event-ino","event-dev","event-mountpoint","event-device","event-fstype","event-time","event-suppressed","fs-usage"],
    schema: StorageNotifySchema,
    encode: encodeStorageNotify,
    decode: decodeStorageNotify,
  },
  lostEvents: {
    op: "lost-events",
    kind: "event",
    cmd: Cmd.LOST_EVENTS,
    attributeSet: "usip",
    attributes: ["event-type","event-group","event-id","lost-count"],
    schema: LostEventsSchema,
    encode: encodeLostEvents,
    decode: decodeLostEvents,
  },
} as const;
