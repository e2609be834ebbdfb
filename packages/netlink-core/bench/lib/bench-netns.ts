import { execFileSync, spawnSync } from 'node:child_process';

const ENV = 'NETLINK_CORE_BENCH_NETNS';

/**
 * Runs the calling script again inside a fresh network namespace holding `links` links
 * (lo + veth pairs), so every library in it dumps exactly the same table; removes it after.
 * Returns true in the parent (the work ran in the child), false inside the namespace.
 */
export function reexecInPopulatedNetns(links: number): boolean {
  if (process.env[ENV]) return false;
  const name = `nlcore-bench-${process.pid}`;
  execFileSync('ip', ['netns', 'add', name]);
  try {
    const pairs = (links - 1) / 2;
    const lines = Array.from(
      { length: pairs },
      (_, i) => `link add b${i}a type veth peer name b${i}b`,
    );
    execFileSync('ip', ['-n', name, '-batch', '-'], { input: `${lines.join('\n')}\n` });
    const child = spawnSync(
      'ip',
      ['netns', 'exec', name, process.execPath, ...process.execArgv, ...process.argv.slice(1)],
      { stdio: 'inherit', env: { ...process.env, [ENV]: name } },
    );
    if (child.status !== 0) process.exitCode = child.status ?? 1;
  } finally {
    execFileSync('ip', ['netns', 'del', name]);
  }
  return true;
}
