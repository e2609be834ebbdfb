import { type Column, formatTable } from './table.js';

/** What `usip families` shows of a generic netlink family. */
export interface FamilySummary {
  id: number;
  name: string;
  version: number;
  hdrsize: number;
  maxattr: number;
  ops: number;
  groups: { id: number; name: string }[];
}

const columns: Column<FamilySummary>[] = [
  { header: 'ID', cell: (f) => String(f.id), align: 'right' },
  { header: 'NAME', cell: (f) => f.name },
  { header: 'VERSION', cell: (f) => String(f.version), align: 'right' },
  { header: 'HDRSIZE', cell: (f) => String(f.hdrsize), align: 'right' },
  { header: 'MAXATTR', cell: (f) => String(f.maxattr), align: 'right' },
  { header: 'OPS', cell: (f) => String(f.ops), align: 'right' },
  { header: 'GROUPS', cell: (f) => f.groups.map((g) => `${g.name}(${g.id})`).join(' ') },
];

export function formatFamilies(families: FamilySummary[]): string {
  return formatTable(columns, families);
}
