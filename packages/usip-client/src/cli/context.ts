import type { UsipApi } from '../api.js';
import type { FamilySummary } from './format/families.js';

/** Where a command writes. Lines are written without their trailing newline. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** Overwrites the current stderr line (progress); only called when stderrIsTTY. */
  progress(text: string): void;
  readonly stderrIsTTY: boolean;
}

/** Everything a command may reach: output, the client, and Ctrl-C. Tests pass doubles. */
export interface CliContext {
  io: CliIo;
  openClient(): Promise<UsipApi>;
  /** Every generic netlink family of the running kernel (works without the module). */
  listFamilies(): Promise<FamilySummary[]>;
  /** Aborted on SIGINT/SIGTERM: long-running commands end cleanly. */
  signal: AbortSignal;
}
