// During a burst of mount-table changes the module packs a listener's records several to a
// datagram (kernel/usip-queue.c, usip-notify.c), so a reader wakes once per datagram instead
// of once per record. Packing must lose, reorder or alter nothing: every record arrives once,
// in sequence order, and the records replay the table exactly.
import t from 'tap';
import { parseMountinfo } from '../lib/mountinfo.js';
import { applyChanges, changeRecords, rowOfLine } from './apply-changes.js';
import { Action, LOST_EVENTS, MTAB_NOTIFY, runScenario } from './scenario.js';

const run = runScenario('mtab-burst.sh', 4);
t.equal(run.status, 0, 'the scenario ran', { stderr: run.stderr });
t.notOk(run.facts.has('failed'), 'every mount and umount succeeded', {
  step: run.facts.get('failed'),
});

const count = Number(run.facts.get('count'));
const notifications = run.events.filter((e) => e.cmd === MTAB_NOTIFY);
const records = changeRecords(notifications);
const tables = [0, 1, 2].map((n) => parseMountinfo(run.mountinfo.get(n) ?? ''));

t.test('every change arrived once, in sequence order, none lost', async (t) => {
  t.equal(
    run.events.filter((e) => e.cmd === LOST_EVENTS).length,
    0,
    'no LOST_EVENTS: the watcher reads a 4 MiB queue',
  );
  t.equal(records.filter((r) => r.action === Action.MOUNT).length, count, 'a record per mount');
  t.equal(records.filter((r) => r.action === Action.UMOUNT).length, count, 'a record per umount');
  // Decimal strings: the numbers start from a time in ns, beyond a double's exact range.
  const first = BigInt(String(run.ready.seq)) + 1n;
  const arrived = notifications.map((e) =>
    BigInt(String((e.change as Record<string, unknown>).seq)),
  );
  t.same(
    arrived.map(String),
    arrived.map((_, i) => String(first + BigInt(i))),
    'in arrival order, sequence numbers are consecutive from the dump on',
  );
});

t.test('records came packed several to a datagram', async (t) => {
  const perDatagram = new Map<number, number>();
  for (const e of notifications) {
    const d = Number(e.datagram);
    perDatagram.set(d, (perDatagram.get(d) ?? 0) + 1);
  }
  const most = Math.max(...perDatagram.values());
  t.ok(
    perDatagram.size < notifications.length,
    `${notifications.length} records in ${perDatagram.size} datagrams`,
  );
  t.ok(most > 1, `up to ${most} records in one datagram`);
});

t.test('the records replay the table: before + records = after each half', async (t) => {
  const rows = (n: number) => (tables[n] ?? []).map(rowOfLine).sort((a, b) => a.id - b.id);
  const mounted = records.slice(0, count);
  t.same(
    [...applyChanges(rows(0), mounted).values()].sort((a, b) => a.id - b.id),
    rows(1),
    'after the mounts',
  );
  t.same(
    [...applyChanges(rows(0), records).values()].sort((a, b) => a.id - b.id),
    rows(2),
    'after the umounts',
  );
});
