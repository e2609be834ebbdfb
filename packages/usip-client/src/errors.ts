// Typed errors of the client. Every error a caller can act on has its own class; kernel errors
// keep the errno, its name and the kernel's extended-ack message.

export type UsipErrorCode =
  | 'MODULE_NOT_LOADED'
  | 'PROTOCOL_MISMATCH'
  | 'FEATURE_MISSING'
  | 'INVALID_INPUT'
  | 'KERNEL'
  | 'STALE_CHANGE_LOG'
  | 'CLOSED';

export class UsipError extends Error {
  override name = 'UsipError';
  constructor(
    readonly code: UsipErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const MODULE_NOT_LOADED_MESSAGE =
  'USIP kernel module is not loaded: run `insmod kernel/usip.ko` (or `modprobe usip` after DKMS install)';

/** The usip_family generic netlink family does not exist in this network namespace's kernel. */
export class ModuleNotLoadedError extends UsipError {
  override name = 'ModuleNotLoadedError';
  constructor(options?: { cause?: unknown }) {
    super('MODULE_NOT_LOADED', MODULE_NOT_LOADED_MESSAGE, options);
  }
}

/** The module speaks another protocol version than this client. */
export class ProtocolMismatchError extends UsipError {
  override name = 'ProtocolMismatchError';
  constructor(
    readonly kernelVersion: number,
    readonly clientVersion: number,
  ) {
    super(
      'PROTOCOL_MISMATCH',
      `USIP protocol mismatch: the module speaks version ${kernelVersion}, this client ${clientVersion}; update the older side`,
    );
  }
}

/** The module does not offer a feature the call needs (see PING's feature bits). */
export class FeatureMissingError extends UsipError {
  override name = 'FeatureMissingError';
  constructor(
    readonly feature: string,
    hint = '',
  ) {
    super('FEATURE_MISSING', `the USIP module does not offer ${feature}${hint ? `: ${hint}` : ''}`);
  }
}

/** A caller's argument failed validation; nothing was sent. */
export class InvalidInputError extends UsipError {
  override name = 'InvalidInputError';
  constructor(
    readonly what: string,
    readonly issues: string[],
  ) {
    super('INVALID_INPUT', `invalid ${what}: ${issues.join('; ')}`);
  }
}

/** The kernel refused a request. */
export class KernelError extends UsipError {
  override name = 'KernelError';
  constructor(
    readonly operation: string,
    /** Positive errno. */
    readonly errno: number,
    readonly errnoName: string,
    /** The kernel's extended-ack message, when it gave one. */
    readonly kernelMessage: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(
      'KERNEL',
      `${operation}: ${errnoName}${kernelMessage ? ` (${kernelMessage})` : ''}`,
      options,
    );
  }
}

/** MTAB_CHANGED: the change log no longer reaches back to the requested sequence number. */
export class StaleChangeLogError extends UsipError {
  override name = 'StaleChangeLogError';
  constructor(
    readonly since: bigint,
    options?: { cause?: unknown },
  ) {
    super(
      'STALE_CHANGE_LOG',
      `the mount-table change log no longer reaches back to ${since}`,
      options,
    );
  }
}

/** The client or listener was closed while a call was pending. */
export class ClosedError extends UsipError {
  override name = 'ClosedError';
  constructor(what: string) {
    super('CLOSED', `${what} is closed`);
  }
}
