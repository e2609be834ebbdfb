import { NetlinkError } from '@usip/netlink-core';
import type { AttributePathStep } from './attribute-path.js';
import {
  attributePathAtOffset,
  describeNetlinkError,
  type ExtAckPathOptions,
} from './extack-path.js';

/**
 * A generic netlink request the kernel refused. Still a NetlinkError (errno, code, extended
 * ACK fields), plus which family and command, and the offending attribute as a readable path.
 */
export class GenlRequestError extends NetlinkError {
  /** The attribute the extended ACK pointed at, with names where the caller gave them. */
  readonly attributePath?: AttributePathStep[];

  constructor(
    cause: NetlinkError,
    readonly family: string,
    readonly cmd: number,
    request: Uint8Array,
    options: ExtAckPathOptions = {},
  ) {
    super({ ...cause, inDump: cause.inDump });
    const path =
      cause.offset === undefined
        ? undefined
        : attributePathAtOffset(request, cause.offset, options);
    if (path) this.attributePath = path;
    this.message = `${family} cmd ${cmd}: ${describeNetlinkError(cause, request, options)}`;
    this.cause = cause;
    // NetlinkError types `name` as its own literal; ours still says what the error is.
    Object.defineProperty(this, 'name', { value: 'GenlRequestError' });
  }
}
