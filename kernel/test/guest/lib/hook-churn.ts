// Runs kernel/test/guest/events/hook-churn.py in a private mount namespace, on a 1 MiB tmpfs
// it fills, and returns what it printed: one line per writer, then its summary.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const script = join(dirname(fileURLToPath(import.meta.url)), '../events/hook-churn.py');

export interface HookChurnSummary {
  rounds: number;
  toggles: number;
  reloads: number;
  armed_seen: number;
  disarmed_seen: number;
  writers_failed: number;
  final_events: number;
}

export interface HookChurnRun {
  status: number | null;
  stderr: string;
  writers: { writes: number; enospc?: number }[];
  summary: Partial<HookChurnSummary>;
}

/** @reload: the module file and insmod parameters, to unload and reload it during the churn. */
export function runHookChurn(
  seconds: number,
  reload?: { ko: string; params: string[] },
): HookChurnRun {
  const args = [String(seconds), '"$dir"'];
  if (reload) args.push(reload.ko, `'${reload.params.join(' ')}'`);
  const shell = [
    'set -e',
    'dir=$(mktemp -d)',
    'mount -t tmpfs -o size=1m churnfull "$dir"',
    `python3 ${script} ${args.join(' ')}`,
  ].join('\n');
  const run = spawnSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', shell], {
    encoding: 'utf8',
    timeout: (seconds + 120) * 1000,
  });
  const lines = run.stdout.trim().split('\n');
  const parse = <T>(line: string | undefined): T | undefined => {
    try {
      return JSON.parse(line ?? '') as T;
    } catch {
      return undefined;
    }
  };
  return {
    status: run.status,
    stderr: run.stderr,
    writers: lines.slice(0, -1).flatMap((l) => parse<HookChurnRun['writers'][number]>(l) ?? []),
    summary: parse<HookChurnSummary>(lines.at(-1)) ?? {},
  };
}
