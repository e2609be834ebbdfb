import type { CliContext } from './context.js';

export interface OptionSpec {
  type: 'boolean' | 'string';
  short?: string;
  /** Shown in --help, e.g. "N" for `--count N`. */
  valueName?: string;
  description: string;
}

export interface ParsedCommand {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** One `usip` command: its help text, its options and what it does. */
export interface Command {
  /** "ping", or "test enospc" for a sub-command. */
  name: string;
  summary: string;
  /** Positional arguments as shown in the usage line, e.g. ["<path>"]; "..." suffix = repeatable. */
  args: string[];
  options: Record<string, OptionSpec>;
  /** Extra help paragraphs. */
  details?: string;
  run(ctx: CliContext, parsed: ParsedCommand): Promise<number>;
}
