import { EventEmitter } from 'node:events';
import type { NetlinkConnection, NetlinkMessage, NotificationEvent } from '@usip/netlink-core';
import {
  CTRL_CMD_DELFAMILY,
  CTRL_CMD_DELMCAST_GRP,
  CTRL_CMD_NEWFAMILY,
  CTRL_CMD_NEWMCAST_GRP,
  CTRL_MCAST_GROUP_NOTIFY,
  GENL_ID_CTRL,
} from './constants.js';
import {
  FamilyGoneError,
  FamilyNotFoundError,
  GenlError,
  McastGroupNotFoundError,
} from './errors.js';
import type { GenlFamily, GenlMcastGroup } from './family.js';
import { decodeGenlHeader } from './header.js';
import { queryFamily } from './nlctrl-client.js';
import { decodeFamilyMessage } from './nlctrl-family.js';

/** What the resolver knows about one family name. */
interface Entry {
  /** Set while known to exist; undefined once it is gone or stale. */
  family?: GenlFamily;
  /** True after CTRL_CMD_DELFAMILY (until it comes back). */
  gone: boolean;
  /** In-flight query shared by concurrent resolve() calls. */
  pending?: Promise<GenlFamily>;
  /** Aborted with FamilyGoneError when this incarnation of the family goes away. */
  lifetime: AbortController;
  /** Multicast groups joined by name, with the id joined under the current incarnation. */
  groups: Map<string, number | undefined>;
  /** Joined groups the current incarnation lacks (reported once each). */
  lostGroups: Set<string>;
}

export interface GenlFamilyResolverEvents {
  /** A family we know of was (re)registered; `previous` is its former incarnation. */
  'family-added': [family: GenlFamily, previous: GenlFamily | undefined];
  'family-removed': [name: string];
  /** A group joined by name was joined again under the family's new incarnation. */
  'group-rejoined': [family: string, group: GenlMcastGroup];
  /** A group joined by name no longer exists in the family's new incarnation. */
  'group-lost': [family: string, group: string];
  error: [err: Error];
}

/**
 * Resolves family names to ids (and versions, groups...) with a cache kept true by nlctrl's
 * "notify" multicast group. When a family goes away (module unloaded), requests in flight and
 * later resolves fail with FamilyGoneError; when it comes back under a new id, the cache is
 * refreshed and groups joined by name are joined again.
 *
 * Overruns on the socket may have swallowed notifications, so they mark everything stale and
 * re-check the families that have subscribers.
 */
export class GenlFamilyResolver extends EventEmitter<GenlFamilyResolverEvents> {
  private readonly entries = new Map<string, Entry>();
  private watching?: Promise<void>;
  private closed = false;
  private readonly onNotification = (event: NotificationEvent): void => {
    if (event.kind === 'message') this.handle(event.message);
  };
  private readonly onOverrun = (): void => {
    void this.resync();
  };

  constructor(readonly netlink: NetlinkConnection) {
    super();
  }

  /** The family's current description; asks nlctrl only on a cache miss. */
  async resolve(name: string): Promise<GenlFamily> {
    await this.watch();
    const entry = this.entry(name);
    if (entry.family) return entry.family;
    if (entry.gone) throw new FamilyGoneError(name);
    entry.pending ??= this.query(name, entry);
    return entry.pending;
  }

  /** The cached description, without asking the kernel. */
  cached(name: string): GenlFamily | undefined {
    return this.entries.get(name)?.family;
  }

  /**
   * A signal aborted (reason: FamilyGoneError) when the current incarnation of the family goes
   * away. Pass it with a request so a pending user learns why its answer will never come.
   */
  lifetimeSignal(name: string): AbortSignal {
    return this.entry(name).lifetime.signal;
  }

  /** Joins the family's multicast group by name; joined again if the family comes back. */
  async joinGroup(familyName: string, groupName: string): Promise<GenlMcastGroup> {
    const family = await this.resolve(familyName);
    const group = findGroup(family, groupName);
    const entry = this.entry(familyName);
    if (entry.groups.get(groupName) !== group.id) this.netlink.joinGroup(group.id);
    entry.groups.set(groupName, group.id);
    return group;
  }

  /** Leaves a group joined with joinGroup(); it will not be joined again. */
  leaveGroup(familyName: string, groupName: string): void {
    const entry = this.entries.get(familyName);
    const id = entry?.groups.get(groupName);
    entry?.groups.delete(groupName);
    entry?.lostGroups.delete(groupName);
    if (id !== undefined) this.netlink.leaveGroup(id);
  }

  /** Stops listening; pending and cached state is dropped. */
  close(): void {
    this.closed = true;
    this.netlink.off('notification', this.onNotification);
    this.netlink.off('overrun', this.onOverrun);
    this.entries.clear();
  }

