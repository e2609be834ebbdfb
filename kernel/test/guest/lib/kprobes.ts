// The kernel's kprobes list and module loading, as the guest suites check them.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

/** Whether the module's return probe on @symbol is armed, from the kernel's kprobes list. */
export function probeArmed(symbol: string): boolean | undefined {
  const list = '/sys/kernel/debug/kprobes/list';
  if (!existsSync(list)) spawnSync('mount', ['-t', 'debugfs', 'debugfs', '/sys/kernel/debug']);
  // "<address>  r  vfs_write+0x0 ..." (+0x4 past the endbr64 on kernels built with IBT).
  const probe = new RegExp(`\\s r\\s+${symbol}\\+0x[0-9a-f]+\\s`);
  const line = readFileSync(list, 'utf8')
    .split('\n')
    .find((l) => probe.test(l));
  return line === undefined ? undefined : !line.includes('[DISABLED]');
}

/** modprobe/rmmod of a module, its status (0: done). */
export function modprobe(...args: string[]): number | null {
  return spawnSync('modprobe', args, { stdio: 'ignore' }).status;
}
