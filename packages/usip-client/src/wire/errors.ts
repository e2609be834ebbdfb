import { NetlinkError } from '@usip/netlink-core';
import { FamilyGoneError, FamilyNotFoundError } from '@usip/usip-genl';
import { KernelError, ModuleNotLoadedError, StaleChangeLogError } from '../errors.js';

/** Turns a lower layer's error into the client's typed error for operation `op`. */
export function toUsipError(op: string, error: unknown): unknown {
  if (error instanceof FamilyNotFoundError || error instanceof FamilyGoneError) {
    return new ModuleNotLoadedError({ cause: error });
  }
  if (error instanceof NetlinkError) {
    return new KernelError(op, error.errno, error.code, error.kernelMessage, { cause: error });
  }
  return error;
}

/** MTAB_CHANGED's "the log no longer reaches back that far" (ESTALE) gets its own class. */
export function toChangesError(since: bigint, error: unknown): unknown {
  if (error instanceof NetlinkError && error.code === 'ESTALE') {
    return new StaleChangeLogError(since, { cause: error });
  }
  return toUsipError('MTAB_CHANGED', error);
}
