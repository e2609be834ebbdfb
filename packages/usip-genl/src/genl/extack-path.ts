import {
  AttrCursor,
  NetlinkDecodeError,
  type NetlinkError,
  NLMSG_HDRLEN,
  nlAlign,
} from '@usip/netlink-core';
import {
  type AttributePathStep,
  type AttributeSetNames,
  formatAttributePath,
  stepInto,
} from './attribute-path.js';
import { GENL_HDRLEN } from './constants.js';
import type { PolicyNode } from './policy-types.js';

export interface ExtAckPathOptions {
  /** The family's fixed header length after genlmsghdr (hdrsize). */
  familyHeaderLength?: number;
  /** The op's request policy: tells nests from leaves even without NLA_F_NESTED. */
  policy?: PolicyNode;
  names?: AttributeSetNames;
}

/**
 * Finds the attribute an extended ACK's NLMSGERR_ATTR_OFFS points at, as a path from the top
 * level. `offset` counts from the start of the request's nlmsghdr, as the kernel reports it.
 * Returns undefined when the offset is not inside the request's attributes.
 */
export function attributePathAtOffset(
  request: Uint8Array,
  offset: number,
  options: ExtAckPathOptions = {},
): AttributePathStep[] | undefined {
  const buf = Buffer.from(request.buffer, request.byteOffset, request.byteLength);
  const start = NLMSG_HDRLEN + GENL_HDRLEN + (options.familyHeaderLength ?? 0);
  const end = Math.min(buf.length, buf.length >= 4 ? buf.readUInt32LE(0) : 0);
  if (offset < start || offset >= end) return undefined;
  try {
    return descend(buf, start, end, offset, options.policy, options.names, []);
  } catch (err) {
    if (err instanceof NetlinkDecodeError) return undefined;
    throw err;
  }
}

function descend(
  buf: Buffer,
  start: number,
  end: number,
  offset: number,
  policy: PolicyNode | undefined,
  names: AttributeSetNames | undefined,
  path: AttributePathStep[],
): AttributePathStep[] | undefined {
  const cursor = new AttrCursor(buf, start, end);
  while (cursor.next()) {
    const attrEnd =
      cursor.attrOffset + nlAlign(cursor.valueOffset - cursor.attrOffset + cursor.valueLength);
    if (offset < cursor.attrOffset || offset >= attrEnd) continue;
    const { step, inner } = stepInto(names, cursor.type);
    const here = [...path, step];
    if (offset < cursor.valueOffset) return here; // points at this attribute's header
    const rule = policy?.attributes.get(cursor.type);
    const valueEnd = cursor.valueOffset + cursor.valueLength;
    if (rule?.type === 'nested-array') {
      const entries = new AttrCursor(buf, cursor.valueOffset, valueEnd);
      while (entries.next()) {
        const entryEnd = entries.valueOffset + entries.valueLength;
        if (offset < entries.attrOffset || offset >= nlAlign(entryEnd)) continue;
        const entryPath = [...here, { type: entries.type, arrayIndex: true }];
        if (offset < entries.valueOffset) return entryPath;
        return (
          descend(buf, entries.valueOffset, entryEnd, offset, rule.nested, inner, entryPath) ??
          entryPath
        );
      }
      return here;
    }
    if (rule?.type === 'nested' || (!rule && cursor.nested)) {
      return descend(buf, cursor.valueOffset, valueEnd, offset, rule?.nested, inner, here) ?? here;
    }
    return here;
  }
  return undefined;
}

/**
 * One line for a failed request: errno name, the kernel's message and, when the extended ACK
 * pointed at an attribute, its readable path, e.g.
 * "EINVAL: Invalid attribute value (at header(1)/dev-index(1))".
 */
export function describeNetlinkError(
  err: NetlinkError,
  request?: Uint8Array,
  options: ExtAckPathOptions = {},
): string {
  let text = `${err.code}: ${err.kernelMessage ?? err.message}`;
  if (request && err.offset !== undefined) {
    const path = attributePathAtOffset(request, err.offset, options);
    if (path) text += ` (at ${formatAttributePath(path)})`;
  }
  if (err.missingType !== undefined) text += ` (missing attribute ${err.missingType})`;
  return text;
}
