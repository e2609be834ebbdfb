/** Exit codes of the `usip` command (documented in README.md). */
export const ExitCode = {
  OK: 0,
  /** Anything not covered below: an unexpected kernel error, a crash. */
  FAILURE: 1,
  /** Bad command line. */
  USAGE: 2,
  /** The usip_family generic netlink family is not there: the module is not loaded. */
  MODULE_NOT_LOADED: 3,
  /** The kernel refused: EPERM/EACCES (GLOBAL listeners and TEST_* need CAP_SYS_ADMIN). */
  PERMISSION: 4,
  /** No such mount, path or family (ENOENT, ENODEV). */
  NOT_FOUND: 5,
  /** Protocol version mismatch, or the module lacks a needed feature (e.g. test_commands=0). */
  UNSUPPORTED: 6,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
