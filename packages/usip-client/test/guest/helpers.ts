// Shared by the guest tests: the real /proc/self/mountinfo, parsed, to compare USIP against.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface MountinfoLine {
  id: number;
  parentId: number;
  devMajor: number;
  devMinor: number;
  root: string;
  mountPoint: string;
  mountOptions: string;
  fsType: string;
  source: string;
  superOptions: string;
}

const unescapeOctal = (s: string) =>
  s.replace(/\\([0-7]{3})/g, (_, o) => String.fromCharCode(Number.parseInt(o, 8)));

export function readMountinfo(): MountinfoLine[] {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const [left = '', right = ''] = line.split(' - ');
      const f = left.split(' ');
      const [fsType = '', source = '', superOptions = ''] = right.split(' ');
      const [major, minor] = (f[2] ?? '0:0').split(':').map(Number);
      return {
        id: Number(f[0]),
        parentId: Number(f[1]),
        devMajor: major ?? 0,
        devMinor: minor ?? 0,
        root: unescapeOctal(f[3] ?? ''),
        mountPoint: unescapeOctal(f[4] ?? ''),
        mountOptions: f[5] ?? '',
        fsType,
        source: unescapeOctal(source),
        superOptions,
      };
    });
}

/** A fresh directory with a small tmpfs mounted on it; returns its path. */
export function mountSmallTmpfs(size = '256k'): string {
  const dir = mkdtempSync(join(tmpdir(), 'usip-guest-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'usip-test', dir]);
  return dir;
}

export function umount(dir: string): void {
  execFileSync('umount', [dir]);
}

/** Resolves with the first value the iterator yields that matches, or rejects after `ms`. */
export async function firstMatching<T>(
  it: AsyncIterator<T>,
  match: (value: T) => boolean,
  ms = 20_000,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no matching event within ${ms} ms`)), ms);
  });
  try {
    while (true) {
      const next = await Promise.race([it.next(), timeout]);
      if (next.done) throw new Error('the stream ended');
      if (match(next.value)) return next.value;
    }
  } finally {
    clearTimeout(timer);
  }
}
