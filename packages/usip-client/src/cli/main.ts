import { parseArgs } from 'node:util';
import type { Command, ParsedCommand } from './command.js';
import type { CliContext } from './context.js';
import { exitCodeFor } from './errors.js';
import { ExitCode } from './exit-codes.js';
import { commandHelp, commandUsage, mainHelp } from './help.js';
import { findCommand } from './registry.js';

/** Runs one `usip` command line and returns its exit code. All I/O goes through ctx. */
export async function runCli(argv: string[], ctx: CliContext): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    (argv.length === 0 ? ctx.io.err : ctx.io.out)(mainHelp());
    return argv.length === 0 ? ExitCode.USAGE : ExitCode.OK;
  }
  const found = findCommand(argv);
  if (!found) {
    ctx.io.err(`usip: unknown command "${argv.join(' ')}"; run 'usip --help'`);
    return ExitCode.USAGE;
  }
  const { command, rest } = found;
  const parsed = parseCommandLine(command, rest);
  if ('error' in parsed) {
    ctx.io.err(`usip ${command.name}: ${parsed.error}\n${commandUsage(command)}`);
    return ExitCode.USAGE;
  }
  if (parsed.values.help) {
    ctx.io.out(commandHelp(command));
    return ExitCode.OK;
  }
  try {
    return await command.run(ctx, parsed);
  } catch (error) {
    ctx.io.err(`usip ${command.name}: ${error instanceof Error ? error.message : String(error)}`);
    return exitCodeFor(error);
  }
}

function parseCommandLine(command: Command, args: string[]): ParsedCommand | { error: string } {
  let parsed: ParsedCommand;
  try {
    const options = {
      ...Object.fromEntries(
        Object.entries(command.options).map(([name, o]) => [
          name,
          o.short ? { type: o.type, short: o.short } : { type: o.type },
        ]),
      ),
      help: { type: 'boolean' as const, short: 'h' },
    };
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  if (parsed.values.help) return parsed;
  const required = command.args.filter((a) => a.startsWith('<')).length;
  const repeatable = command.args.some((a) => a.endsWith('...'));
  if (parsed.positionals.length < required) {
    return { error: `missing ${command.args.slice(parsed.positionals.length).join(' ')}` };
  }
  if (!repeatable && parsed.positionals.length > command.args.length) {
    return { error: `unexpected argument "${parsed.positionals[command.args.length]}"` };
  }
  return parsed;
}
