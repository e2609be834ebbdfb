import type { Command } from './command.js';
import { ExitCode } from './exit-codes.js';
import { commands } from './registry.js';

export function commandUsage(command: Command): string {
  const options = Object.keys(command.options).length ? ' [options]' : '';
  return `usage: usip ${command.name}${options}${command.args.map((a) => ` ${a}`).join('')}`;
}

export function commandHelp(command: Command): string {
  const lines = [commandUsage(command), '', command.summary];
  if (command.details) lines.push('', command.details);
  lines.push('', 'options:');
  const entries = Object.entries(command.options).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : ''}--${name}${o.valueName ? ` ${o.valueName}` : ''}`;
    return [flag, o.description] as const;
  });
  entries.push(['-h, --help', 'show this help']);
  const width = Math.max(...entries.map(([f]) => f.length));
  for (const [flag, text] of entries) lines.push(`  ${flag.padEnd(width)}  ${text}`);
  return lines.join('\n');
}

export function mainHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'usage: usip <command> [options]',
    '',
    'USIP: mount-table and storage information and events from the kernel.',
    '',
    'commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "Run 'usip <command> --help' for a command's options.",
    '',
    'exit codes:',
    ...Object.entries(ExitCode).map(([name, code]) => `  ${String(code).padStart(3)}  ${name}`),
  ].join('\n');
}
