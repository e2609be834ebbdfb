import type { FsUsage, Mount } from '../../model.js';
import { humanBytes } from './bytes.js';
import { type Column, formatTable } from './table.js';

const mountColumns: Column<Mount>[] = [
  { header: 'ID', cell: (m) => String(m.id), align: 'right' },
  { header: 'PARENT', cell: (m) => String(m.parentId), align: 'right' },
  { header: 'MAJ:MIN', cell: (m) => `${m.devMajor}:${m.devMinor}` },
  { header: 'FSTYPE', cell: (m) => m.fsType },
  { header: 'SOURCE', cell: (m) => m.source },
  { header: 'OPTIONS', cell: (m) => m.mountOptions },
  { header: 'MOUNTPOINT', cell: (m) => m.mountPoint },
];

/** `usip mounts`: one aligned row per mount. */
export function formatMountTable(mounts: Iterable<Mount>): string {
  return formatTable(mountColumns, mounts);
}

/** Propagation as mountinfo's optional fields show it: "shared:1 master:2". */
export function propagation(m: Mount): string {
  const fields: string[] = [];
  if (m.sharedGroup !== undefined) fields.push(`shared:${m.sharedGroup}`);
  if (m.masterGroup !== undefined) fields.push(`master:${m.masterGroup}`);
  if (m.propagateFrom !== undefined) fields.push(`propagate_from:${m.propagateFrom}`);
  return fields.join(' ') || 'private';
}

/** `usip mount`: one "field: value" line per field. */
export function formatMountDetail(m: Mount, seq: bigint): string {
  const rows: [string, string][] = [
    ['id', String(m.id)],
    ['parent', String(m.parentId)],
    ['device', `${m.devMajor}:${m.devMinor}`],
    ['mount point', m.mountPoint],
    ['root', m.root],
    ['fs type', m.fsType],
    ['source', m.source],
    ['mount options', m.mountOptions],
    ['super options', m.superOptions],
    ['propagation', propagation(m)],
    ['table seq', String(seq)],
  ];
  return rows.map(([k, v]) => `${`${k}:`.padEnd(15)}${v}`).join('\n');
}

interface DfRow {
  path: string;
  usage: FsUsage;
}

const dfColumns: Column<DfRow>[] = [
  { header: 'PATH', cell: (r) => r.path },
  { header: 'SIZE', cell: (r) => humanBytes(r.usage.blocks * r.usage.frsize), align: 'right' },
  {
    header: 'USED',
    cell: (r) => humanBytes((r.usage.blocks - r.usage.bfree) * r.usage.frsize),
    align: 'right',
  },
  { header: 'AVAIL', cell: (r) => humanBytes(r.usage.bavail * r.usage.frsize), align: 'right' },
  { header: 'USE%', cell: (r) => usePercent(r.usage), align: 'right' },
  { header: 'INODES', cell: (r) => String(r.usage.files), align: 'right' },
  { header: 'IFREE', cell: (r) => String(r.usage.ffree), align: 'right' },
  { header: 'TYPE', cell: (r) => `0x${r.usage.type.toString(16)}` },
];

/** df's Use%: used / (used + available to unprivileged users), rounded up. */
export function usePercent(u: FsUsage): string {
  const used = u.blocks - u.bfree;
  const total = used + u.bavail;
  if (total === 0n) return '-';
  return `${(used * 100n + total - 1n) / total}%`;
}

/** `usip df`: one aligned row per path. */
export function formatDf(rows: DfRow[]): string {
  return formatTable(dfColumns, rows);
}
