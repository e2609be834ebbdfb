// The shape of a connected client, as the CLI and applications use it. UsipClient implements it;
// tests of the layers above (the CLI) use doubles of it.
import type { UsipEvent } from './events.js';
import type { LiveMountTable } from './live/live-mount-table.js';
import type { FsUsage, Mount, MountTableSnapshot, PingReply } from './model.js';
import type { ListenerOptions, ListenerOptionsInput } from './notifier.js';

export interface DumpOptions {
  /** Called as mounts arrive, with the count so far (for a progress indication). */
  onProgress?: (count: number) => void;
  signal?: AbortSignal;
}

/** A registered listener. Events arrive as callbacks and as an async iterable. */
export interface Listener extends AsyncIterable<UsipEvent>, AsyncDisposable {
  /** The kernel's listener id. */
  readonly id: number;
  /** Mount namespace inode the listener is bound to; 0 when global. */
  readonly group: number;
  readonly options: ListenerOptions;
  readonly closed: boolean;
  /** Calls `callback` for each event; returns the function that stops it. */
  subscribe(callback: (event: UsipEvent) => void): () => void;
  /** Unregisters the listener (idempotent) and ends its event stream. */
  close(): Promise<void>;
}

export interface UsipApi extends AsyncDisposable {
  /** What PING reported when the client opened. */
  readonly protoVersion: number;
  readonly features: bigint;
  ping(): Promise<PingReply>;
  /** The mount table, one mount at a time as the dump arrives. */
  mounts(options?: DumpOptions): AsyncIterable<Mount>;
  /** The whole table and the change sequence number it is consistent with. */
  mountTable(options?: DumpOptions): Promise<MountTableSnapshot>;
  /** One mount, by id or by a path inside it. */
  mount(idOrPath: number | string): Promise<{ seq: bigint; mount: Mount }>;
  fsUsage(path: string): Promise<FsUsage>;
  /** TEST_ENOSPC: a synthetic storage event for `path` (module parameter test_commands=1). */
  testEnospc(path: string, errno?: 'ENOSPC' | 'EDQUOT'): Promise<void>;
  /** TEST_MTAB: a synthetic mount-table change. */
  testMtab(options?: {
    action?: 'mount' | 'umount' | 'move' | 'attr';
    mountId?: number;
  }): Promise<void>;
  listen(options: ListenerOptionsInput): Promise<Listener>;
  /** A live copy of the mount table, kept current by change records. */
  liveMountTable(): Promise<LiveMountTable>;
  close(): Promise<void>;
}
