// propagate_from in change records (issue 6): a slave's propagate_from names the first peer
// group up its chain of masters with a member in the namespace, so it changes when a member of
// any group up the chain leaves the namespace or arrives, here or by propagation from another
// namespace, with no change to the slave itself. The records, applied in order to the table
// read at the start, must give mountinfo exactly after every step of the scenario.
import t from 'tap';
import { type MountLine, parseMountinfo } from '../lib/mountinfo.js';
import { applyChange, changeRecords, rowOfLine, type TableRow } from './apply-changes.js';
import { Action, type Json, MTAB_NOTIFY, runScenario } from './scenario.js';

const run = runScenario('mtab-propagate-from.sh', 4);
t.equal(run.status, 0, 'the scenario ran', { stderr: run.stderr });
t.notOk(run.facts.has('failed'), 'every step succeeded', { step: run.facts.get('failed') });

const records = changeRecords(run.events.filter((e) => e.cmd === MTAB_NOTIFY));
const steps = [...run.mountinfo.keys()].sort((a, b) => a - b);
const tables = steps.map((n) => parseMountinfo(run.mountinfo.get(n) ?? ''));
const at = new Map(
  run.factList.filter(([k]) => k === 'at').map(([, v]) => v.split(' ') as [string, string]),
);
const table = (label: string) => tables[Number(at.get(label))] ?? [];
const stepCommand = (n: number) =>
  run.factList.find(([k, v]) => k === 'step' && v.startsWith(`${n} `))?.[1].replace(/^\d+ /, '') ??
  '(the start)';
const byId = (rows: TableRow[]) => [...rows].sort((a, b) => a.id - b.id);

t.test('the scenario moved the slave through each propagate_from', async (t) => {
  const wId = Number(run.facts.get('w_id'));
  const w = (label: string): MountLine | undefined => table(label).find((m) => m.id === wId);
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

t.test('a slave whose master group arrives in the same tree', async (t) => {
  const lines = table('tree-in');
  const top = lines.find((m) => m.mountPoint.endsWith('/pf/t/z'));
  const slave = lines.find((m) => m.mountPoint.endsWith('/pf/t/z/y'));
  t.ok(top?.shared, 'the tree came with a shared mount', { top });
  t.equal(slave?.master, top?.shared, 'and a slave of its group below it', { slave });
  t.equal(slave?.propagateFrom, undefined, 'which shows no propagate_from');
});

t.test('after every step, the records so far give mountinfo exactly', async (t) => {
  const rows = new Map((tables[0] ?? []).map((m) => [m.id, rowOfLine(m)]));
  const marked: number[] = [];
  for (const rec of records) {
    const mount = rec.mount as Json;
    const mark = /^mark(\d+)$/.exec(String(mount.source ?? ''));
    if (rec.action === Action.MOUNT && mark) {
      const n = Number(mark[1]);
      marked.push(n);
      t.same(
        byId([...rows.values()]),
        byId((tables[n] ?? []).map(rowOfLine)),
        `after step ${n}: ${stepCommand(n)}`,
      );
    }
    applyChange(rows, rec);
  }
  t.same(marked, steps, 'a marker after every step');
  t.ok(
    records.some((r) => Number((r.mount as Json)['propagate-from']) > 0),
    'records carried propagate_from',
  );
});
