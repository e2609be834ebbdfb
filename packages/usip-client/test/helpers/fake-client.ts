// A UsipApi double for the CLI's offline tests: canned data, recorded calls, events on demand.
import type { Listener, UsipApi } from '../../src/api.js';
import type { CliContext, CliIo } from '../../src/cli/context.js';
import type { FamilySummary } from '../../src/cli/format/families.js';
import type { UsipEvent } from '../../src/events.js';
import { LiveMountTable } from '../../src/live/live-mount-table.js';
import type { FsUsage, Mount, PingReply } from '../../src/model.js';
import { type ListenerOptionsInput, listenerOptionsSchema } from '../../src/notifier.js';
import { EventStream } from '../../src/util/event-stream.js';
import { makeMount } from './model-namespace.js';

export class FakeListener implements Listener {
  readonly stream = new EventStream<UsipEvent>({ holdUntilSubscribed: true });
  closed = false;
  constructor(
    readonly id: number,
    readonly group: number,
    readonly options: Listener['options'],
  ) {}
  subscribe(cb: (e: UsipEvent) => void) {
    return this.stream.subscribe(cb);
  }
  [Symbol.asyncIterator]() {
    return this.stream[Symbol.asyncIterator]();
  }
  async close() {
    this.closed = true;
    this.stream.end();
  }
  async [Symbol.asyncDispose]() {
    await this.close();
  }
}

export class FakeClient implements UsipApi {
  readonly protoVersion = 2;
  readonly features = 0b1111_1111n;
  calls: unknown[][] = [];
  listeners: FakeListener[] = [];
  closed = false;
  /** Called with each new listener once registered (a test raises events from here). */
  onListen: (l: FakeListener) => void = () => {};
  failWith: Error | undefined;

  constructor(
    public table: Mount[] = [makeMount(1, 1, '/'), makeMount(22, 1, '/mnt/data')],
    public usage: FsUsage = {
      type: 0x01021994n,
      bsize: 4096n,
      frsize: 4096n,
      blocks: 1000n,
      bfree: 250n,
      bavail: 250n,
      files: 100n,
      ffree: 90n,
      namelen: 255n,
      flags: 0n,
    },
  ) {}

  #call(name: string, ...args: unknown[]) {
    this.calls.push([name, ...args]);
    if (this.failWith) throw this.failWith;
  }
  async ping(): Promise<PingReply> {
    this.#call('ping');
    return { status: 1, protoVersion: 2, features: this.features };
  }
  async *mounts(options?: { onProgress?: (n: number) => void }): AsyncGenerator<Mount> {
    this.#call('mounts');
    let n = 0;
    for (const m of this.table) {
      options?.onProgress?.(++n);
      yield m;
    }
  }
  async mountTable() {
    this.#call('mountTable');
    return { seq: 7n, mounts: [...this.table] };
  }
  async mount(ref: number | string) {
    this.#call('mount', ref);
    const m = this.table.find((x) => x.id === ref || x.mountPoint === ref) ?? this.table[0]!;
    return { seq: 7n, mount: m };
  }
  async fsUsage(path: string) {
    this.#call('fsUsage', path);
    return this.usage;
  }
  async testEnospc(path: string, errno?: string) {
    this.#call('testEnospc', path, errno);
  }
  async testMtab(options?: unknown) {
    this.#call('testMtab', options);
  }
  async listen(input: ListenerOptionsInput): Promise<Listener> {
    this.#call('listen', input);
    const l = new FakeListener(
      this.listeners.length + 1,
      4026531840,
      listenerOptionsSchema.parse(input),
    );
    this.listeners.push(l);
    queueMicrotask(() => this.onListen(l));
    return l;
  }
  async liveMountTable() {
    const live = new LiveMountTable({
      dump: () => this.mountTable(),
      changesSince: async () => [],
    });
    await live.start();
    return live;
  }
  async close() {
    this.closed = true;
  }
  async [Symbol.asyncDispose]() {
    await this.close();
  }
}

/** Captures what a command writes. */
export class CapturedIo implements CliIo {
  stdout: string[] = [];
  stderr: string[] = [];
  progressLines: string[] = [];
  constructor(readonly stderrIsTTY = false) {}
  out = (line: string) => void this.stdout.push(line);
  err = (line: string) => void this.stderr.push(line);
  progress = (text: string) => void this.progressLines.push(text);
  get text() {
    return this.stdout.join('\n');
  }
}

export const sampleFamilies: FamilySummary[] = [
  {
    id: 16,
    name: 'nlctrl',
    version: 2,
    hdrsize: 0,
    maxattr: 10,
    ops: 2,
    groups: [{ id: 16, name: 'notify' }],
  },
  {
    id: 22,
    name: 'VFS_DQUOT',
    version: 1,
    hdrsize: 0,
    maxattr: 6,
    ops: 0,
    groups: [{ id: 18, name: 'events' }],
  },
];

export function makeContext(
  client: FakeClient,
  io = new CapturedIo(),
  signal: AbortSignal = new AbortController().signal,
): CliContext {
  return {
    io,
    openClient: async () => client,
    listFamilies: async () => sampleFamilies,
    signal,
  };
}
