import type { Command } from './command.js';
import { dfCommand } from './commands/df.js';
import { familiesCommand } from './commands/families.js';
import { mountCommand } from './commands/mount.js';
import { mountsCommand } from './commands/mounts.js';
import { pingCommand } from './commands/ping.js';
import { testEnospcCommand, testMtabCommand } from './commands/test-triggers.js';
import { watchCommand } from './commands/watch.js';

/** Every `usip` command, in the order `usip --help` lists them. */
export const commands: readonly Command[] = [
  pingCommand,
  mountsCommand,
  mountCommand,
  dfCommand,
  watchCommand,
  familiesCommand,
  testEnospcCommand,
  testMtabCommand,
];

/** The command named by the first words of argv ("test enospc" takes two); rest = the others. */
export function findCommand(argv: string[]): { command: Command; rest: string[] } | undefined {
  for (const words of [2, 1]) {
    const name = argv.slice(0, words).join(' ');
    const command = commands.find((c) => c.name === name);
    if (command) return { command, rest: argv.slice(words) };
  }
  return undefined;
}
