// 100 unload/load cycles with listeners registered, sockets open and a dump in progress: every
// unload is clean, nothing leaks (the module reports leftovers at unload), no warning. Then
// reloads in the middle of failing writes, with the storage hooks armed and disarmed.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import t from 'tap';
import { runHookChurn } from '../lib/hook-churn.js';
import { mtabNotifier, storageNotifier, writeNotifiers } from '../lib/requests.js';
import { Cmd, call, counter, openUsip } from '../lib/usip.js';

const KO = process.env.USIP_KO ?? '';
const PARAMS = (process.env.USIP_MODULE_PARAMS ?? 'test_commands=1').split(' ').filter(Boolean);
const CYCLES = 100;

const dmesg = (): string => execFileSync('dmesg').toString();

t.test(`${CYCLES} rmmod/insmod cycles with listeners and open sockets`, async (t) => {
  t.ok(existsSync(KO), `the module file (${KO})`);
  const logBefore = dmesg().length;
  let failures = 0;
  for (let i = 0; i < CYCLES; i++) {
    const keep = openUsip();
    const dropped = openUsip();
    await call(keep, Cmd.EVENT_REGISTER, writeNotifiers([mtabNotifier, storageNotifier]));
    await call(dropped, Cmd.EVENT_REGISTER, writeNotifiers([mtabNotifier]));
    await call(keep, Cmd.TEST_MTAB, (b) => b.putU32(5, 2));
    if (counter('live_listeners') < 2) failures++;
    dropped.close();
    execFileSync('rmmod', ['usip']);
    keep.close(); // closed after the module is gone: its release must not reach freed code
    execFileSync('insmod', [KO, ...PARAMS]);
    if (counter('live_listeners') !== 0) failures++;
  }
  t.equal(failures, 0, 'listeners live while loaded, none after each reload');
  const log = dmesg().slice(logBefore);
  t.notMatch(log, /leaked|WARNING|BUG|Oops|refcount_t/, 'kernel log clean');
  t.ok(existsSync('/sys/module/usip'), 'loaded at the end');
});

t.test('reloads while storage listeners come and go and writes fail with ENOSPC', async (t) => {
  const logBefore = dmesg().length;
  const { status, stderr, writers, summary: s } = runHookChurn(20, { ko: KO, params: PARAMS });
  t.equal(status, 0, `hook-churn.py: ${stderr}`);
  t.comment(JSON.stringify(s));
  t.ok((s.reloads ?? 0) >= 1, `the module was reloaded during the writes (${s.reloads})`);
  t.equal(writers.length, 4, 'all four writers reported');
  t.equal(s.writers_failed, 0, 'no writer died');
  t.equal(s.final_event, true, 'after the last reload, a new listener hears an ENOSPC');
  t.notMatch(dmesg().slice(logBefore), /leaked|WARNING|BUG|Oops|refcount_t/, 'kernel log clean');
  t.ok(existsSync('/sys/module/usip'), 'loaded at the end');
});
