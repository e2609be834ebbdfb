// A model of one mount namespace as the kernel keeps it: the table, a per-namespace change
// sequence and a bounded change log. Tests drive it with random operations and compare a live
// table's copy against it.
import { StaleChangeLogError } from '../../src/errors.js';
import type { MountTableSource } from '../../src/live/live-mount-table.js';
import type { Mount, MountChange, MountTableSnapshot } from '../../src/model.js';

export function makeMount(id: number, parentId: number, mountPoint: string): Mount {
  return {
    id,
    parentId,
    devMajor: 0,
    devMinor: id,
    root: '/',
    mountPoint,
    fsType: 'tmpfs',
    source: 'tmpfs',
    mountOptions: 'rw,relatime',
    superOptions: 'rw',
    flags: 0,
  };
}

export class ModelNamespace implements MountTableSource {
  readonly table = new Map<number, Mount>();
  readonly log: MountChange[] = [];
  seq = 0n;
  nextId = 100;
  dumps = 0;
  changeQueries = 0;

  /**
   * @param dumpLag how many records older than its content a dump's seq may be: the kernel takes
   *   the sequence number before it reads the table.
   */
  constructor(
    readonly logCapacity = 64,
    readonly dumpLag = 0,
  ) {
    this.table.set(1, makeMount(1, 1, '/'));
  }

  mountNew(parentId = 1): MountChange {
    const id = this.nextId++;
    const mount = makeMount(id, parentId, `/mnt/m${id}`);
    this.table.set(id, mount);
    return this.#record({ seq: 0n, action: 'mount', mount });
  }

  umount(id: number): MountChange {
    const old = this.table.get(id)!;
    this.table.delete(id);
    return this.#record({ seq: 0n, action: 'umount', mount: { id, parentId: old.parentId } });
  }

  remountReadOnly(id: number): MountChange {
    const mount = { ...this.table.get(id)!, mountOptions: 'ro,relatime', flags: 1 };
    this.table.set(id, mount);
    return this.#record({ seq: 0n, action: 'attr', mount });
  }

  move(id: number, to: string): MountChange {
    const mount = { ...this.table.get(id)!, mountPoint: to };
    this.table.set(id, mount);
    return this.#record({ seq: 0n, action: 'move', mount });
  }

  /** Ids a test may umount/move/remount (never the root). */
  movableIds(): number[] {
    return [...this.table.keys()].filter((id) => id !== 1);
  }

  snapshot(): MountTableSnapshot {
    return { seq: this.seq, mounts: [...this.table.values()] };
  }

  async dump(): Promise<MountTableSnapshot> {
    return this.snapshotForDump();
  }

  /** What a dump returns: the current table, with a seq up to dumpLag records older. */
  snapshotForDump(): MountTableSnapshot {
    this.dumps++;
    const oldestKept = this.log[0]?.seq ?? this.seq + 1n;
    const lagged = this.seq - BigInt(this.dumpLag);
    const seq = lagged < oldestKept - 1n ? oldestKept - 1n : lagged;
    return { seq, mounts: [...this.table.values()] };
  }

  async changesSince(seq: bigint): Promise<MountChange[]> {
    this.changeQueries++;
    const oldest = this.log[0]?.seq ?? this.seq + 1n;
    if (seq + 1n < oldest) throw new StaleChangeLogError(seq);
    return this.log.filter((c) => c.seq > seq);
  }

  #record(change: MountChange): MountChange {
    this.seq++;
    const stamped = { ...change, seq: this.seq } as MountChange;
    this.log.push(stamped);
    if (this.log.length > this.logCapacity) this.log.shift();
    return stamped;
  }
}
