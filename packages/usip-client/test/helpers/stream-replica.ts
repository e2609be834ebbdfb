// A consumer that knows nothing but the change stream: it starts from the first table and
// applies each event. If the stream announces everything, its copy matches the live table's.
import type { LiveTableEvent } from '../../src/live/live-mount-table.js';
import type { Mount } from '../../src/model.js';

export class StreamReplica {
  readonly table = new Map<number, Mount>();

  constructor(initial: Mount[]) {
    for (const m of initial) this.table.set(m.id, m);
  }

  apply(event: LiveTableEvent): void {
    if (event.type === 'change') {
      const { change } = event;
      if (change.action === 'umount') this.table.delete(change.mount.id);
      else this.table.set(change.mount.id, change.mount);
      return;
    }
    if (!event.diff) return;
    for (const m of event.diff.removed) this.table.delete(m.id);
    for (const m of [...event.diff.added, ...event.diff.changed]) this.table.set(m.id, m);
  }

  sorted(): Mount[] {
    return [...this.table.values()].sort((x, y) => x.id - y.id);
  }
}

export function sortedById(mounts: Mount[]): Mount[] {
  return [...mounts].sort((x, y) => x.id - y.id);
}
