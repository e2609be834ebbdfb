import type { Mount, MountChange, MountTableSnapshot } from '../model.js';

/** Why a change record could not be applied: the copy would diverge from the kernel's table. */
export type Divergence =
  | { kind: 'gap'; expected: bigint; got: bigint }
  | { kind: 'unknown-mount'; seq: bigint; id: number; action: MountChange['action'] }
  | { kind: 'duplicate-mount'; seq: bigint; id: number };

/** Outcome of applying one record. */
export type ApplyResult =
  | { kind: 'applied' }
  /** Already covered by the table (seq <= the table's seq): dropped, nothing changed. */
  | { kind: 'stale' }
  | { kind: 'diverged'; divergence: Divergence };

// The outcomes without details are shared (frozen): apply() runs once per record in a burst.
const APPLIED: ApplyResult = Object.freeze({ kind: 'applied' });
const STALE: ApplyResult = Object.freeze({ kind: 'stale' });

/** The difference between two tables, reported when a resync replaces the copy. */
export interface TableDiff {
  added: Mount[];
  removed: Mount[];
  changed: Mount[];
}

/**
 * A copy of one namespace's mount table at a known change sequence number. Pure state: it
 * applies records in order and refuses (without changing anything) any record that would make it
 * diverge, so the caller knows it must catch up or resync.
 */
export class MountTableState {
  #mounts = new Map<number, Mount>();
  #seq: bigint;

  constructor(snapshot: MountTableSnapshot) {
    this.#seq = snapshot.seq;
    for (const mount of snapshot.mounts) this.#mounts.set(mount.id, mount);
  }

  /** Sequence number of the last change the table includes. */
  get seq(): bigint {
    return this.#seq;
  }

  get size(): number {
    return this.#mounts.size;
  }

  get(id: number): Mount | undefined {
    return this.#mounts.get(id);
  }

  /** The mounts in mountinfo order (new mounts last, as the kernel lists them). */
  mounts(): Mount[] {
    return [...this.#mounts.values()];
  }

  /**
   * Applies the next record. `lenient` is for the records right after a dump: the kernel reads the
   * table after taking the dump's sequence number, so the dump may already reflect some of them;
   * applied idempotently (a mount may already be there, a umounted one already gone), they
   * converge on the exact table because each record carries the mount's whole new state.
   */
  apply(change: MountChange, options?: { lenient?: boolean }): ApplyResult {
    if (change.seq <= this.#seq) return STALE;
    const expected = this.#seq + 1n;
    if (change.seq !== expected) {
      return { kind: 'diverged', divergence: { kind: 'gap', expected, got: change.seq } };
    }
    const { id } = change.mount;
    const mounts = this.#mounts;
    if (options?.lenient) {
      if (change.action === 'umount') mounts.delete(id);
      else mounts.set(id, change.mount as Mount);
    } else if (change.action === 'mount') {
      if (mounts.has(id))
        return { kind: 'diverged', divergence: { kind: 'duplicate-mount', seq: change.seq, id } };
      mounts.set(id, change.mount);
    } else {
      // delete() says whether the mount was there: one look-up for a detach, the commonest change.
      const known = change.action === 'umount' ? mounts.delete(id) : mounts.has(id);
      if (!known) {
        return {
          kind: 'diverged',
          divergence: { kind: 'unknown-mount', seq: change.seq, id, action: change.action },
        };
      }
      if (change.action !== 'umount') mounts.set(id, change.mount);
    }
    this.#seq = change.seq;
    return APPLIED;
  }

  /** Takes over another table's contents (a fresh dump) and returns what that changed. */
  replace(fresh: MountTableState): TableDiff {
    const diff = diffTables(this.#mounts, fresh.#mounts);
    this.#mounts = new Map(fresh.#mounts);
    this.#seq = fresh.#seq;
    return diff;
  }
}

function diffTables(before: Map<number, Mount>, after: Map<number, Mount>): TableDiff {
  const diff: TableDiff = { added: [], removed: [], changed: [] };
  for (const [id, mount] of after) {
    const old = before.get(id);
    if (!old) diff.added.push(mount);
    else if (!sameMount(old, mount)) diff.changed.push(mount);
  }
  for (const [id, mount] of before) if (!after.has(id)) diff.removed.push(mount);
  return diff;
}

const mountKeys: (keyof Mount)[] = [
  'id',
  'parentId',
  'devMajor',
  'devMinor',
  'root',
  'mountPoint',
  'fsType',
  'source',
  'mountOptions',
  'superOptions',
  'flags',
  'sharedGroup',
  'masterGroup',
  'propagateFrom',
];

export function sameMount(a: Mount, b: Mount): boolean {
  return mountKeys.every((key) => a[key] === b[key]);
}
