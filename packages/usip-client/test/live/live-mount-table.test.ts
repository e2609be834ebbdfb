import fc from 'fast-check';
import t from 'tap';
import { LiveMountTable, type LiveTableEvent } from '../../src/live/live-mount-table.js';
import { ModelNamespace } from '../helpers/model-namespace.js';
import { StreamReplica, sortedById } from '../helpers/stream-replica.js';

async function started(ns: ModelNamespace) {
  const live = new LiveMountTable(ns);
  const events: LiveTableEvent[] = [];
  live.subscribe((e) => events.push(e));
  await live.start();
  return { live, events };
}

t.test('applies notified changes in order and streams them', async (t) => {
  const ns = new ModelNamespace();
  const { live, events } = await started(ns);
  const c1 = ns.mountNew();
  const c2 = ns.remountReadOnly(c1.mount.id);
  live.push({ kind: 'change', change: c1 });
  live.push({ kind: 'change', change: c2 });
  await live.settled();
  t.same(live.mounts(), [...ns.table.values()]);
  t.same(events, [
    { type: 'change', change: c1 },
    { type: 'change', change: c2 },
  ]);
  t.equal(ns.dumps, 1, 'no dump beyond the first');
});

t.test(
  'signals queued during the first dump are applied after it, covered ones dropped',
  async (t) => {
    const ns = new ModelNamespace();
    const live = new LiveMountTable(ns);
    const before = ns.mountNew(); // already in the dump
    live.push({ kind: 'change', change: before });
    const startPromise = live.start();
    const after = ns.mountNew(); // raised while the dump is in flight
    live.push({ kind: 'change', change: after });
    await startPromise;
    await live.settled();
    t.same(live.mounts(), [...ns.table.values()]);
    t.equal(live.seq, ns.seq);
  },
);

t.test('a sequence gap is caught up with MTAB_CHANGED and announced', async (t) => {
  const ns = new ModelNamespace();
  const { live, events } = await started(ns);
  const lost = ns.mountNew();
  const seen = ns.mountNew();
  live.push({ kind: 'change', change: seen });
  await live.settled();
  t.same(live.mounts(), [...ns.table.values()]);
  t.same(events, [
    { type: 'resync', reason: 'gap', method: 'changes', fromSeq: 0n },
    { type: 'change', change: lost },
    { type: 'change', change: seen },
  ]);
  t.equal(ns.dumps, 1);
});

t.test('a gap beyond the change log falls back to a fresh dump', async (t) => {
  const ns = new ModelNamespace(2);
  const { live, events } = await started(ns);
  ns.mountNew();
  ns.mountNew();
  ns.mountNew();
  const seen = ns.mountNew();
  live.push({ kind: 'change', change: seen });
  await live.settled();
  t.same(live.mounts(), [...ns.table.values()]);
  t.equal(events.length, 1);
  t.match(events[0], { type: 'resync', reason: 'gap', method: 'dump', fromSeq: 0n });
  t.equal(events[0]?.type === 'resync' && events[0].diff?.added.length, 4);
});

t.test('lost events: a fresh dump brings the table back, announced with its diff', async (t) => {
  const ns = new ModelNamespace();
  const { live, events } = await started(ns);
  const keep = ns.mountNew();
  live.push({ kind: 'change', change: keep });
  // The kernel's queue overflowed: these records never arrive, a lost-events notice does.
  const gone = ns.mountNew();
  ns.umount(gone.mount.id);
  const ro = ns.remountReadOnly(keep.mount.id);
  const added = ns.mountNew();
  live.push({ kind: 'lost', count: 4n });
  await live.settled();
  t.same(live.mounts(), [...ns.table.values()], 'the table equals the kernel table');
  t.equal(live.seq, ns.seq);
  t.same(events.at(-1), {
    type: 'resync',
    reason: 'lost-events',
    method: 'dump',
    fromSeq: 1n,
    diff: { added: [added.mount], removed: [], changed: [ro.mount] },
  });
});

t.test('loss signals queued together resync once', async (t) => {
  const ns = new ModelNamespace();
  const live = new LiveMountTable(ns);
  const events: LiveTableEvent[] = [];
  live.subscribe((e) => events.push(e));
  // Queued before the table is loaded, so all wait for the same resync.
  live.push({ kind: 'overrun' });
  live.push({ kind: 'lost', count: 1n });
  live.push({ kind: 'overrun' });
  await live.start();
  await live.settled();
  t.equal(ns.dumps, 2, 'one dump at start, one resync');
  t.same(
    events.map((e) => e.type === 'resync' && e.reason),
    ['overrun'],
  );
});

t.test('a loss signal arriving during a resync dump resyncs again', async (t) => {
  const ns = new ModelNamespace();
  const { live } = await started(ns);
  live.push({ kind: 'overrun' });
  ns.mountNew(); // raised after the first resync dump was taken: only the second one sees it
  live.push({ kind: 'lost', count: 1n });
  await live.settled();
  t.equal(ns.dumps, 3);
  t.same(live.mounts(), [...ns.table.values()]);
});

t.test('a record about an unknown mount resyncs instead of diverging', async (t) => {
  const ns = new ModelNamespace();
  const { live } = await started(ns);
  const m = ns.mountNew();
  // The model kernel's table and log disagree with what the client saw: a bogus record.
  live.push({ kind: 'change', change: { seq: m.seq, action: 'umount', mount: { id: 4242 } } });
  await live.settled();
  t.same(live.mounts(), [...ns.table.values()]);
});

