import { constants as os } from 'node:os';
import {
  NetlinkConnection,
  type NetlinkMessage,
  NetlinkProtocol,
  NetlinkSocket,
  type Transport,
} from '@usip/netlink-core';
import { GenlConnection } from '@usip/usip-genl';
import type { DumpOptions, Listener, UsipApi } from './api.js';
import {
  ClosedError,
  FeatureMissingError,
  ModuleNotLoadedError,
  ProtocolMismatchError,
} from './errors.js';
import type { UsipEvent } from './events.js';
import { trackForExit, untrackForExit } from './exit-cleanup.js';
import { type FeatureName, hasFeature } from './features.js';
import { mountRefSchema, pathSchema, testEnospcSchema, testMtabSchema } from './inputs.js';
import { UsipListener } from './listener.js';
import { LiveMountTable, type MtabSignal } from './live/live-mount-table.js';
import type { FsUsage, Mount, MountChange, MountTableSnapshot, PingReply } from './model.js';
import { type ListenerOptionsInput, listenerOptionsSchema, validate } from './notifier.js';
import {
  decodeEventRegisterReply,
  decodeFsUsageReply,
  decodeMountGetReply,
  decodeMtabChangedReply,
  decodeMtabGetReply,
  decodePingReply,
  decodeUsipNotification,
  encodeEventRegisterRequest,
  encodeEventUnregisterRequest,
  encodeFsUsageRequest,
  encodeMountGetRequest,
  encodeMtabChangedRequest,
  encodeMtabGetRequest,
  encodePingRequest,
  encodeTestEnospcRequest,
  encodeTestMtabRequest,
  FAMILY_NAME,
  ListenerFlags,
  McastGroup,
  PROTO_VERSION,
} from './wire/bindings.js';
import {
  actionNumber,
  notifierAttrs,
  toChange,
  toDumpEntry,
  toEvent,
  toFsUsage,
  toMount,
} from './wire/convert.js';
import { toChangesError, toUsipError } from './wire/errors.js';
import { fastMtabEvent, fastMtabGetReply } from './wire/mtab-event-fast.js';

export interface UsipClientOptions {
  /** Use this transport instead of a new NETLINK_GENERIC socket (tests: a MemoryTransport). */
  transport?: Transport;
  /** Open the socket in another network namespace (/run/netns/NAME, /proc/PID/ns/net). */
  netns?: string;
  /** Per-request timeout (default: the engine's, 5 s). */
  timeoutMs?: number;
  /** Refuse to open unless the module offers these features. */
  requireFeatures?: FeatureName[];
}

// genlmsghdr: lets the engine turn an extended-ack offset into an attribute path.
const GENL_HEADER_LENGTH = 4;
// Events that arrive before their listener's EVENT_REGISTER answer is handled wait here.
const MAX_EARLY_EVENTS = 256;
// Dumps the kernel flags as interrupted (NLM_F_DUMP_INTR) are retried this many times.
const DUMP_RETRIES = 3;

/** A connection to the USIP kernel module. Open with UsipClient.open(). */
export class UsipClient implements UsipApi {
  readonly #genl: GenlConnection;
  readonly #netlink: NetlinkConnection;
  readonly #listeners = new Map<number, UsipListener>();
  readonly #earlyEvents: UsipEvent[] = [];
  readonly #groupUsers = new Map<string, number>();
  #familyId: number;
  #ping: PingReply = { status: 0, protoVersion: 0, features: 0n };
  #closing: Promise<void> | undefined;

  private constructor(genl: GenlConnection, familyId: number) {
    this.#genl = genl;
    this.#netlink = genl.netlink;
    this.#familyId = familyId;
    this.#netlink.on('notification', (event: { message: NetlinkMessage }) =>
      this.#onNotification(event.message),
    );
    this.#netlink.on('overrun', () => this.#onOverrun());
    genl.resolver.lifetimeSignal(FAMILY_NAME).addEventListener('abort', () => this.#onFamilyGone());
  }