  /** Subscribes to nlctrl's notify group once, before the first query, so no change slips by. */
  private watch(): Promise<void> {
    if (this.closed) return Promise.reject(new GenlError('family resolver is closed'));
    this.watching ??= (async () => {
      this.netlink.on('notification', this.onNotification);
      this.netlink.on('overrun', this.onOverrun);
      const nlctrl = await queryFamily(this.netlink, GENL_ID_CTRL);
      this.netlink.joinGroup(findGroup(nlctrl, CTRL_MCAST_GROUP_NOTIFY).id);
    })().catch((err: unknown) => {
      this.netlink.off('notification', this.onNotification);
      this.netlink.off('overrun', this.onOverrun);
      this.watching = undefined; // the next resolve() tries again
      throw err;
    });
    return this.watching;
  }

  private entry(name: string): Entry {
    let entry = this.entries.get(name);
    if (!entry) {
      entry = {
        gone: false,
        lifetime: new AbortController(),
        groups: new Map(),
        lostGroups: new Set(),
      };
      this.entries.set(name, entry);
    }
    return entry;
  }

  private async query(name: string, entry: Entry): Promise<GenlFamily> {
    const lifetime = entry.lifetime.signal;
    try {
      const family = await queryFamily(this.netlink, name, { signal: lifetime });
      if (this.entries.get(name) === entry && !entry.gone) this.adopt(entry, family);
      return family;
    } catch (err) {
      if (lifetime.aborted) throw lifetime.reason;
      throw err;
    } finally {
      entry.pending = undefined;
    }
  }

  private handle(message: NetlinkMessage): void {
    if (message.type !== GENL_ID_CTRL) return;
    try {
      const { cmd } = decodeGenlHeader(message.payload);
      if (cmd === CTRL_CMD_NEWFAMILY) this.familyAdded(decodeFamilyMessage(message));
      else if (cmd === CTRL_CMD_DELFAMILY) this.familyRemoved(decodeFamilyMessage(message).name);
      else if (cmd === CTRL_CMD_NEWMCAST_GRP || cmd === CTRL_CMD_DELMCAST_GRP) {
        this.groupsChanged(decodeFamilyMessage(message), cmd === CTRL_CMD_NEWMCAST_GRP);
      }
    } catch (err) {
      this.report(err);
    }
  }

  private familyAdded(family: GenlFamily): void {
    const entry = this.entries.get(family.name);
    if (!entry) return; // nobody asked about it; nothing to keep fresh
    const previous = entry.family;
    if (entry.gone) {
      entry.gone = false;
      entry.lifetime = new AbortController();
    }
    this.adopt(entry, family);
    this.emit('family-added', family, previous);
  }

  private familyRemoved(name: string): void {
    const entry = this.entries.get(name);
    if (!entry) return;
    entry.family = undefined;
    entry.gone = true;
    for (const [group, id] of entry.groups) {
      // The kernel already dropped these memberships; keep our bookkeeping in step.
      if (id !== undefined) this.netlink.leaveGroup(id);
      entry.groups.set(group, undefined);
    }
    entry.lifetime.abort(new FamilyGoneError(name));
    this.emit('family-removed', name);
  }

  private groupsChanged(change: GenlFamily, added: boolean): void {
    const entry = this.entries.get(change.name);
    const family = entry?.family;
    if (!entry || !family) return;
    const names = new Set(change.mcastGroups.map((g) => g.name));
    const kept = family.mcastGroups.filter((g) => !names.has(g.name));
    this.adopt(entry, { ...family, mcastGroups: added ? [...kept, ...change.mcastGroups] : kept });
  }

  /** Records a family's current incarnation and moves joined groups onto its group ids. */
  private adopt(entry: Entry, family: GenlFamily): void {
    entry.family = family;
    for (const [groupName, joinedId] of entry.groups) {
      const group = family.mcastGroups.find((g) => g.name === groupName);
      if (group && group.id === joinedId) continue;
      if (joinedId !== undefined) this.netlink.leaveGroup(joinedId);
      if (!group) {
        entry.groups.set(groupName, undefined);
        if (!entry.lostGroups.has(groupName)) this.emit('group-lost', family.name, groupName);
        entry.lostGroups.add(groupName);
        continue;
      }
      entry.lostGroups.delete(groupName);
      this.netlink.joinGroup(group.id);
      entry.groups.set(groupName, group.id);
      this.emit('group-rejoined', family.name, group);
    }
  }

  /** After lost notifications: re-check every family we know of against nlctrl. */
  private async resync(): Promise<void> {
    for (const [name, entry] of this.entries) {
      const before = entry.family;
      entry.family = undefined;
      try {
        const family = await queryFamily(this.netlink, name);
        if (before && before.id !== family.id) this.familyRemoved(name); // missed a reload
        if (entry.gone) this.familyAdded(family);
        else this.adopt(entry, family);
      } catch (err) {
        if (err instanceof FamilyNotFoundError) {
          if (!entry.gone) this.familyRemoved(name);
        } else this.report(err);
      }
    }
  }

  /** 'error' events without a listener would throw out of a socket callback; drop them instead. */
  private report(err: unknown): void {
    if (this.listenerCount('error') > 0) this.emit('error', err as Error);
  }
}

function findGroup(family: GenlFamily, name: string): GenlMcastGroup {
  const group = family.mcastGroups.find((g) => g.name === name);
  if (!group) {
    throw new McastGroupNotFoundError(
      family.name,
      name,
      family.mcastGroups.map((g) => g.name),
    );
  }
  return group;
}
