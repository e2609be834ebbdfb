// Runs a kernel/hooks guest scenario (run-scenario.sh) and parses what it printed: the
// scenario's "FACT key value" lines and the watcher's decoded notifications.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Cmd, NotifyAction } from '../lib/constants.js';

const here = dirname(fileURLToPath(import.meta.url));

export type Json = Record<string, unknown>;

export interface ScenarioResult {
  status: number | null;
  facts: Map<string, string>;
  /** Every FACT line in order (keys may repeat). */
  factList: [string, string][];
  ready: Json;
  /** Mountinfo snapshots the scenario printed as "MI <n> <line>". */
  mountinfo: Map<number, string>;
  events: Json[];
  stderr: string;
  stdout: string;
}

export function runScenario(name: string, quietSeconds = 4): ScenarioResult {
  const run = spawnSync(
    'bash',
    [join(here, 'run-scenario.sh'), join(here, 'scenarios', name), String(quietSeconds)],
    {
      encoding: 'utf8',
      maxBuffer: 256 << 20,
    },
  );
  const facts = new Map<string, string>();
  const factList: [string, string][] = [];
  const events: Json[] = [];
  let ready: Json = {};
  const mountinfo = new Map<number, string>();
  for (const line of run.stdout.split('\n')) {
    if (line.startsWith('FACT ')) {
      const [, key = '', ...rest] = line.split(' ');
      facts.set(key, rest.join(' '));
      factList.push([key, rest.join(' ')]);
    } else if (line.startsWith('MI ')) {
      const space = line.indexOf(' ', 3);
      const n = Number(line.slice(3, space));
      mountinfo.set(n, `${mountinfo.get(n) ?? ''}${line.slice(space + 1)}\n`);
    } else if (line.startsWith('EVENT ')) {
      const ev = JSON.parse(line.slice(6)) as Json;
      if (ev.ready) ready = ev;
      else events.push(ev);
    }
  }
  return {
    status: run.status,
    facts,
    factList,
    ready,
    mountinfo,
    events,
    stderr: run.stderr,
    stdout: run.stdout,
  };
}

/** Generic netlink command numbers of the notifications (from the generated UAPI header). */
export const MTAB_NOTIFY = Cmd.MTAB_NOTIFY as number;
export const STORAGE_NOTIFY = Cmd.STORAGE_NOTIFY as number;
export const LOST_EVENTS = Cmd.LOST_EVENTS as number;
/** Notify actions. */
export const Action = {
  ENOSPC: NotifyAction.ENOSPC as number,
  MOUNT: NotifyAction.MOUNT as number,
  UMOUNT: NotifyAction.UMOUNT as number,
  EDQUOT: NotifyAction.EDQUOT as number,
  MOVE: NotifyAction.MOVE as number,
  ATTR: NotifyAction.ATTR as number,
} as const;
