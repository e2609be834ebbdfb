// A scripted USIP module behind a MemoryTransport: nlctrl (usip-genl's FakeNlctrl) plus the
// usip_family commands, answered with the generated encoders from kernel/usip.yaml, over a model
// mount namespace. Tests drive mount-table changes, drop notifications and raise lost events.
import {
  encodeDone,
  encodeErrorReply,
  MemoryTransport,
  type NetlinkMessage,
  NlmF,
  parseMessages,
} from '@usip/netlink-core';
import {
  Cmd,
  decodeEventRegisterRequest,
  decodeEventUnregisterRequest,
  decodeFsUsageRequest,
  decodeMountGetRequest,
  decodeMtabChangedRequest,
  decodeTestEnospcRequest,
  EventType,
  encodeEventRegisterReply,
  encodeFsUsageReply,
  encodeLostEvents,
  encodeMountGetReply,
  encodeMtabChangedReply,
  encodeMtabGetReply,
  encodeMtabNotify,
  encodePingReply,
  encodeStorageNotify,
  FakeNlctrl,
  type GenlFamily,
  groupMask,
  NotifyAction,
  opFromFlags,
} from '@usip/usip-genl';
import type { Mount, MountChange } from '../../src/model.js';
import { ModelNamespace } from './model-namespace.js';

export const USIP_FAMILY: GenlFamily = {
  id: 0x20,
  name: 'usip_family',
  version: 2,
  hdrsize: 0,
  maxattr: 0,
  ops: Object.values(Cmd)
    .filter((c) => c >= Cmd.PING && c <= Cmd.FS_USAGE)
    .map((c) => opFromFlags(c, 0x0e)),
  mcastGroups: [
    { name: 'mcg_mtab', id: 9 },
    { name: 'mcg_storage', id: 10 },
  ],
};
const MTAB_GROUP = 9;
/** nl_groups of a datagram multicast on mcg_mtab. */
export const MTAB_GROUP_MASK = groupMask(MTAB_GROUP);
const STORAGE_GROUP = 10;
export const NAMESPACE = 4026531840;
const ESTALE = 116;
const EPERM = 1;

interface FakeListener {
  id: number;
  group: number;
  types: number[];
}

const actionNumber: Record<MountChange['action'], number> = {
  mount: NotifyAction.MOUNT,
  umount: NotifyAction.UMOUNT,
  move: NotifyAction.MOVE,
  attr: NotifyAction.ATTR,
};

export class FakeUsipKernel {
  readonly nlctrl = new FakeNlctrl();
  readonly transport: MemoryTransport;
  readonly ns: ModelNamespace;
  readonly listeners = new Map<number, FakeListener>();
  readonly requests: { cmd: number; message: NetlinkMessage }[] = [];
  protoVersion = 2;
  features = 0xffn;
  /** Notifications to swallow (as if the kernel's queue had overflowed). */
  dropNotifications = 0;
  /** Answer the next request of this command with this errno and extended-ack message. */
  failNext: { cmd: number; errno: number; message?: string } | undefined;
  /**
   * Mount-table notifications packed into one datagram, as the module does in a burst: they wait
   * until this many are ready (or flushNotifications()). 1 = a datagram each.
   */
  notificationsPerDatagram = 1;
  /** When set, mount-table notification datagrams are collected here instead of sent (a bench
   * hands them to the client's engine itself, without the transport's event-loop turns). */
  capturedNotifications: Buffer[] | undefined;
  #packed: Buffer[] = [];
  #nextListener = 1;

  constructor(options: { loaded?: boolean; logCapacity?: number; dumpLag?: number } = {}) {
    this.ns = new ModelNamespace(options.logCapacity ?? 64, options.dumpLag ?? 0);
    this.transport = new MemoryTransport({
      protocol: 16,
      portId: 4242,
      peer: (request) => this.#answer(request),
    });
    this.nlctrl.multicast = (data, groups) => this.transport.injectMulticast(data, groups);
    if (options.loaded ?? true) this.nlctrl.register(USIP_FAMILY, undefined, true);
  }