t.test('when the source fails, the stream ends with the error', async (t) => {
  const ns = new ModelNamespace();
  const { live } = await started(ns);
  ns.dump = async () => {
    throw new Error('socket closed');
  };
  const it = live[Symbol.asyncIterator]();
  live.push({ kind: 'lost', count: 1n });
  await t.rejects(it.next(), /socket closed/);
});

t.test(
  'property: any interleaving of changes, drops, losses and overruns ends exact',
  async (t) => {
    type Op =
      | { op: 'mount' }
      | { op: 'umount' | 'remount' | 'move'; pick: number }
      | { op: 'deliver' | 'drop'; count: number }
      | { op: 'lost' | 'overrun' | 'settle' };
    const opArb: fc.Arbitrary<Op> = fc.oneof(
      fc.constant({ op: 'mount' as const }),
      fc.record({
        op: fc.constantFrom('umount' as const, 'remount' as const, 'move' as const),
        pick: fc.nat(),
      }),
      fc.record({
        op: fc.constantFrom('deliver' as const, 'drop' as const),
        count: fc.integer({ min: 1, max: 4 }),
      }),
      fc.record({ op: fc.constantFrom('lost' as const, 'overrun' as const, 'settle' as const) }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(opArb, { maxLength: 60 }),
        fc.integer({ min: 1, max: 16 }),
        async (ops, logCapacity) => {
          const ns = new ModelNamespace(logCapacity);
          for (let i = 0; i < 3; i++) ns.mountNew();
          const live = new LiveMountTable(ns);
          await live.start();
          const replica = new StreamReplica(live.mounts());
          live.subscribe((e) => replica.apply(e));
          const pending: import('../../src/model.js').MountChange[] = [];
          for (const o of ops) {
            const ids = ns.movableIds();
            if (o.op === 'mount') pending.push(ns.mountNew());
            else if (o.op === 'umount' || o.op === 'remount' || o.op === 'move') {
              const id = ids[o.pick % Math.max(ids.length, 1)];
              if (id === undefined) continue;
              if (o.op === 'umount') pending.push(ns.umount(id));
              else if (o.op === 'remount') pending.push(ns.remountReadOnly(id));
              else pending.push(ns.move(id, `/moved/${o.pick}`));
            } else if (o.op === 'deliver') {
              for (const change of pending.splice(0, o.count))
                live.push({ kind: 'change', change });
            } else if (o.op === 'drop') pending.splice(0, o.count);
            else if (o.op === 'lost') live.push({ kind: 'lost', count: 1n });
            else if (o.op === 'overrun') live.push({ kind: 'overrun' });
            else await live.settled();
          }
          // Quiet point: every remaining notification arrives (or the loss is signalled).
          for (const change of pending.splice(0)) live.push({ kind: 'change', change });
          if (live.seq !== ns.seq) live.push({ kind: 'changed' });
          await live.settled();
          t.same(live.mounts(), [...ns.table.values()], 'table equals the kernel table, in order');
          t.equal(live.seq, ns.seq);
          t.same(replica.sorted(), sortedById(live.mounts()), 'the stream announced every change');
        },
      ),
      { numRuns: 200 },
    );
  },
);

t.test(
  'a dump whose content is newer than its seq is settled with the log, not flagged',
  async (t) => {
    const ns = new ModelNamespace(64, 2);
    const a = ns.mountNew();
    const b = ns.mountNew();
    ns.umount(a.mount.id);
    // The dump says seq 1 but already shows b mounted and a gone (records 2 and 3).
    const { live, events } = await started(ns);
    t.equal(live.seq, ns.seq, 'settled up to the log head');
    t.same(live.mounts(), [...ns.table.values()]);
    live.push({ kind: 'change', change: b }); // a late notification of a covered record
    const c = ns.mountNew();
    live.push({ kind: 'change', change: c });
    await live.settled();
    t.same(events, [{ type: 'change', change: c }], 'no false resync');
    t.equal(ns.dumps, 1);
  },
);

t.test(
  'a record that fits while nothing is pending is applied before push() returns',
  async (t) => {
    const ns = new ModelNamespace();
    const { live, events } = await started(ns);
    const c1 = ns.mountNew();
    live.push({ kind: 'change', change: c1 });
    t.equal(live.seq, c1.seq, 'applied synchronously');
    t.same(events, [{ type: 'change', change: c1 }]);
    // A record behind a gap does not fit: it takes the queue, which catches up in order.
    const lost = ns.mountNew();
    const seen = ns.mountNew();
    live.push({ kind: 'change', change: seen });
    t.equal(live.seq, c1.seq, 'not applied out of order');
    // While the catch-up is pending, a record that would fit must wait behind it too.
    const next = ns.mountNew();
    live.push({ kind: 'change', change: next });
    t.equal(live.seq, c1.seq, 'queued behind the pending catch-up');
    await live.settled();
    t.equal(live.seq, next.seq);
    t.same(live.mounts(), [...ns.table.values()]);
    t.same(
      events.filter((e) => e.type === 'change').map((e) => (e.type === 'change' ? e.change : null)),
      [c1, lost, seen, next],
      'every record streamed once, in order',
    );
  },
);