  /**
   * Resolves the usip_family family, PINGs it and checks the protocol version and the required
   * features. Rejects with ModuleNotLoadedError when the module is not loaded.
   */
  static async open(options: UsipClientOptions = {}): Promise<UsipClient> {
    const transport =
      options.transport ??
      new NetlinkSocket({ protocol: NetlinkProtocol.GENERIC, netns: options.netns });
    const netlink = new NetlinkConnection(
      transport,
      options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs },
    );
    const genl = new GenlConnection(netlink);
    try {
      const family = await genl.family(FAMILY_NAME).catch((e) => {
        throw toUsipError('resolve', e);
      });
      const client = new UsipClient(genl, family.id);
      const reply = await client.ping();
      if (reply.protoVersion !== PROTO_VERSION) {
        throw new ProtocolMismatchError(reply.protoVersion, PROTO_VERSION);
      }
      for (const feature of options.requireFeatures ?? []) client.#require(feature);
      trackForExit(client);
      return client;
    } catch (error) {
      genl.close();
      throw error;
    }
  }

  get protoVersion(): number {
    return this.#ping.protoVersion;
  }

  get features(): bigint {
    return this.#ping.features;
  }

  /** The netlink connection underneath (for statistics or debugging). */
  get netlink(): NetlinkConnection {
    return this.#netlink;
  }

  async ping(): Promise<PingReply> {
    const [reply] = await this.#request('PING', (id) => encodePingRequest(id));
    const r = decodePingReply(reply!);
    this.#ping = {
      status: r.status ?? 0,
      protoVersion: r.protoVersion ?? 0,
      features: r.features ?? 0n,
    };
    return this.#ping;
  }

  async *mounts(options: DumpOptions = {}): AsyncGenerator<Mount> {
    this.#require('mtab-dump');
    let count = 0;
    for await (const reply of this.#dump('MTAB_GET', (id) => encodeMtabGetRequest(id), options)) {
      yield toMount(decodeMtabGetReply(reply).mount);
      options.onProgress?.(++count);
    }
  }

  async mountTable(options: DumpOptions = {}): Promise<MountTableSnapshot> {
    this.#require('mtab-dump');
    for (let attempt = 0; ; attempt++) {
      const mounts: Mount[] = [];
      let seq: bigint | undefined;
      const stream = this.#netlink.dump(
        this.#encode((id) => encodeMtabGetRequest(id)),
        {
          familyHeaderLength: GENL_HEADER_LENGTH,
          signal: options.signal,
        },
      );
      try {
        for await (const reply of stream) {
          // The plain reply takes the change records' own decoder (wire/mtab-event-fast.ts).
          const r = fastMtabGetReply(reply.payload) ?? toDumpEntry(decodeMtabGetReply(reply));
          seq ??= r.seq;
          mounts.push(r.mount);
          options.onProgress?.(mounts.length);
        }
      } catch (error) {
        throw toUsipError('MTAB_GET', error);
      }
      if (stream.interrupted && attempt < DUMP_RETRIES) continue;
      return { seq: seq ?? 0n, mounts };
    }
  }

  /** MTAB_CHANGED: the change records after `seq` (StaleChangeLogError when too old). */
  async changesSince(seq: bigint): Promise<MountChange[]> {
    this.#require('mtab-changes');
    const records: MountChange[] = [];
    const stream = this.#netlink.dump(
      this.#encode((id) => encodeMtabChangedRequest(id, { mtabSeq: seq })),
      { familyHeaderLength: GENL_HEADER_LENGTH },
    );
    try {
      for await (const reply of stream)
        records.push(toChange(decodeMtabChangedReply(reply).change));
    } catch (error) {
      throw toChangesError(seq, error);
    }
    return records;
  }

  async mount(idOrPath: number | string): Promise<{ seq: bigint; mount: Mount }> {
    const ref = validate(mountRefSchema, idOrPath, 'mount id or path');
    this.#require('mount-lookup');
    const [reply] = await this.#request('MOUNT_GET', (id) =>
      encodeMountGetRequest(id, typeof ref === 'number' ? { mountId: ref } : { path: ref }),
    );
    const r = decodeMountGetReply(reply!);
    return { seq: r.mtabSeq ?? 0n, mount: toMount(r.mount) };
  }

  async fsUsage(path: string): Promise<FsUsage> {
    const valid = validate(pathSchema, path, 'path');
    this.#require('fs-usage');
    const [reply] = await this.#request('FS_USAGE', (id) =>
      encodeFsUsageRequest(id, { path: valid }),
    );
    return toFsUsage(decodeFsUsageReply(reply!).fsUsage);
  }

  async testEnospc(path: string, errno: 'ENOSPC' | 'EDQUOT' = 'ENOSPC'): Promise<void> {
    const input = validate(testEnospcSchema, { path, errno }, 'TEST_ENOSPC arguments');
    this.#require('test-commands');
    await this.#request('TEST_ENOSPC', (id) =>
      encodeTestEnospcRequest(id, { testPath: input.path, eventErrno: os.errno[input.errno] }),
    );
  }

  async testMtab(
    options: { action?: 'mount' | 'umount' | 'move' | 'attr'; mountId?: number } = {},
  ) {
    const input = validate(testMtabSchema, options, 'TEST_MTAB arguments');
    this.#require('test-commands');
    const attrs: { eventAction: number; mountId?: number } = {
      eventAction: actionNumber(input.action),
    };
    if (input.mountId !== undefined) attrs.mountId = input.mountId;
    await this.#request('TEST_MTAB', (id) => encodeTestMtabRequest(id, attrs));
  }

  async listen(input: ListenerOptionsInput): Promise<Listener> {
    const options = validate(listenerOptionsSchema, input, 'listener options');
    this.#require('listeners');
    if (this.#closing) throw new ClosedError('the USIP client');
    const groups = [
      ...new Set(
        options.notifiers.map((n) => (n.type === 'mtab' ? McastGroup.MTAB : McastGroup.STORAGE)),
      ),
    ];
    for (const group of groups) await this.#joinGroup(group);
    let reply: NetlinkMessage | undefined;
    try {
      [reply] = await this.#request('EVENT_REGISTER', (id) =>
        encodeEventRegisterRequest(id, {
          eventFlags: options.global ? ListenerFlags.GLOBAL : 0,
          eventNotifiers: options.notifiers.map(notifierAttrs),
        }),
      );
    } catch (error) {
      for (const group of groups) this.#leaveGroup(group);
      throw error;
    }
    const r = decodeEventRegisterReply(reply!);
    const listener = new UsipListener(r.eventId ?? 0, r.eventGroup ?? 0, options, async (l) => {
      this.#listeners.delete(l.id);
      for (const group of groups) this.#leaveGroup(group);
      if (this.#netlink.isClosed) return;
      await this.#request('EVENT_UNREGISTER', (id) =>
        encodeEventUnregisterRequest(id, { eventGroup: l.group, eventId: l.id }),
      ).catch(() => {
        // Already gone in the kernel (module reloaded, socket closing): nothing left to undo.
      });
    });
    this.#listeners.set(listener.id, listener);
    this.#handOverEarlyEvents(listener);
    return listener;
  }

  /**
   * A live copy of the mount table: registers an mtab listener, dumps, then applies each change
   * record; resyncs by itself (see LiveMountTable). Closing it unregisters the listener.
   */
  async liveMountTable(): Promise<LiveMountTable> {
    this.#require('mtab-changes');
    const listener = await this.listen({ notifiers: [{ type: 'mtab' }] });
    const live = new LiveMountTable(
      { dump: () => this.mountTable(), changesSince: (seq) => this.changesSince(seq) },
      { onClose: () => listener.close() },
    );
    listener.subscribe((event) => {
      const signal = toSignal(event);
      if (signal) live.push(signal);
    });
    try {
      await live.start();
    } catch (error) {
      await live.close();
      throw error;
    }
    return live;
  }

  /** Unregisters every listener, then closes the socket. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      untrackForExit(this);
      await Promise.allSettled([...this.#listeners.values()].map((l) => l.close()));
      this.#genl.close();
    })();
    return this.#closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** At process exit: send every EVENT_UNREGISTER without waiting, then close the socket. */
  unregisterAllNow(): void {
    for (const l of this.#listeners.values()) {
      this.#netlink.transport.send(
        encodeEventUnregisterRequest(this.#familyId, { eventGroup: l.group, eventId: l.id }),
      );
      l.detach();
    }
    this.#listeners.clear();
    this.#genl.close();
  }

  #require(feature: FeatureName): void {
    if (!hasFeature(this.#ping.features, feature)) {
      const hint =
        feature === 'test-commands'
          ? 'load it with `insmod usip.ko test_commands=1`'
          : 'update the module';
      throw new FeatureMissingError(feature, hint);
    }
  }

  #encode(encode: (familyId: number) => Buffer): Buffer {
    // The resolver follows the family across a module reload (its id changes then).
    this.#familyId = this.#genl.resolver.cached(FAMILY_NAME)?.id ?? this.#familyId;
    return encode(this.#familyId);
  }

  async #request(op: string, encode: (familyId: number) => Buffer): Promise<NetlinkMessage[]> {
    if (this.#netlink.isClosed) throw new ClosedError('the USIP client');
    try {
      return await this.#netlink.request(this.#encode(encode), {
        familyHeaderLength: GENL_HEADER_LENGTH,
      });
    } catch (error) {
      throw toUsipError(op, error);
    }
  }

  async *#dump(
    op: string,
    encode: (familyId: number) => Buffer,
    options: DumpOptions,
  ): AsyncGenerator<NetlinkMessage> {
    const stream = this.#netlink.dump(this.#encode(encode), {
      familyHeaderLength: GENL_HEADER_LENGTH,
      signal: options.signal,
    });
    try {
      yield* stream;
    } catch (error) {
      throw toUsipError(op, error);
    } finally {
      if (!stream.done) stream.cancel();
    }
  }

  async #joinGroup(group: string): Promise<void> {
    const users = this.#groupUsers.get(group) ?? 0;
    if (users === 0) {
      await this.#genl.joinGroup(FAMILY_NAME, group).catch((e) => {
        throw toUsipError(`join ${group}`, e);
      });
    }
    this.#groupUsers.set(group, users + 1);
  }

  #leaveGroup(group: string): void {
    const users = (this.#groupUsers.get(group) ?? 1) - 1;
    this.#groupUsers.set(group, users);
    if (users === 0 && !this.#netlink.isClosed) this.#genl.leaveGroup(FAMILY_NAME, group);
  }

  #onNotification(message: NetlinkMessage): void {
    if (message.type !== this.#familyId) return;
    let event: UsipEvent | undefined;
    try {
      // A change record in the plain case takes the direct path (wire/mtab-event-fast.ts);
      // anything else, and anything it is unsure of, the general one.
      event = fastMtabEvent(message.payload) ?? toEvent(decodeUsipNotification(message));
      if (!event) return;
    } catch {
      // An undecodable notification is a lost one: tell the listeners so they resync.
      this.#onOverrun();
      return;
    }
    const listener = this.#listeners.get(event.listenerId);
    if (listener) listener.deliver(event);
    else {
      this.#earlyEvents.push(event);
      if (this.#earlyEvents.length > MAX_EARLY_EVENTS) this.#earlyEvents.shift();
    }
  }

  #handOverEarlyEvents(listener: UsipListener): void {
    const mine = this.#earlyEvents.filter((e) => e.listenerId === listener.id);
    if (mine.length === 0) return;
    const rest = this.#earlyEvents.filter((e) => e.listenerId !== listener.id);
    this.#earlyEvents.splice(0, this.#earlyEvents.length, ...rest);
    for (const event of mine) listener.deliver(event);
  }

  #onOverrun(): void {
    for (const l of this.#listeners.values()) {
      l.deliver({ kind: 'overrun', listenerId: l.id, group: l.group });
    }
  }

  /** The module was unloaded: its listeners are gone with it. */
  #onFamilyGone(): void {
    for (const l of this.#listeners.values()) l.detach(new ModuleNotLoadedError());
    this.#listeners.clear();
  }
}

function toSignal(event: UsipEvent): MtabSignal | undefined {
  switch (event.kind) {
    case 'mtab':
      return event.change ? { kind: 'change', change: event.change } : { kind: 'changed' };
    case 'lost':
      return event.eventType === 'storage' ? undefined : { kind: 'lost', count: event.lostCount };
    case 'overrun':
      return { kind: 'overrun' };
    default:
      return undefined;
  }
}
