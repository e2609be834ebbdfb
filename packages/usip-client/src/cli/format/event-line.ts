import type { LostEvent, MtabEvent, StorageEvent, UsipEvent } from '../../events.js';
import type { LiveTableEvent } from '../../live/live-mount-table.js';
import type { MountChange } from '../../model.js';
import { formatRealtimeNs } from './time.js';

/**
 * One readable line per event. Storage events follow the prototype's fields: mount point,
 * device, inode, pid/vpid, uid and time, e.g.
 *   2026-11-25 12:00:00.123456789  ENOSPC  /mnt/small (tmpfs, tmpfs)  ino 12  pid 123/1  uid 0
 */
export function formatEventLine(event: UsipEvent): string {
  switch (event.kind) {
    case 'storage':
      return formatStorage(event);
    case 'mtab':
      return formatMtab(event);
    case 'lost':
      return formatLost(event);
    case 'overrun':
      return `${stamp(undefined)}  OVERRUN socket receive buffer overflowed: events lost, resync needed`;
  }
}

function stamp(time: bigint | undefined): string {
  return time === undefined ? '-' : formatRealtimeNs(time);
}

function formatStorage(e: StorageEvent): string {
  const what = e.action === 'edquot' ? 'EDQUOT' : e.action === 'enospc' ? 'ENOSPC' : e.action;
  const fs = [e.device, e.fsType].filter(Boolean).join(', ');
  const pid = e.vpid !== undefined && e.vpid !== e.pid ? `${e.pid}/${e.vpid}` : `${e.pid ?? '-'}`;
  const parts = [
    stamp(e.time),
    what.padEnd(6),
    `${e.mountPoint ?? '?'}${fs ? ` (${fs})` : ''}`,
    `ino ${e.ino ?? '-'}`,
    `pid ${pid}`,
    `uid ${e.uid ?? '-'}`,
  ];
  if (e.suppressed) parts.push(`(+${e.suppressed} suppressed)`);
  return parts.join('  ');
}

function formatMtab(e: MtabEvent): string {
  return [stamp(e.time), ...(e.change ? describeChange(e.change) : [e.action.toUpperCase()])].join(
    '  ',
  );
}

function formatLost(e: LostEvent): string {
  return `${stamp(undefined)}  LOST    ${e.lostCount} ${e.eventType} event(s) dropped by the kernel: resync needed`;
}

/** ACTION, mount id, mount point and what is mounted there, then the record's sequence. */
export function describeChange(change: MountChange): string[] {
  const m = change.mount;
  const where =
    'mountPoint' in m
      ? `${m.mountPoint}  ${m.fsType} ${m.source}  ${m.mountOptions}`
      : `(parent ${m.parentId ?? '?'})`;
  return [change.action.toUpperCase().padEnd(6), `#${m.id}`, where, `seq ${change.seq}`];
}

/** A line of `usip watch --mtab --live`'s stream: changes and announced resyncs. */
export function formatLiveTableEvent(event: LiveTableEvent): string {
  if (event.type === 'change') return describeChange(event.change).join('  ');
  const diff = event.diff
    ? `: +${event.diff.added.length} -${event.diff.removed.length} ~${event.diff.changed.length}`
    : '';
  return `RESYNC  after ${event.reason} at seq ${event.fromSeq}, by ${event.method}${diff}`;
}
