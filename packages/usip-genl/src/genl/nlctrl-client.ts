import { constants } from 'node:os';
import { type NetlinkConnection, NetlinkError, type RequestOptions } from '@usip/netlink-core';
import { FamilyNotFoundError, GenlDecodeError, PolicyUnavailableError } from './errors.js';
import type { GenlFamily } from './family.js';
import { decodeFamilyMessage } from './nlctrl-family.js';
import { decodePolicyDump } from './nlctrl-policy.js';
import {
  encodeGetFamily,
  encodeGetPolicy,
  encodeListFamilies,
  type FamilyRef,
} from './nlctrl-requests.js';
import type { FamilyPolicyDump } from './policy-types.js';

const { ENOENT, ENODATA } = constants.errno;

/** Asks nlctrl about one family, by name or id, bypassing any cache. */
export async function queryFamily(
  netlink: NetlinkConnection,
  family: FamilyRef,
  options: RequestOptions = {},
): Promise<GenlFamily> {
  let replies: Awaited<ReturnType<NetlinkConnection['request']>>;
  try {
    replies = await netlink.request(encodeGetFamily(family), options);
  } catch (err) {
    if (err instanceof NetlinkError && err.errno === ENOENT) throw new FamilyNotFoundError(family);
    throw err;
  }
  const reply = replies[0];
  if (!reply) throw new GenlDecodeError('nlctrl answered CTRL_CMD_GETFAMILY without a family');
  return decodeFamilyMessage(reply);
}

/** Every family the kernel has registered (CTRL_CMD_GETFAMILY dump). */
export async function queryAllFamilies(
  netlink: NetlinkConnection,
  options: RequestOptions = {},
): Promise<GenlFamily[]> {
  const result = await netlink.dumpAll(encodeListFamilies(), options);
  return result.messages.map(decodeFamilyMessage);
}

/**
 * The family's attribute policies (CTRL_CMD_GETPOLICY dump), optionally only for one command.
 * Families registered without policies make this a PolicyUnavailableError.
 */
export async function queryPolicy(
  netlink: NetlinkConnection,
  family: FamilyRef,
  cmd?: number,
  options: RequestOptions = {},
): Promise<FamilyPolicyDump> {
  try {
    const result = await netlink.dumpAll(encodeGetPolicy(family, cmd), options);
    return decodePolicyDump(result.messages);
  } catch (err) {
    if (err instanceof NetlinkError && err.errno === ENOENT) throw new FamilyNotFoundError(family);
    if (err instanceof NetlinkError && err.errno === ENODATA) {
      throw new PolicyUnavailableError(family, cmd);
    }
    throw err;
  }
}
