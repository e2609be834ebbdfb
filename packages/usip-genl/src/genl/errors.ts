/** Typed errors of the generic netlink layer; each names what to do about it. */

/** Base class so callers can catch every genl-layer error at once. */
export class GenlError extends Error {
  override name = 'GenlError';
}

/** Bytes from the kernel (or a peer) did not have the shape generic netlink promises. */
export class GenlDecodeError extends GenlError {
  override name = 'GenlDecodeError';
}

/** nlctrl does not know the family: never registered, or its module is not loaded. */
export class FamilyNotFoundError extends GenlError {
  override name = 'FamilyNotFoundError';
  constructor(readonly family: string | number) {
    super(
      typeof family === 'string'
        ? `generic netlink family '${family}' is not registered (module not loaded?)`
        : `generic netlink family id ${family} is not registered`,
    );
  }
}

/** The family was known and went away while in use (CTRL_CMD_DELFAMILY, module unloaded). */
export class FamilyGoneError extends GenlError {
  override name = 'FamilyGoneError';
  constructor(readonly family: string) {
    super(`generic netlink family '${family}' is gone (module unloaded?)`);
  }
}

/** The family exists but has no multicast group of that name. */
export class McastGroupNotFoundError extends GenlError {
  override name = 'McastGroupNotFoundError';
  constructor(
    readonly family: string,
    readonly group: string,
    readonly available: readonly string[],
  ) {
    super(
      `generic netlink family '${family}' has no multicast group '${group}'` +
        ` (it has: ${available.length ? available.join(', ') : 'none'})`,
    );
  }
}

/** The family publishes no attribute policy (CTRL_CMD_GETPOLICY answered ENODATA). */
export class PolicyUnavailableError extends GenlError {
  override name = 'PolicyUnavailableError';
  constructor(
    readonly family: string | number,
    readonly cmd?: number,
  ) {
    super(
      `generic netlink family ${typeof family === 'string' ? `'${family}'` : `id ${family}`}` +
        ` publishes no attribute policy${cmd === undefined ? '' : ` for command ${cmd}`}`,
    );
  }
}
