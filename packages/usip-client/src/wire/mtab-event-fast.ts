// The burst path: an MTAB_NOTIFY message read straight into the client's MtabEvent, in one pass
// over its bytes. The general path (usip-genl's decodeUsipNotification, then toEvent) builds an
// attribute object per nest, a notification and only then the event: four objects whose
// properties outgrow V8's in-object slots, per record. In a burst of 15,000 mounts that is
// most of what a cold watcher allocates and compiles.
//
// It only takes the plain case: exactly the attributes the mtab notification, change and
// mount sets define, host byte order, right sizes, every required attribute present, known
// actions. Anything else returns undefined and the caller takes the general path, which then
// makes the same event or raises the same error (test/wire/mtab-event-fast.test.ts holds the
// two paths to the same result on arbitrary payloads).
import { NLA_F_NET_BYTEORDER } from '@usip/netlink-core';
import type { MtabEvent } from '../events.js';
import type { Mount, MountChange, NotifyAction } from '../model.js';
import {
  ChangeAttr,
  Cmd,
  decodeText,
  EventTypeValue,
  MountAttr,
  NotifyActionValue,
  UsipAttr,
} from './bindings.js';

const GENL_HDRLEN = 4;
const TYPE_MASK = 0x3fff;

/** Change-record actions by number; the notification's action also accepts 'any' (0). */
const CHANGE_ACTIONS: readonly (NotifyAction | undefined)[] = (() => {
  const names: (NotifyAction | undefined)[] = [];
  names[NotifyActionValue.UNSPEC] = 'any';
  names[NotifyActionValue.ENOSPC] = 'enospc';
  names[NotifyActionValue.MOUNT] = 'mount';
  names[NotifyActionValue.UMOUNT] = 'umount';
  names[NotifyActionValue.EDQUOT] = 'edquot';
  names[NotifyActionValue.MOVE] = 'move';
  names[NotifyActionValue.ATTR] = 'attr';
  return names;
})();

// One DataView per ArrayBuffer seen last: the messages of a datagram share one.
let viewBuffer: ArrayBufferLike | undefined;
let view: DataView | undefined;

function u64At(b: Buffer, o: number): bigint {
  const ab = b.buffer;
  if (ab !== viewBuffer || view === undefined) {
    view = new DataView(ab);
    viewBuffer = ab;
  }
  return view.getBigUint64(b.byteOffset + o, true);
}

function u32At(b: Buffer, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
}

/** A string attribute's text without its terminating NUL (as usip-genl's readString). */
function textAt(b: Buffer, start: number, length: number): string {
  let end = start + length;
  if (end > start && b[end - 1] === 0) end--;
  return decodeText(b, start, end);
}

// The last text of each repetitive mount attribute (root, fs type, source, options), with its
// bytes. Neighbouring mounts mostly share them: comparing a few bytes in JIT code costs less
// than decoding a new string, and a table of 15,000 mounts then retains one copy of "tmpfs"
// instead of 15,000 (less for the collector to copy while they are young and mark once old).
const SHARED_TEXT_MAX = 64;
const sharedBytes: (Uint8Array | undefined)[] = [];
const sharedText: string[] = [];

/** As textAt, reusing the attribute type's last string when the bytes are the same. */
function sharedTextAt(b: Buffer, start: number, length: number, type: number): string {
  let end = start + length;
  if (end > start && b[end - 1] === 0) end--;
  const n = end - start;
  const last = sharedBytes[type];
  if (last !== undefined && last.length === n) {
    let i = 0;
    while (i < n && last[i] === b[start + i]) i++;
    if (i === n) return sharedText[type]!;
  }
  const text = decodeText(b, start, end);
  if (n <= SHARED_TEXT_MAX) {
    const bytes = new Uint8Array(n);
    bytes.set(b.subarray(start, end));
    sharedBytes[type] = bytes;
    sharedText[type] = text;
  }
  return text;
}

// The mount nest's values while it is read (module scope: no object per record until the
// Mount itself, which is built whole, in the general path's property order).
let mId: number | undefined;
let mParentId: number | undefined;
let mDevMajor: number | undefined;
let mDevMinor: number | undefined;
let mRoot: string | undefined;
let mMountPoint: string | undefined;
let mFsType: string | undefined;
let mSource: string | undefined;
let mMountOptions: string | undefined;
let mSuperOptions: string | undefined;
let mFlags: number | undefined;
let mShared: number | undefined;
let mMaster: number | undefined;
let mPropagateFrom: number | undefined;

