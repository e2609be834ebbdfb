// The consistency proof on random operations: a table read from mountinfo, updated only by
// the change records of 100 (USIP_RANDOM_OPS) random mount, bind, rbind, move, umount, lazy umount,
// remount and propagation changes, equals the kernel's mountinfo at the quiet point after.
// USIP_RANDOM_OPS / USIP_RANDOM_SEED reproduce a run (the seed is printed).
import t from 'tap';
import { parseMountinfo } from '../lib/mountinfo.js';
import { applyChanges, changeRecords, rowOfLine } from './apply-changes.js';
import { MTAB_NOTIFY, runScenario } from './scenario.js';

const run = runScenario('mtab-random.sh', 6);
t.equal(run.status, 0, 'the scenario ran', { stderr: run.stderr });
t.comment(`seed ${run.facts.get('seed')}, ${run.facts.get('ops')} operations`);

const before = parseMountinfo(run.mountinfo.get(0) ?? '').map(rowOfLine);
const after = parseMountinfo(run.mountinfo.get(1) ?? '')
  .map(rowOfLine)
  .sort((a, b) => a.id - b.id);
const records = changeRecords(run.events.filter((e) => e.cmd === MTAB_NOTIFY));
t.ok(records.length > 0, `${records.length} change records`);
t.notOk(
  run.events.some((e) => e.cmd === 13),
  'no events were lost',
);
const replayed = [...applyChanges(before, records).values()].sort((a, b) => a.id - b.id);
t.same(replayed, after, 'before + records = after', { seed: run.facts.get('seed') });
