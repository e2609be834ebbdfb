import { constants } from 'node:os';
import {
  FeatureMissingError,
  InvalidInputError,
  KernelError,
  ModuleNotLoadedError,
  ProtocolMismatchError,
} from '../errors.js';
import { ExitCode, type ExitCodeValue } from './exit-codes.js';

const { errno } = constants;

/** The exit code that tells a script what went wrong. */
export function exitCodeFor(error: unknown): ExitCodeValue {
  if (error instanceof ModuleNotLoadedError) return ExitCode.MODULE_NOT_LOADED;
  if (error instanceof InvalidInputError) return ExitCode.USAGE;
  if (error instanceof ProtocolMismatchError || error instanceof FeatureMissingError) {
    return ExitCode.UNSUPPORTED;
  }
  if (error instanceof KernelError) {
    if (error.errno === errno.EPERM || error.errno === errno.EACCES) return ExitCode.PERMISSION;
    if (error.errno === errno.ENOENT || error.errno === errno.ENODEV) return ExitCode.NOT_FOUND;
    if (error.errno === errno.EOPNOTSUPP) return ExitCode.UNSUPPORTED;
  }
  return ExitCode.FAILURE;
}
