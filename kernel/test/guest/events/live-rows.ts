// A live table's mount in the shape of a mountinfo line, to compare the two field by field.
import type { Mount } from '../../../../packages/usip-client/dist/index.js';
import type { MountLine } from '../lib/mountinfo.js';

const UNBINDABLE = 256; // MountFlags.UNBINDABLE (kernel/usip.yaml)

export function rowOfMount(m: Mount): MountLine {
  return {
    id: m.id,
    parentId: m.parentId,
    major: m.devMajor,
    minor: m.devMinor,
    root: m.root,
    mountPoint: m.mountPoint,
    mountOptions: m.mountOptions,
    fsType: m.fsType,
    source: m.source,
    superOptions: m.superOptions,
    shared: m.sharedGroup,
    master: m.masterGroup,
    propagateFrom: m.propagateFrom,
    unbindable: (m.flags & UNBINDABLE) !== 0,
  };
}

export const byId = <T extends { id: number }>(rows: T[]): T[] =>
  [...rows].sort((a, b) => a.id - b.id);