/** Reads a mount nest into the m* variables; false when it is not the plain case. */
function readMount(b: Buffer, start: number, end: number): boolean {
  mId = mParentId = mDevMajor = mDevMinor = mFlags = undefined;
  mShared = mMaster = mPropagateFrom = undefined;
  mRoot = mMountPoint = mFsType = mSource = mMountOptions = mSuperOptions = undefined;
  for (let o = start; end - o >= 4; ) {
    const len = b[o]! | (b[o + 1]! << 8);
    if (len < 4 || len > end - o) return false;
    const raw = b[o + 2]! | (b[o + 3]! << 8);
    if ((raw & NLA_F_NET_BYTEORDER) !== 0) return false;
    const v = o + 4;
    const n = len - 4;
    const type = raw & TYPE_MASK;
    if (type >= MountAttr.ROOT && type <= MountAttr.SUPER_OPTIONS) {
      // Mount points differ from mount to mount: no point keeping the last one.
      if (type === MountAttr.MOUNT_POINT) mMountPoint = textAt(b, v, n);
      else {
        const text = sharedTextAt(b, v, n, type);
        if (type === MountAttr.ROOT) mRoot = text;
        else if (type === MountAttr.FS_TYPE) mFsType = text;
        else if (type === MountAttr.SOURCE) mSource = text;
        else if (type === MountAttr.MOUNT_OPTIONS) mMountOptions = text;
        else mSuperOptions = text;
      }
    } else {
      if (n !== 4) return false;
      const x = u32At(b, v);
      switch (type) {
        case MountAttr.ID:
          mId = x;
          break;
        case MountAttr.PARENT_ID:
          mParentId = x;
          break;
        case MountAttr.DEV_MAJOR:
          mDevMajor = x;
          break;
        case MountAttr.DEV_MINOR:
          mDevMinor = x;
          break;
        case MountAttr.FLAGS:
          mFlags = x;
          break;
        case MountAttr.SHARED_GROUP:
          mShared = x;
          break;
        case MountAttr.MASTER_GROUP:
          mMaster = x;
          break;
        case MountAttr.PROPAGATE_FROM:
          mPropagateFrom = x;
          break;
        default:
          return false;
      }
    }
    o = Math.min(o + ((len + 3) & ~3), end);
  }
  return true;
}

/** The Mount the m* variables hold, as the general path's toMount() builds it. */
function builtMount(id: number): Mount {
  const m: Mount = {
    id,
    parentId: mParentId ?? 0,
    devMajor: mDevMajor ?? 0,
    devMinor: mDevMinor ?? 0,
    root: mRoot ?? '',
    mountPoint: mMountPoint ?? '',
    fsType: mFsType ?? '',
    source: mSource ?? '',
    mountOptions: mMountOptions ?? '',
    superOptions: mSuperOptions ?? '',
    flags: mFlags ?? 0,
  };
  if (mShared !== undefined) m.sharedGroup = mShared;
  if (mMaster !== undefined) m.masterGroup = mMaster;
  if (mPropagateFrom !== undefined) m.propagateFrom = mPropagateFrom;
  return m;
}

/** Attribute numbers of a block that holds one mount nest: a change nest or a dump reply. */
interface MountHolder {
  pad: number;
  seq: number;
  action: number; // -1: none
  mount: number;
}
const CHANGE_NEST: MountHolder = {
  pad: ChangeAttr.PAD,
  seq: ChangeAttr.SEQ,
  action: ChangeAttr.ACTION,
  mount: ChangeAttr.MOUNT,
};
const DUMP_REPLY: MountHolder = {
  pad: UsipAttr.PAD,
  seq: UsipAttr.MTAB_SEQ,
  action: -1,
  mount: UsipAttr.MOUNT,
};

// The holder's own values while it is read (module scope, like the m* variables).
let hSeq: bigint | undefined;
let hAction: number | undefined;

/**
 * Reads a block of pad, sequence number (u64), action (u32) and mount-nest attributes into hSeq
 * and hAction, then its mount nest into the m* variables; false when it is not the plain case:
 * any other attribute, a wrong size, a mount without an id, or other than exactly one mount nest
 * (the general path decodes every nest, a later one replacing an earlier one, and any of them
 * may be malformed).
 */
function readMountHolder(b: Buffer, start: number, end: number, t: MountHolder): boolean {
  hSeq = hAction = undefined;
  let mountAt = -1;
  let mountEnd = -1;
  let mounts = 0;
  for (let o = start; end - o >= 4; ) {
    const len = b[o]! | (b[o + 1]! << 8);
    if (len < 4 || len > end - o) return false;
    const raw = b[o + 2]! | (b[o + 3]! << 8);
    if ((raw & NLA_F_NET_BYTEORDER) !== 0) return false;
    const n = len - 4;
    const type = raw & TYPE_MASK;
    if (type === t.seq) {
      if (n !== 8) return false;
      hSeq = u64At(b, o + 4);
    } else if (type === t.action) {
      if (n !== 4) return false;
      hAction = u32At(b, o + 4);
    } else if (type === t.mount) {
      // Read after the loop, and only when it is the one mount nest.
      mountAt = o + 4;
      mountEnd = o + 4 + n;
      mounts++;
    } else if (type !== t.pad) {
      return false;
    }
    o = Math.min(o + ((len + 3) & ~3), end);
  }
  return mounts === 1 && readMount(b, mountAt, mountEnd) && mId !== undefined;
}

