import {
  type ConnectionOptions,
  NetlinkConnection,
  NetlinkError,
  type NetlinkMessage,
  NetlinkSocket,
  NLMSG_HDRLEN,
  NlmF,
  type RequestOptions,
} from '@usip/netlink-core';
import type { AttributeSetNames } from './attribute-path.js';
import { GENL_HDRLEN, NETLINK_GENERIC } from './constants.js';
import type { GenlFamily, GenlMcastGroup } from './family.js';
import {
  type AttributeWriter,
  decodeGenlMessage,
  encodeGenlMessage,
  type GenlMessage,
} from './genl-message.js';
import { queryAllFamilies, queryFamily, queryPolicy } from './nlctrl-client.js';
import type { FamilyRef } from './nlctrl-requests.js';
import { buildPolicyTrees } from './policy-tree.js';
import type { FamilyPolicyDump, OpPolicyTree } from './policy-types.js';
import { assertValidAttributes } from './policy-validate.js';
import { GenlRequestError } from './request-error.js';
import { GenlFamilyResolver } from './resolver.js';

export interface GenlRequestOptions extends RequestOptions {
  /** genlmsghdr.version; defaults to the family's version as nlctrl reports it. */
  version?: number;
  /** Extra NLM_F_* flags. */
  flags?: number;
  /** The family's fixed header (hdrsize bytes), if it has one. */
  familyHeader?: Uint8Array;
  /**
   * Check the attributes against this op policy before sending (see getOpPolicies);
   * a violation throws PolicyViolationError and nothing is sent.
   */
  policy?: OpPolicyTree;
  /** Attribute names for readable paths in PolicyViolationError and GenlRequestError. */
  names?: AttributeSetNames;
}

/** What notifications() yields: a family's multicast message, or notice of lost messages. */
export type GenlNotification =
  | { kind: 'message'; message: GenlMessage; family: GenlFamily }
  | { kind: 'overrun'; source: 'kernel' | 'local' };

/**
 * Generic netlink over a NetlinkConnection: talk to any family by name, with ids resolved and
 * kept fresh by a GenlFamilyResolver. The connection's socket must be NETLINK_GENERIC.
 */
export class GenlConnection {
  readonly resolver: GenlFamilyResolver;

  constructor(
    readonly netlink: NetlinkConnection,
    resolver?: GenlFamilyResolver,
  ) {
    this.resolver = resolver ?? new GenlFamilyResolver(netlink);
  }

  /** Opens a NETLINK_GENERIC socket (in the given network namespace, if any) and wraps it. */
  static open(options: ConnectionOptions & { netns?: string } = {}): GenlConnection {
    const { netns, ...connection } = options;
    const socket = new NetlinkSocket(
      netns ? { protocol: NETLINK_GENERIC, netns } : { protocol: NETLINK_GENERIC },
    );
    return new GenlConnection(new NetlinkConnection(socket, connection));
  }

  /** A family's description (cached; see GenlFamilyResolver). */
  family(name: string): Promise<GenlFamily> {
    return this.resolver.resolve(name);
  }

  /** Asks nlctrl directly (no cache), by name or id. */
  getFamily(family: FamilyRef, options?: RequestOptions): Promise<GenlFamily> {
    return queryFamily(this.netlink, family, options);
  }

  /** Every registered family. */
  listFamilies(options?: RequestOptions): Promise<GenlFamily[]> {
    return queryAllFamilies(this.netlink, options);
  }

  /** The family's policies as flat tables (CTRL_CMD_GETPOLICY). */
  getPolicy(family: FamilyRef, cmd?: number, options?: RequestOptions): Promise<FamilyPolicyDump> {
    return queryPolicy(this.netlink, family, cmd, options);
  }

  /** The family's request policies as a tree per command. */
  async getOpPolicies(family: FamilyRef, cmd?: number): Promise<Map<number, OpPolicyTree>> {
    return buildPolicyTrees(await this.getPolicy(family, cmd));
  }

  /**
   * A "do" request to a family by name (resolved, cached) or by id: resolves with the decoded
   * replies ([] when the kernel only acked).
   */
  async request(
    family: FamilyRef,
    cmd: number,
    writeAttributes?: AttributeWriter,
    options: GenlRequestOptions = {},
  ): Promise<GenlMessage[]> {
    const prepared = await this.prepare(family, cmd, writeAttributes, options, 'do');
    const { target, message, requestOptions } = prepared;
    const replies = await this.guard(prepared, this.netlink.request(message, requestOptions));
    return replies.map((m) => decodeGenlMessage(m, target.hdrsize));
  }