  /** A mount-table change: logged, and notified to every mtab listener (unless dropped). */
  change(make: (ns: ModelNamespace) => MountChange): MountChange {
    const change = make(this.ns);
    for (const l of this.listeners.values()) {
      if (!l.types.includes(EventType.MTAB)) continue;
      if (this.dropNotifications > 0) {
        this.dropNotifications--;
        continue;
      }
      this.#multicastMtab(
        encodeMtabNotify(USIP_FAMILY.id, {
          eventType: EventType.MTAB,
          eventGroup: l.group,
          eventId: l.id,
          eventAction: actionNumber[change.action],
          eventCmd: 0,
          eventTime: 1_764_072_000_000_000_000n + change.seq,
          change: {
            seq: change.seq,
            action: actionNumber[change.action],
            mount: mountAttrs(change.mount),
          },
        }),
      );
    }
    return change;
  }

  /** Sends the packed notifications that have not filled a datagram yet. */
  flushNotifications(): void {
    if (this.#packed.length === 0) return;
    const datagram = Buffer.concat(this.#packed);
    this.#packed = [];
    if (this.capturedNotifications) this.capturedNotifications.push(datagram);
    else this.transport.injectMulticast(datagram, MTAB_GROUP_MASK);
  }

  #multicastMtab(message: Buffer): void {
    this.#packed.push(message);
    if (this.#packed.length >= this.notificationsPerDatagram) this.flushNotifications();
  }

  /** The kernel's lost-events notification to every mtab listener. */
  lostEvents(count: bigint): void {
    this.flushNotifications(); // after the notifications the kernel queued before
    for (const l of this.listeners.values()) {
      this.transport.injectMulticast(
        encodeLostEvents(USIP_FAMILY.id, {
          eventType: EventType.MTAB,
          eventGroup: l.group,
          eventId: l.id,
          lostCount: count,
        }),
        groupMask(MTAB_GROUP),
      );
    }
  }

  storageEvent(listenerId: number, path: string, errno = 28): void {
    this.transport.injectMulticast(
      encodeStorageNotify(USIP_FAMILY.id, {
        eventType: EventType.STORAGE,
        eventGroup: NAMESPACE,
        eventId: listenerId,
        eventAction: errno === 28 ? NotifyAction.ENOSPC : NotifyAction.EDQUOT,
        eventCmd: 0,
        eventErrno: errno,
        eventPid: 321,
        eventVpid: 1,
        eventUid: 1000,
        eventGid: 1000,
        eventIno: 12n,
        eventDev: 0x800001,
        eventMountpoint: path,
        eventDevice: 'tmpfs',
        eventFstype: 'tmpfs',
        eventTime: 1_764_072_000_123_456_789n,
        eventSuppressed: 0,
      }),
      groupMask(STORAGE_GROUP),
    );
  }

  sent(cmd: number): NetlinkMessage[] {
    return this.requests.filter((r) => r.cmd === cmd).map((r) => r.message);
  }

  #answer(request: Buffer): Buffer[] {
    const [message] = parseMessages(request);
    if (!message || message.type !== USIP_FAMILY.id) return this.nlctrl.peer(request);
    const cmd = message.payload[0]!;
    this.requests.push({ cmd, message });
    const reply = { seq: message.seq, pid: this.transport.portId };
    const ack = (message.flags & NlmF.ACK) !== 0 ? [encodeErrorReply({ error: 0, request })] : [];
    const fail = (errno: number, text?: string) => [
      encodeErrorReply({
        error: -errno,
        request,
        extAck: text === undefined ? {} : { message: text },
      }),
    ];
    if (this.failNext?.cmd === cmd) {
      const { errno, message: text } = this.failNext;
      this.failNext = undefined;
      return fail(errno, text);
    }
    switch (cmd) {
      case Cmd.PING:
        return [
          encodePingReply(
            USIP_FAMILY.id,
            { status: 1, protoVersion: this.protoVersion, features: this.features },
            reply,
          ),
          ...ack,
        ];
      case Cmd.EVENT_REGISTER: {
        const r = decodeEventRegisterRequest(message);
        const id = this.#nextListener++;
        const types = (r.eventNotifiers ?? []).map((n) => n.type ?? 0);
        this.listeners.set(id, { id, group: NAMESPACE, types });
        return [
          encodeEventRegisterReply(
            USIP_FAMILY.id,
            { status: 0, eventId: id, eventGroup: NAMESPACE },
            reply,
          ),
          ...ack,
        ];
      }
      case Cmd.EVENT_UNREGISTER: {
        const r = decodeEventUnregisterRequest(message);
        if (!this.listeners.delete(r.eventId ?? 0)) return fail(2, 'no such listener');
        return ack;
      }
      case Cmd.MTAB_GET: {
        const snapshot = this.ns.snapshotForDump();
        const parts = snapshot.mounts.map((m) =>
          encodeMtabGetReply(
            USIP_FAMILY.id,
            { mtabSeq: snapshot.seq, mount: mountAttrs(m) },
            { ...reply, flags: NlmF.MULTI },
          ),
        );
        return [Buffer.concat([...parts, encodeDone({ seq: message.seq })])];
      }
      case Cmd.MTAB_CHANGED: {
        const since = decodeMtabChangedRequest(message).mtabSeq ?? 0n;
        const oldest = this.ns.log[0]?.seq ?? this.ns.seq + 1n;
        if (since + 1n < oldest)
          return fail(ESTALE, 'the change log no longer reaches back that far');
        const parts = this.ns.log
          .filter((c) => c.seq > since)
          .map((c) =>
            encodeMtabChangedReply(
              USIP_FAMILY.id,
              {
                change: { seq: c.seq, action: actionNumber[c.action], mount: mountAttrs(c.mount) },
              },
              { ...reply, flags: NlmF.MULTI },
            ),
          );
        return [Buffer.concat([...parts, encodeDone({ seq: message.seq })])];
      }
      case Cmd.MOUNT_GET: {
        const r = decodeMountGetRequest(message);
        const mount = [...this.ns.table.values()].find(
          (m) => m.id === r.mountId || m.mountPoint === r.path,
        );
        if (!mount) return fail(2, 'no such mount');
        return [
          encodeMountGetReply(
            USIP_FAMILY.id,
            { mtabSeq: this.ns.seq, mount: mountAttrs(mount) },
            reply,
          ),
          ...ack,
        ];
      }
      case Cmd.FS_USAGE: {
        decodeFsUsageRequest(message);
        return [
          encodeFsUsageReply(
            USIP_FAMILY.id,
            {
              fsUsage: {
                type: 0x01021994n,
                bsize: 4096n,
                frsize: 4096n,
                blocks: 100n,
                bfree: 40n,
                bavail: 40n,
                files: 10n,
                ffree: 5n,
                namelen: 255n,
                flags: 0n,
              },
            },
            reply,
          ),
          ...ack,
        ];
      }
      case Cmd.TEST_ENOSPC: {
        const r = decodeTestEnospcRequest(message);
        if (!(this.features & 32n)) return fail(EPERM, 'test commands are disabled');
        for (const l of this.listeners.values()) {
          if (l.types.includes(EventType.STORAGE))
            this.storageEvent(l.id, r.testPath ?? '?', r.eventErrno);
        }
        return ack;
      }
      case Cmd.TEST_MTAB:
        return ack;
      default:
        return fail(95);
    }
  }
}

function mountAttrs(m: Mount | { id: number; parentId?: number }) {
  return { ...m };
}