/** A change nest as the general path's toChange() makes it; undefined when not plain. */
function readChange(b: Buffer, start: number, end: number): MountChange | undefined {
  if (!readMountHolder(b, start, end, CHANGE_NEST)) return undefined;
  const seq = hSeq;
  const id = mId;
  if (seq === undefined || id === undefined) return undefined;
  switch (hAction) {
    case NotifyActionValue.MOUNT:
      return { seq, action: 'mount', mount: builtMount(id) };
    case NotifyActionValue.MOVE:
      return { seq, action: 'move', mount: builtMount(id) };
    case NotifyActionValue.ATTR:
      return { seq, action: 'attr', mount: builtMount(id) };
    case NotifyActionValue.UMOUNT:
      return {
        seq,
        action: 'umount',
        mount: mMountPoint !== undefined ? builtMount(id) : { id, parentId: mParentId },
      };
    default:
      return undefined;
  }
}

/**
 * The MtabEvent of an MTAB_NOTIFY payload (genlmsghdr first) in the plain case; undefined when
 * the payload is anything else (another command, an unknown or malformed attribute, a missing
 * one): the general path then decides.
 */
export function fastMtabEvent(payload: Buffer): MtabEvent | undefined {
  const end = payload.length;
  if (end < GENL_HDRLEN || payload[0] !== Cmd.MTAB_NOTIFY) return undefined;
  let eventType: number | undefined;
  let action: number | undefined;
  let cmd: number | undefined;
  let group: number | undefined;
  let listenerId: number | undefined;
  let time: bigint | undefined;
  let changeAt = -1;
  let changeEnd = -1;
  let changes = 0;
  for (let o = GENL_HDRLEN; end - o >= 4; ) {
    const len = payload[o]! | (payload[o + 1]! << 8);
    if (len < 4 || len > end - o) return undefined;
    const raw = payload[o + 2]! | (payload[o + 3]! << 8);
    if ((raw & NLA_F_NET_BYTEORDER) !== 0) return undefined;
    const v = o + 4;
    const n = len - 4;
    switch (raw & TYPE_MASK) {
      case UsipAttr.EVENT_TYPE:
        if (n !== 4) return undefined;
        eventType = u32At(payload, v);
        break;
      case UsipAttr.EVENT_ACTION:
        if (n !== 4) return undefined;
        action = u32At(payload, v);
        break;
      case UsipAttr.EVENT_CMD:
        if (n !== 1) return undefined;
        cmd = payload[v]!;
        break;
      case UsipAttr.EVENT_GROUP:
        if (n !== 4) return undefined;
        group = u32At(payload, v);
        break;
      case UsipAttr.EVENT_ID:
        if (n !== 4) return undefined;
        listenerId = u32At(payload, v);
        break;
      case UsipAttr.EVENT_TIME:
        if (n !== 8) return undefined;
        time = u64At(payload, v);
        break;
      case UsipAttr.PAD:
        break;
      case UsipAttr.CHANGE:
        changeAt = v;
        changeEnd = v + n;
        changes++;
        break;
      default:
        return undefined;
    }
    o = Math.min(o + ((len + 3) & ~3), end);
  }
  if (
    eventType !== EventTypeValue.MTAB ||
    group === undefined ||
    listenerId === undefined ||
    action === undefined ||
    changes > 1
  )
    return undefined;
  const actionName = CHANGE_ACTIONS[action];
  if (actionName === undefined) return undefined;
  const event: MtabEvent = { kind: 'mtab', listenerId, group, action: actionName, cmd: cmd ?? 0 };
  if (time !== undefined) event.time = time;
  if (changes === 1) {
    const change = readChange(payload, changeAt, changeEnd);
    if (change === undefined) return undefined;
    event.change = change;
  }
  return event;
}

/**
 * An MTAB_GET dump reply (genlmsghdr first) in the plain case: the table's sequence number (when
 * sent) and the mount, as decodeMtabGetReply then toMount make them; undefined for anything else.
 * Loading a table thus runs the very decoder the change records will: a watcher's first dump
 * warms the code its first burst needs.
 */
export function fastMtabGetReply(payload: Buffer): { seq?: bigint; mount: Mount } | undefined {
  if (payload.length < GENL_HDRLEN) return undefined;
  if (!readMountHolder(payload, GENL_HDRLEN, payload.length, DUMP_REPLY)) return undefined;
  const seq = hSeq;
  const id = mId;
  if (id === undefined) return undefined;
  const mount = builtMount(id);
  return seq === undefined ? { mount } : { seq, mount };
}
