/** A USIP notification that failed to decode or to validate. `cause` says why. */
export class UsipNotificationError extends Error {
  override readonly name = 'UsipNotificationError';
  readonly cmd: number;

  constructor(cmd: number, message: string, options?: { cause?: unknown }) {
    super(`USIP notification (cmd ${cmd}): ${message}`, options);
    this.cmd = cmd;
  }
}
