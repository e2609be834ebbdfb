// propagate_from in change records (issue 6): a slave's propagate_from names the first peer
// group up its chain of masters with a member in the namespace, so it changes when a member of
// any group up the chain leaves the namespace or arrives, here or by propagation from another
// namespace, with no change to the slave itself. Every state of every mount that mountinfo
// showed between the scenario's steps must have come as a record, propagate_from included, and
// the records applied to the table read before must give the table after.
import t from 'tap';
import { type MountLine, parseMountinfo } from '../lib/mountinfo.js';
import { applyChanges, changeRecords, rowOfLine, rowOfRecord } from './apply-changes.js';
import { MTAB_NOTIFY, runScenario } from './scenario.js';

const run = runScenario('mtab-propagate-from.sh', 4);
t.equal(run.status, 0, 'the scenario ran', { stderr: run.stderr });
t.notOk(run.facts.has('failed'), 'every step succeeded', { step: run.facts.get('failed') });

const records = changeRecords(run.events.filter((e) => e.cmd === MTAB_NOTIFY));
const steps = [...run.mountinfo.keys()].sort((a, b) => a - b);
const tables = steps.map((n) => parseMountinfo(run.mountinfo.get(n) ?? ''));
const at = new Map(
  run.factList.filter(([k]) => k === 'at').map(([, v]) => v.split(' ') as [string, string]),
);
const wId = Number(run.facts.get('w_id'));
const key = (row: object) => JSON.stringify(row);

t.test('the scenario moved the slave through each propagate_from', async (t) => {
  const w = (label: string): MountLine | undefined =>
    tables[Number(at.get(label))]?.find((m) => m.id === wId);
  const groups = (label: string) => [w(label)?.master, w(label)?.propagateFrom];
  const g2 = w('w-slave')?.master;
  const g1 = w('g2-left')?.propagateFrom;
  const g0 = w('g1-left')?.propagateFrom;
  t.ok(g2 && g1 && g0 && new Set([g2, g1, g0]).size === 3, 'three distinct groups', {
    g2,
    g1,
    g0,
  });
  t.same(groups('w-slave'), [g2, undefined], 'a member of its master group is here');
  t.same(groups('g2-left'), [g2, g1], 'its master group left: the next one up');
  t.same(groups('g1-left'), [g2, g0], 'that one left too: two levels up');
  t.same(groups('g1-back'), [g2, g1], 'a member of g1 arrived by propagation from B');
  t.same(groups('g1-gone'), [g2, g0], 'and left');
  t.same(groups('g0-left'), [g2, undefined], 'no group up the chain has a member here');
});

t.test('every state mountinfo showed between steps came as a record', async (t) => {
  const recorded = new Set(
    records.filter((r) => r.mount).map((r) => key(rowOfRecord(r.mount as Record<string, unknown>))),
  );
  const missing: { step: number; row: object }[] = [];
  for (let i = 1; i < tables.length; i++) {
    const before = new Map((tables[i - 1] ?? []).map((m) => [m.id, key(rowOfLine(m))]));
    for (const m of tables[i] ?? []) {
      const row = rowOfLine(m);
      if (before.get(m.id) !== key(row) && !recorded.has(key(row))) missing.push({ step: i, row });
    }
  }
  t.same(missing, [], 'no state without its record');
  t.ok(
    records.some((r) => Number((r.mount as Record<string, unknown>)?.['propagate-from']) > 0),
    'records carried propagate_from',
  );
});

t.test('the records replay the table: before + records = after, exactly', async (t) => {
  const before = (tables[0] ?? []).map(rowOfLine);
  const after = (tables.at(-1) ?? []).map(rowOfLine).sort((a, b) => a.id - b.id);
  const replayed = [...applyChanges(before, records).values()].sort((a, b) => a.id - b.id);
  t.same(replayed, after);
});