  /** A dump to a family by name or id: resolves with every decoded message of it. */
  async dump(
    family: FamilyRef,
    cmd: number,
    writeAttributes?: AttributeWriter,
    options: GenlRequestOptions = {},
  ): Promise<GenlMessage[]> {
    const prepared = await this.prepare(family, cmd, writeAttributes, options, 'dump');
    const { target, message, requestOptions } = prepared;
    const result = await this.guard(prepared, this.netlink.dumpAll(message, requestOptions));
    return result.messages.map((m: NetlinkMessage) => decodeGenlMessage(m, target.hdrsize));
  }

  /** Joins a family's multicast group by name; it is re-joined if the family reloads. */
  joinGroup(familyName: string, groupName: string): Promise<GenlMcastGroup> {
    return this.resolver.joinGroup(familyName, groupName);
  }

  leaveGroup(familyName: string, groupName: string): void {
    this.resolver.leaveGroup(familyName, groupName);
  }

  /**
   * The family's multicast messages (from groups joined with joinGroup), decoded, plus
   * overruns (messages were lost: resynchronise). Follows the family across reloads: messages
   * are matched against its current id.
   */
  async *notifications(
    familyName: string,
    options: { highWaterMark?: number; signal?: AbortSignal } = {},
  ): AsyncGenerator<GenlNotification> {
    const events = this.netlink.notifications(options);
    await this.resolver.resolve(familyName);
    for await (const event of events) {
      if (event.kind === 'overrun') {
        yield event;
        continue;
      }
      const family = this.resolver.cached(familyName);
      if (!family || event.message.type !== family.id) continue;
      yield { kind: 'message', message: decodeGenlMessage(event.message, family.hdrsize), family };
    }
  }

  close(): void {
    this.resolver.close();
    this.netlink.close();
  }

  private async prepare(
    familyRef: FamilyRef,
    cmd: number,
    writeAttributes: AttributeWriter | undefined,
    options: GenlRequestOptions,
    kind: 'do' | 'dump',
  ) {
    const target = await this.target(familyRef, options);
    const message = encodeGenlMessage(
      {
        familyId: target.id,
        cmd,
        version: options.version ?? target.version,
        flags: (options.flags ?? 0) & ~NlmF.DUMP,
        familyHeader: options.familyHeader,
      },
      writeAttributes,
    );
    const policy = kind === 'do' ? options.policy?.do : options.policy?.dump;
    if (policy) {
      const attrStart = NLMSG_HDRLEN + GENL_HDRLEN + target.hdrsize;
      assertValidAttributes(policy, message.subarray(attrStart), { names: options.names });
    }
    const { version: _v, flags: _f, familyHeader: _h, policy: _p, names, ...rest } = options;
    const { lifetime } = target;
    const signal = rest.signal ? AbortSignal.any([rest.signal, lifetime]) : lifetime;
    const requestOptions: RequestOptions = {
      ...rest,
      signal,
      familyHeaderLength: GENL_HDRLEN + target.hdrsize,
    };
    const describe = { familyHeaderLength: target.hdrsize, policy, names };
    return { label: target.label, cmd, target, message, requestOptions, lifetime, describe };
  }

  /**
   * Where a request goes. By name: resolved (cached), and guarded by the family's lifetime.
   * By id: taken as given, with version 1 and the family header's length unless told otherwise.
   */
  private async target(familyRef: FamilyRef, options: GenlRequestOptions) {
    if (typeof familyRef === 'number') {
      return {
        id: familyRef,
        label: `family id ${familyRef}`,
        version: 1,
        hdrsize: options.familyHeader?.length ?? 0,
        lifetime: new AbortController().signal,
      };
    }
    const family = await this.resolver.resolve(familyRef);
    return {
      id: family.id,
      label: familyRef,
      version: family.version,
      hdrsize: family.hdrsize,
      lifetime: this.resolver.lifetimeSignal(familyRef),
    };
  }

  /**
   * Turns an abort caused by the family going away into its FamilyGoneError, and a kernel
   * refusal into a GenlRequestError that names the offending attribute.
   */
  private async guard<T>(
    prepared: Awaited<ReturnType<GenlConnection['prepare']>>,
    pending: Promise<T>,
  ): Promise<T> {
    try {
      return await pending;
    } catch (err) {
      if (prepared.lifetime.aborted) throw prepared.lifetime.reason;
      if (err instanceof NetlinkError) {
        const { label, cmd, message, describe } = prepared;
        throw new GenlRequestError(err, label, cmd, message, describe);
      }
      throw err;
    }
  }
}
