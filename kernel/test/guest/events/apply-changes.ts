// The client's side of the proof: a mount table (from mountinfo) updated only by applying
// change records, compared with the kernel's own mountinfo afterwards.
import type { MountLine } from '../lib/mountinfo.js';
import { Action, type Json } from './scenario.js';

/** The fields a change record carries, in the shape of a mountinfo line. */
export type TableRow = Omit<MountLine, 'major' | 'minor'>;

export function rowOfLine(m: MountLine): TableRow {
  const { major: _major, minor: _minor, ...row } = m;
  return row;
}

export function rowOfRecord(mount: Json): TableRow {
  const flags = Number(mount.flags ?? 0);
  return {
    id: Number(mount.id),
    parentId: Number(mount['parent-id']),
    root: String(mount.root ?? ''),
    mountPoint: String(mount['mount-point'] ?? ''),
    mountOptions: String(mount['mount-options'] ?? ''),
    fsType: String(mount['fs-type'] ?? ''),
    source: String(mount.source ?? ''),
    superOptions: String(mount['super-options'] ?? ''),
    shared: mount['shared-group'] === undefined ? undefined : Number(mount['shared-group']),
    master: mount['master-group'] === undefined ? undefined : Number(mount['master-group']),
    propagateFrom:
      mount['propagate-from'] === undefined ? undefined : Number(mount['propagate-from']),
    unbindable: (flags & 256) !== 0,
  };
}

/** The change records among the notifications, in sequence order. */
export function changeRecords(events: Json[]): Json[] {
  return events
    .map((e) => e.change as Json | undefined)
    .filter((c): c is Json => c !== undefined)
    .sort((a, b) => (BigInt(String(a.seq)) < BigInt(String(b.seq)) ? -1 : 1));
}

/** Applies one change record to @rows (by mount id). */
export function applyChange(rows: Map<number, TableRow>, rec: Json): void {
  const mount = rec.mount as Json;
  if (rec.action === Action.UMOUNT) rows.delete(Number(mount.id));
  else rows.set(Number(mount.id), rowOfRecord(mount));
}

/** Applies @records to @table (by mount id) and returns the result. */
export function applyChanges(table: TableRow[], records: Json[]): Map<number, TableRow> {
  const rows = new Map(table.map((r) => [r.id, r]));
  for (const rec of records) applyChange(rows, rec);
  return rows;
}
