// /proc/self/mountinfo parsed the way the module reports it, to compare against.
import { readFileSync } from 'node:fs';

export interface MountLine {
  id: number;
  parentId: number;
  major: number;
  minor: number;
  root: string;
  mountPoint: string;
  mountOptions: string;
  fsType: string;
  source: string;
  superOptions: string;
  shared?: number;
  master?: number;
  propagateFrom?: number;
  unbindable: boolean;
}

const unescapeOctal = (s: string): string =>
  s.replace(/\\([0-3][0-7][0-7])/g, (_, o: string) => String.fromCharCode(Number.parseInt(o, 8)));

export function parseMountinfo(text: string): MountLine[] {
  return text
    .split('\n')
    .filter((l) => l.length > 0)
    .map((line) => {
      const f = line.split(' ');
      const dash = f.indexOf('-');
      const [major, minor] = (f[2] ?? '0:0').split(':').map(Number);
      const optional = f.slice(6, dash);
      const tagged = (tag: string): number | undefined => {
        const hit = optional.find((o) => o.startsWith(`${tag}:`));
        return hit === undefined ? undefined : Number(hit.slice(tag.length + 1));
      };
      return {
        id: Number(f[0]),
        parentId: Number(f[1]),
        major: major ?? 0,
        minor: minor ?? 0,
        root: unescapeOctal(f[3] ?? ''),
        mountPoint: unescapeOctal(f[4] ?? ''),
        mountOptions: f[5] ?? '',
        fsType: unescapeOctal(f[dash + 1] ?? ''),
        source: unescapeOctal(f[dash + 2] ?? ''),
        superOptions: unescapeOctal(f[dash + 3] ?? ''),
        shared: tagged('shared'),
        master: tagged('master'),
        propagateFrom: tagged('propagate_from'),
        unbindable: optional.includes('unbindable'),
      };
    });
}

export function readMountinfo(): MountLine[] {
  return parseMountinfo(readFileSync('/proc/self/mountinfo', 'utf8'));
}
