/** A failed socket system call; `code` is the errno name ('EPERM', 'ENOENT', ...). */
export class NetlinkSocketError extends Error {
  override readonly name = 'NetlinkSocketError';
  constructor(
    message: string,
    readonly code: string,
    readonly errno: number,
    readonly syscall: string,
  ) {
    super(message);
  }
}

/**
 * A datagram was larger than the receive buffer and is lost (the kernel drops the rest of a
 * truncated datagram). The buffer has been grown to `bufferSize`, so it will not happen again
 * for a datagram of this size, but whatever it carried must be requested again.
 */
export class DatagramTruncatedError extends Error {
  override readonly name = 'DatagramTruncatedError';
  readonly code = 'EMSGSIZE';
  constructor(
    readonly datagramLength: number,
    readonly bufferSize: number,
  ) {
    super(
      `netlink datagram of ${datagramLength} bytes did not fit the receive buffer and was lost; ` +
        `buffer grown to ${bufferSize} bytes`,
    );
  }
}

interface NativeErrorShape {
  message: string;
  code?: unknown;
  errno?: unknown;
  syscall?: unknown;
}

/** Turns the shim's plain Error (code = errno name) into a NetlinkSocketError. */
export function toSocketError(err: unknown): Error {
  if (!(err instanceof Error)) return new Error(String(err));
  const e = err as Error & NativeErrorShape;
  if (typeof e.code !== 'string' || typeof e.errno !== 'number') return err;
  return new NetlinkSocketError(
    e.message,
    e.code,
    e.errno,
    typeof e.syscall === 'string' ? e.syscall : '',
  );
}

/** Calls into the shim, rethrowing its errors typed. */
export function callNative<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw toSocketError(err);
  }
}
