import {
  encodeDone,
  encodeErrorReply,
  getString,
  getU16,
  type NetlinkMessage,
  NlmF,
  parseAttrs,
  parseMessages,
} from '@usip/netlink-core';
import {
  CTRL_ATTR_FAMILY_ID,
  CTRL_ATTR_FAMILY_NAME,
  CTRL_CMD_DELFAMILY,
  CTRL_CMD_GETFAMILY,
  CTRL_CMD_NEWFAMILY,
  CTRL_CMD_NEWMCAST_GRP,
  CTRL_MCAST_GROUP_NOTIFY,
  GENL_HDRLEN,
  GENL_ID_CTRL,
} from './constants.js';
import { type GenlFamily, type GenlMcastGroup, opFromFlags } from './family.js';
import { decodeGenlHeader } from './header.js';
import { encodeFamilyMessage } from './nlctrl-family-encode.js';

const ENOENT = 2;
const EOPNOTSUPP = 95;

/** Where the fake sends unsolicited datagrams (MemoryTransport.injectMulticast fits). */
export type MulticastSink = (data: Buffer, groups: number) => void;

/** Answers requests to other families; return undefined to get ENOENT like an unknown id. */
export type FamilyHandler = (message: NetlinkMessage, family: GenlFamily) => Buffer[] | undefined;

/** nlctrl as the kernel runs it: family 16, version 2, group "notify" 16. */
export const NLCTRL_FAMILY: GenlFamily = {
  id: GENL_ID_CTRL,
  name: 'nlctrl',
  version: 2,
  hdrsize: 0,
  maxattr: 10,
  ops: [opFromFlags(CTRL_CMD_GETFAMILY, 0x0e), opFromFlags(10, 0x0c)],
  mcastGroups: [{ name: CTRL_MCAST_GROUP_NOTIFY, id: GENL_ID_CTRL }],
};

/** nl_groups bit of a group id as the kernel sets it on receive (0 above group 32). */
export function groupMask(group: number): number {
  return group >= 1 && group <= 32 ? 2 ** (group - 1) : 0;
}

/**
 * A scripted nlctrl for offline tests: answers CTRL_CMD_GETFAMILY (do and dump) from a family
 * table, and announces register()/unregister() on the "notify" group the way the kernel does
 * when a module loads or unloads. Plug `peer` into a MemoryTransport and `multicast` into its
 * injectMulticast.
 */
export class FakeNlctrl {
  private readonly families = new Map<string, GenlFamily>([[NLCTRL_FAMILY.name, NLCTRL_FAMILY]]);
  private readonly handlers = new Map<string, FamilyHandler>();
  /** Requests seen per family name, to assert caching. */
  readonly requests = new Map<string, number>();
  multicast?: MulticastSink;

  /**
   * Adds a family, announced with CTRL_CMD_NEWFAMILY when a sink is attached; `silently`
   * models a notification the listener lost (socket overrun).
   */
  register(family: GenlFamily, handler?: FamilyHandler, silently = false): void {
    this.families.set(family.name, family);
    if (handler) this.handlers.set(family.name, handler);
    if (!silently) this.announce(family, CTRL_CMD_NEWFAMILY);
  }

  /** Removes a family, announced with CTRL_CMD_DELFAMILY unless `silently`. */
  unregister(name: string, silently = false): void {
    const family = this.families.get(name);
    if (!family) return;
    this.families.delete(name);
    if (!silently) this.announce(family, CTRL_CMD_DELFAMILY);
  }

  /** Adds a multicast group to a registered family (announced with CTRL_CMD_NEWMCAST_GRP). */
  addGroup(familyName: string, group: GenlMcastGroup): void {
    const family = this.families.get(familyName);
    if (!family) return;
    this.families.set(familyName, { ...family, mcastGroups: [...family.mcastGroups, group] });
    this.announce({ ...family, mcastGroups: [group] }, CTRL_CMD_NEWMCAST_GRP);
  }

  /** The MemoryTransport peer: a request datagram (one message) in, reply datagrams out. */
  readonly peer = (request: Buffer): Buffer[] => {
    const [message] = parseMessages(request);
    return message ? this.answer(message, request) : [];
  };

  private answer(message: NetlinkMessage, request: Buffer): Buffer[] {
    const error = (errno: number) => [encodeErrorReply({ error: -errno, request })];
    const ack =
      (message.flags & NlmF.ACK) !== 0 ? encodeErrorReply({ error: 0, request }) : undefined;
    if (message.type !== GENL_ID_CTRL) {
      const family = [...this.families.values()].find((f) => f.id === message.type);
      const handler = family && this.handlers.get(family.name);
      const replies = family && handler?.(message, family);
      if (!replies) return error(ENOENT);
      return ack ? [...replies, ack] : replies;
    }
    if (decodeGenlHeader(message.payload).cmd !== CTRL_CMD_GETFAMILY) return error(EOPNOTSUPP);
    const reply = { seq: message.seq, pid: message.pid };
    if ((message.flags & NlmF.DUMP) === NlmF.DUMP) {
      const all = [...this.families.values()].map((f) =>
        encodeFamilyMessage(f, { ...reply, flags: NlmF.MULTI }),
      );
      return [Buffer.concat([...all, encodeDone({ seq: message.seq })])];
    }
    const attrs = parseAttrs(message.payload, GENL_HDRLEN);
    const name = attrs.get(CTRL_ATTR_FAMILY_NAME);
    const id = attrs.get(CTRL_ATTR_FAMILY_ID);
    const family = name
      ? this.families.get(getString(name))
      : [...this.families.values()].find((f) => id && f.id === getU16(id));
    if (name) this.count(getString(name));
    if (!family) return error(ENOENT);
    const answer = encodeFamilyMessage(family, reply);
    return ack ? [answer, ack] : [answer];
  }

  private count(name: string): void {
    this.requests.set(name, (this.requests.get(name) ?? 0) + 1);
  }

  private announce(family: GenlFamily, cmd: number): void {
    this.multicast?.(encodeFamilyMessage(family, { cmd }), groupMask(GENL_ID_CTRL));
  }
}
