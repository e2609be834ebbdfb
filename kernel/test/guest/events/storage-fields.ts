// Field checks shared by the storage event tests: what one storage notification must carry
// for a known writer, and the statfs figures the scenarios print to compare its usage with.
import type { Test } from 'tap';
import { type Json, runScenario, type ScenarioResult, STORAGE_NOTIFY } from './scenario.js';

export const ENOSPC = 28;
export const EDQUOT = 122;

/** What the scenario knows about one failed operation and its file system. */
export interface Expected {
  action: number;
  errno: number;
  pid: string;
  vpid: string;
  uid: number;
  gid: number;
  ino: string;
  mountpoint: string;
  device: string;
  fstype: string;
  /** st_dev of the mount point as stat(2) prints it (the kernel's new_encode_dev()). */
  dev: string;
  /** The mount namespace the event belongs to (the writer's). */
  group: unknown;
  /** CLOCK_REALTIME ns before and after the scenario's operations. */
  t0: string;
  t1: string;
}

export function checkEvent(t: Test, ev: Json | undefined, want: Expected): void {
  t.ok(ev, 'an event arrived');
  if (!ev) return;
  t.equal(ev['event-action'], want.action, 'action');
  t.equal(ev['event-errno'], want.errno, 'errno');
  t.equal(String(ev['event-pid']), want.pid, 'pid of the writer');
  t.equal(String(ev['event-vpid']), want.vpid, 'vpid: the pid in its own pid namespace');
  t.equal(ev['event-uid'], want.uid, 'uid of the writer');
  t.equal(ev['event-gid'], want.gid, 'gid of the writer');
  t.equal(String(ev['event-ino']), want.ino, 'inode');
  t.equal(ev['event-mountpoint'], want.mountpoint, 'mount point as the writer sees it');
  t.equal(ev['event-device'], want.device, 'device (mount source)');
  t.equal(ev['event-fstype'], want.fstype, 'file-system type');
  t.equal(String(ev['event-dev']), want.dev, 'device number as stat(2) encodes it');
  t.equal(ev['event-group'], want.group, "the writer's mount namespace");
  const time = BigInt(String(ev['event-time']));
  t.ok(time >= BigInt(want.t0) && time <= BigInt(want.t1), 'CLOCK_REALTIME ns within the run');
}

/** "major:minor" of a device number in the kernel's new_encode_dev() layout. */
export function majorMinor(encoded: unknown): string {
  const n = Number(encoded);
  const major = (n & 0xfff00) >>> 8;
  const minor = (n & 0xff) | ((n >>> 12) & 0xfff00);
  return `${major}:${minor}`;
}

/** The order of the figures in the scenarios' `stat -f -c '%t %s %S %b %f %a %c %d %l'`. */
const USAGE_FIELDS = [
  'type',
  'bsize',
  'frsize',
  'blocks',
  'bfree',
  'bavail',
  'files',
  'ffree',
  'namelen',
] as const;
export type UsageField = (typeof USAGE_FIELDS)[number];

/** Figures a file system's size alone decides: they never move while it fills. */
export const STATIC_USAGE: readonly UsageField[] = [
  'type',
  'bsize',
  'frsize',
  'blocks',
  'files',
  'namelen',
];

export function parseUsage(line: string): Record<UsageField, number> {
  const words = line.trim().split(/\s+/);
  const out = {} as Record<UsageField, number>;
  USAGE_FIELDS.forEach((key, i) => {
    out[key] = key === 'type' ? Number.parseInt(words[i] ?? '', 16) : Number(words[i]);
  });
  return out;
}

/** The event's fs-usage equals statfs(2) of its file system in @fields. */
export function checkUsage(
  t: Test,
  ev: Json | undefined,
  statfs: string,
  fields: readonly UsageField[] = USAGE_FIELDS,
): void {
  const usage = ev?.['fs-usage'] as Json | undefined;
  t.ok(usage, 'the event carries the usage');
  if (!usage) return;
  const want = parseUsage(statfs);
  for (const key of fields) t.equal(usage[key], want[key], `usage ${key} equals statfs`);
}

/** A storage scenario's run, with its facts and storage notifications at hand. */
export interface StorageRun {
  run: ScenarioResult;
  fact(key: string): string;
  /** Every storage notification, in arrival order. */
  storage: Json[];
  /** The storage notifications about writer @pid. */
  byPid(pid: string): Json[];
}

/**
 * Runs scenarios/NAME (runScenario) and checks that it ran; with `setupFacts`, also that no
 * set-up step reported "FACT failed".
 */
export function runStorageScenario(
  t: Test,
  name: string,
  quietSeconds: number,
  options: { setupFacts?: boolean } = {},
): StorageRun {
  const run = runScenario(name, quietSeconds);
  const fact = (k: string): string => run.facts.get(k) ?? `(no fact ${k})`;
  const storage = run.events.filter((e) => e.cmd === STORAGE_NOTIFY);
  const byPid = (pid: string): Json[] => storage.filter((e) => String(e['event-pid']) === pid);
  t.equal(run.status, 0, 'the scenario ran', { stderr: run.stderr });
  if (options.setupFacts) {
    t.notOk(run.facts.has('failed'), 'every set-up step succeeded', { step: fact('failed') });
  }
  return { run, fact, storage, byPid };
}
