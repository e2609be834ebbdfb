// The mount-table watcher bench of issue 6, run in the guest (kernel/test/bench/README.md):
//  (a) watcher CPU per mount-table change, at several table sizes: a usip-client live table
//      (usip-watcher.mjs) and the same USIP watcher in C (usip-watcher.c) against a poll +
//      re-read watcher in C (reread-watcher.c) and the same in Node (reread-watcher.mjs); each
//      a process of its own, measured alone, through series of single mounts and umounts, each
//      change waited for; reported Node-vs-Node and C-vs-C;
//  (b) a burst of mounts with no watcher, with a USIP watcher alone, and with one of each kind
//      (the Node USIP watcher, then the C one): burst wall time, each watcher's CPU, and the
//      USIP table checked against mountinfo.
// Run it as root in the guest with the module loaded; it re-executes itself in a private mount
// namespace. Figures go to stdout as "usip-figure: ..." lines, a JSON summary last.
//   node mtab-watchers.mjs --bin DIR [--sizes 1000,5000,15000] [--changes 20] [--rounds 3]
//                          [--warmup 1000] [--burst 15000] [--profile]
// --changes: mount+umount pairs per measured round (the Node re-reader does at most 5);
// --warmup: pairs before measuring (the re-readers do at most 5).
// --bin: where mount-ctl, reread-watcher and usip-watcher (C) were built (run-guest-bench.sh).
// --profile: also print where the USIP watcher spent its CPU during the measured series, and
//            in one more burst, after the measured ones (profiled, so not a figure of its own).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { LineProcess } from './lib/line-process.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    bin: { type: 'string' },
    sizes: { type: 'string', default: '1000,5000,15000' },
    changes: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '3' },
    burst: { type: 'string', default: '15000' },
    base: { type: 'string', default: '/tmp/usip-bench' },
    profile: { type: 'boolean' },
    // Options for the node running the Node watchers (USIP and re-reader), e.g. the
    // --single-threaded that packages/usip-client/README.md recommends for a watching daemon.
    'node-flags': { type: 'string', default: '' },
  },
});
const nodeFlags = values['node-flags'].split(' ').filter((f) => f.length > 0);
if (!values.bin) throw new Error('--bin DIR (where mount-ctl and reread-watcher are) is required');

if (!process.env.USIP_BENCH_UNSHARED) {
  // The bench's thousands of mounts stay in a namespace of their own, gone when it ends.
  const run = spawnSync(
    'unshare',
    ['--mount', '--propagation', 'private', process.execPath, ...process.argv.slice(1)],
    { stdio: 'inherit', env: { ...process.env, USIP_BENCH_UNSHARED: '1' } },
  );
  process.exit(run.status ?? 1);
}

const sizes = values.sizes.split(',').map(Number);
const changes = Number(values.changes);
const warmup = Number(values.warmup);
const rounds = Number(values.rounds);
const burstSize = Number(values.burst);
const base = values.base;
const summary = { nodeFlags, series: [], burst: {} };

const report = (line) => console.log(`usip-figure: ${line}`);
const mountinfoCount = () =>
  readFileSync('/proc/self/mountinfo', 'utf8').split('\n').filter(Boolean).length;
/** A tmpfs of its own on a new directory, so one lazy umount removes all mounted under it. */
function scratchTmpfs(dir) {
  mkdirSync(dir);
  const run = spawnSync('mount', ['-t', 'tmpfs', 'usip-bench-dir', dir], { stdio: 'inherit' });
  if (run.status !== 0) throw new Error(`cannot mount a tmpfs on ${dir}`);
}
const cpuOf = (words) => Number(words[0]) + Number(words[1]);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const mounter = new LineProcess('mount-ctl', [join(values.bin, 'mount-ctl')]);
/** Runs one mount-ctl command; resolves with its wall time in ns. */
async function mountCtl(command) {
  const answer = await mounter.request(command, (l) => /^(ok|err) /.test(l), 3_600_000);
  if (!answer.startsWith('ok ')) throw new Error(`mount-ctl ${command}: ${answer}`);
  return Number(answer.slice(3));
}

function startUsipWatcher(lines) {
  const argv = [
    process.execPath,
    ...nodeFlags,
    join(here, 'usip-watcher.mjs'),
    ...(lines ? ['--lines'] : []),
  ];
  return new LineProcess('usip-watcher', argv);
}

function startCUsipWatcher(lines) {
  return new LineProcess('c-usip-watcher', [
    join(values.bin, 'usip-watcher'),
    ...(lines ? ['--lines'] : []),
  ]);
}

function startRereadWatcher(lines) {
  return new LineProcess('reread-watcher', [
    join(values.bin, 'reread-watcher'),
    ...(lines ? ['--lines'] : []),
  ]);
}

function startNodeRereadWatcher() {
  return new LineProcess('node-reread-watcher', [
    process.execPath,
    ...nodeFlags,
    join(here, 'reread-watcher.mjs'),
    values.bin,
  ]);
}

/** Starts the watchers named and waits until each has loaded the table. */
async function startWatchers(kinds, lines) {
  const w = {};
  if (kinds.includes('usip')) w.usip = startUsipWatcher(lines);
  if (kinds.includes('cUsip')) w.cUsip = startCUsipWatcher(lines);
  if (kinds.includes('reread')) w.reread = startRereadWatcher(lines);
  if (kinds.includes('nodeReread')) w.nodeReread = startNodeRereadWatcher();
  for (const p of Object.values(w)) await p.next((l) => l.startsWith('ready '));
  return w;
}

async function cpuOfWatchers(w) {
  const cpu = {};
  if (w.usip) cpu.usip = await w.usip.ask('cpu', 'cpu');
  if (w.cUsip) cpu.cUsip = await w.cUsip.ask('cpu', 'cpu');
  if (w.reread) cpu.reread = await w.reread.ask('cpu', 'cpu');
  return cpu;
}

/**
 * One change, then waits until the watcher has handled it: a USIP watcher's change count
 * reaches `usipChanges`, the re-reader has read a table of `mounts` mounts.
 */
async function changeAndWait(w, command, usipChanges, mounts) {
  await mountCtl(command);
  for (const p of [w.usip, w.cUsip].filter(Boolean))
    await p.next((l) => l.startsWith('seen ') && Number(l.split(' ')[1]) >= usipChanges);
  for (const p of [w.reread, w.nodeReread].filter(Boolean))
    await p.next((l) => l === `seen ${l.split(' ')[1]} ${mounts}`);
}

/** `count` single mounts, then as many umounts, each waited for; returns the changes made. */
async function seriesOfChanges(w, churn, count, state) {
  const start = state.mounts;
  for (let i = 0; i < count; i++) {
    state.usipChanges++;
    await changeAndWait(w, `mount ${churn}/${i}`, state.usipChanges, start + i + 1);
  }
  // Counts only fall from here: no late re-read of the rising phase can match.
  for (let i = count - 1; i >= 0; i--) {
    state.usipChanges++;
    await changeAndWait(w, `umount ${churn}/${i}`, state.usipChanges, start + i);
  }
  return 2 * count;
}

/**
 * One watcher alone (so that neither competes with the other for the guest's two emulated
 * CPUs): a warm-up series, then `rounds` measured series of `pairs` mounts and umounts. Its CPU
 * per change in microseconds is the median over the rounds: the host's load comes and goes, and
 * a round it hits is an outlier, not a figure.
 */
async function measureAlone(kind, churn, n, pairs = changes) {
  const w = await startWatchers([kind], true);
  const p = w[kind];
  const state = { mounts: mountinfoCount(), usipChanges: 0 };
  // Not counted: node compiles the hot path in the background meanwhile (a daemon pays that
  // once in its life); a C watcher needs no more than a few to warm its caches.
  await seriesOfChanges(w, churn, kind === 'usip' ? warmup : Math.min(warmup, 5), state);
  const profiling = values.profile && kind === 'usip';
  if (profiling) await p.request('profile-start', (l) => l === 'profiling');
  const threadsBefore = profiling ? await p.ask('threads', 'threads') : [];
  const first = await p.ask('cpu', 'cpu');
  const perRound = [];
  let made = 0;
  for (let round = 0, before = first; round < rounds; round++) {
    const count = await seriesOfChanges(w, churn, pairs, state);
    const after = await p.ask('cpu', 'cpu');
    perRound.push((cpuOf(after) - cpuOf(before)) / count);
    made += count;
    before = after;
  }
  const last = await p.ask('cpu', 'cpu');
  if (profiling) {
    const threadsAfter = await p.ask('threads', 'threads');
    report(
      `USIP watcher threads at ${n}, ticks before/after: ${threadsBefore.join(' ')} | ${threadsAfter.join(' ')}`,
    );
    await printProfile(p, n);
  }
  const sorted = [...perRound].sort((a, b) => a - b);
  const result = {
    mounts: state.mounts,
    changes: made,
    us: sorted[Math.floor(sorted.length / 2)],
    rounds: perRound.map(Math.round),
  };
  if (kind === 'usip' || kind === 'cUsip') {
    result.resyncs = Number(last[3]) - Number(first[3]);
    result.notifications = Number(last[5]) - Number(first[5]);
    result.table = await checkTable(p);
  }
  await p.quit();
  return result;
}

async function printProfile(usip, n) {
  usip.child.stdin.write('profile-stop\n');
  for (;;) {
    const line = await usip.next((l) => l.startsWith('profile'));
    if (line === 'profiled') return;
    report(`USIP watcher profile at ${n}: ${line.slice('profile '.length)}`);
  }
}

async function checkTable(usip) {
  const [verdict, tableSize, mountinfoSize, ...diff] = await usip.ask('check', 'check');
  return {
    exact: verdict === 'ok',
    tableSize: Number(tableSize),
    mountinfoSize: Number(mountinfoSize),
    diff: diff.join(' '),
  };
}

/** What a Node process costs per wake-up in this guest, doing nothing else (wake-floor.mjs). */
function wakeFloor() {
  const run = spawnSync(process.execPath, [join(here, 'wake-floor.mjs'), '200'], {
    encoding: 'utf8',
  });
  return Number(/floor (\d+)/.exec(run.stdout)?.[1]);
}

async function perChangeSeries() {
  const tableDir = `${base}/table`;
  const churn = `${base}/churn`;
  scratchTmpfs(tableDir);
  scratchTmpfs(churn);
  await mountCtl(`mkdirs ${churn} 0 ${Math.max(changes, warmup)}`);
  await mountCtl(`mkdirs ${tableDir} 0 ${Math.max(...sizes)}`);
  let filled = 0;
  for (const n of sizes) {
    await mountCtl(`fill ${tableDir} ${filled} ${n - filled}`);
    filled = n;
    const floorUs = wakeFloor(); // next to the USIP figure: the host's load drifts
    const usip = await measureAlone('usip', churn, n);
    const cUsip = await measureAlone('cUsip', churn, n);
    const reread = await measureAlone('reread', churn, n);
    // Slow under emulation (seconds per re-read at 15,000): fewer changes, same per-change figure.
    const nodeReread = await measureAlone('nodeReread', churn, n, Math.min(changes, 5));
    const row = {
      n,
      mounts: usip.mounts,
      changes: usip.changes,
      usipUs: usip.us,
      rereadUs: reread.us,
      ratio: reread.us / usip.us,
      nodeRereadUs: nodeReread.us,
      nodeRatio: nodeReread.us / usip.us,
      nodeWakeFloorUs: floorUs,
      // C-vs-C: the USIP watcher in C against the C re-reader.
      cUsipUs: cUsip.us,
      cRatio: reread.us / cUsip.us,
      rounds: {
        usip: usip.rounds,
        cUsip: cUsip.rounds,
        reread: reread.rounds,
        nodeReread: nodeReread.rounds,
      },
      resyncs: usip.resyncs,
      notifications: usip.notifications,
      exact: usip.table.exact,
      cUsipResyncs: cUsip.resyncs,
      cUsipNotifications: cUsip.notifications,
      cUsipExact: cUsip.table.exact,
    };
    summary.series.push(row);
    report(
      `per change (median of ${rounds} rounds), ${n} added mounts (${row.mounts} in the table): ` +
        `USIP ${row.usipUs.toFixed(0)} us (Node wake-up floor ${floorUs} us), re-read (C) ${row.rereadUs.toFixed(0)} us, ` +
        `ratio ${row.ratio.toFixed(1)}x, re-read (Node) ${row.nodeRereadUs.toFixed(0)} us, ` +
        `ratio ${row.nodeRatio.toFixed(1)}x, USIP notifications ${row.notifications}, resyncs ${row.resyncs}, ` +
        `table ${usip.table.exact ? 'exact' : `DIFFERS ${usip.table.diff}`}`,
    );
    report(
      `per change, C vs C, ${n} added mounts: USIP (C) ${row.cUsipUs.toFixed(0)} us, ` +
        `re-read (C) ${row.rereadUs.toFixed(0)} us, ratio ${row.cRatio.toFixed(1)}x, ` +
        `USIP (C) notifications ${row.cUsipNotifications}, resyncs ${row.cUsipResyncs}, ` +
        `table ${cUsip.table.exact ? 'exact' : `DIFFERS ${cUsip.table.diff}`}`,
    );
    report(
      `  rounds, us per change: USIP ${usip.rounds.join('/')}, USIP (C) ${cUsip.rounds.join('/')}, ` +
        `re-read (C) ${reread.rounds.join('/')}, re-read (Node) ${nodeReread.rounds.join('/')}`,
    );
  }
  await mountCtl(`detach ${tableDir}`);
  await mountCtl(`detach ${churn}`);
  const first = summary.series[0];
  const last = summary.series.at(-1);
  summary.flatness = last.usipUs / first.usipUs;
  summary.cFlatness = last.cUsipUs / first.cUsipUs;
  report(
    `USIP per-change CPU at ${last.n} / at ${first.n}: ${summary.flatness.toFixed(2)} ` +
      `(target <= 2); re-read/USIP at ${last.n}: ${last.ratio.toFixed(1)}x (target >= 100)`,
  );
  report(
    `C vs C: USIP (C) per-change CPU at ${last.n} / at ${first.n}: ${summary.cFlatness.toFixed(2)} ` +
      `(target <= 2); re-read (C)/USIP (C) at ${last.n}: ${last.cRatio.toFixed(1)}x (target >= 100)`,
  );
}

/** Waits until every watcher has caught up with a table of `mounts` mounts. */
async function caughtUp(w, mounts) {
  for (let polls = 0; ; polls++) {
    const cpu = await cpuOfWatchers(w);
    if (
      (!cpu.usip || Number(cpu.usip[4]) === mounts) &&
      (!cpu.cUsip || Number(cpu.cUsip[4]) === mounts) &&
      (!cpu.reread || Number(cpu.reread[3]) === mounts)
    )
      return cpu;
    if (polls > 20_000) throw new Error(`watchers never caught up with ${mounts} mounts`);
    await sleep(100);
  }
}

/**
 * A Node USIP watcher that has handled `warmup` pairs of single changes (under `churn`, a new
 * scratch directory), as a daemon that has been running a while: V8 has compiled its hot path and settled its heap after the dump.
 */
async function warmUsipWatcher(churn) {
  scratchTmpfs(churn);
  await mountCtl(`mkdirs ${churn} 0 ${warmup}`);
  const w = await startWatchers(['usip'], true);
  await seriesOfChanges(w, churn, warmup, { mounts: mountinfoCount(), usipChanges: 0 });
  await mountCtl(`detach ${churn}`);
  await w.usip.request('lines-off', (l) => l === 'lines-off');
  return w;
}

/** A burst with the watchers named; `warm`: the Node USIP watcher warmed up first. */
async function burst(kinds, { warm = false } = {}) {
  const dir = `${base}/burst-${kinds.join('-') || 'none'}${warm ? '-warm' : ''}`;
  scratchTmpfs(dir);
  await mountCtl(`mkdirs ${dir} 0 ${burstSize}`);
  const w = warm ? await warmUsipWatcher(`${dir}-churn`) : {};
  Object.assign(w, await startWatchers(warm ? kinds.filter((k) => k !== 'usip') : kinds, false));
  const expected = mountinfoCount() + burstSize;
  const before = await cpuOfWatchers(w);
  const wallNs = await mountCtl(`fill ${dir} 0 ${burstSize}`);
  const after = await caughtUp(w, expected);
  const result = { wallMs: wallNs / 1e6 };
  // Whichever USIP watcher ran (Node or C), under the same keys.
  const usipKind = w.usip ? 'usip' : w.cUsip ? 'cUsip' : undefined;
  if (usipKind) {
    const [b, a] = [before[usipKind], after[usipKind]];
    result.usipCpuMs = (cpuOf(a) - cpuOf(b)) / 1000;
    result.usipSystemMs = (Number(a[1]) - Number(b[1])) / 1000;
    result.usipResyncs = Number(a[3]) - Number(b[3]);
    result.table = await checkTable(w[usipKind]);
  }
  if (w.reread) {
    result.rereadCpuMs = (cpuOf(after.reread) - cpuOf(before.reread)) / 1000;
    result.rereadWakeups = Number(after.reread[2]) - Number(before.reread[2]);
  }
  await Promise.all(Object.values(w).map((p) => p.quit()));
  await mountCtl(`detach ${dir}`);
  return result;
}

async function bursts() {
  const none = await burst([]);
  const usip = await burst(['usip']);
  const both = await burst(['usip', 'reread']);
  const cUsip = await burst(['cUsip']);
  const cBoth = await burst(['cUsip', 'reread']);
  // The cold watcher above starts just before the burst and pays V8's warm-up in it; a daemon
  // that has been running meets a burst warm.
  const usipWarm = await burst(['usip'], { warm: true });
  const bothWarm = await burst(['usip', 'reread'], { warm: true });
  summary.burst = { size: burstSize, none, usip, both, cUsip, cBoth, usipWarm, bothWarm };
  const table = (r) => (r.table.exact ? 'exact' : `DIFFERS ${r.table.diff}`);
  report(`burst of ${burstSize} mounts, no watcher: ${none.wallMs.toFixed(0)} ms`);
  report(
    `burst, USIP watcher alone: ${usip.wallMs.toFixed(0)} ms (${(usip.wallMs / none.wallMs).toFixed(2)}x, target <= 1.5), ` +
      `USIP CPU ${usip.usipCpuMs.toFixed(0)} ms (system ${usip.usipSystemMs.toFixed(0)}), resyncs ${usip.usipResyncs}, table ${table(usip)}`,
  );
  report(
    `burst, one watcher of each kind: ${both.wallMs.toFixed(0)} ms (${(both.wallMs / none.wallMs).toFixed(2)}x), ` +
      `USIP CPU ${both.usipCpuMs.toFixed(0)} ms (system ${both.usipSystemMs.toFixed(0)}), re-read CPU ${both.rereadCpuMs.toFixed(0)} ms ` +
      `(${both.rereadWakeups} re-reads), USIP/re-read ${(both.usipCpuMs / both.rereadCpuMs).toFixed(3)} (target <= 0.1), ` +
      `resyncs ${both.usipResyncs}, table ${table(both)}`,
  );
  report(
    `burst, C USIP watcher alone: ${cUsip.wallMs.toFixed(0)} ms (${(cUsip.wallMs / none.wallMs).toFixed(2)}x, target <= 1.5), ` +
      `USIP (C) CPU ${cUsip.usipCpuMs.toFixed(0)} ms (system ${cUsip.usipSystemMs.toFixed(0)}), resyncs ${cUsip.usipResyncs}, table ${table(cUsip)}`,
  );
  report(
    `burst, C USIP watcher + C re-reader: ${cBoth.wallMs.toFixed(0)} ms (${(cBoth.wallMs / none.wallMs).toFixed(2)}x), ` +
      `USIP (C) CPU ${cBoth.usipCpuMs.toFixed(0)} ms (system ${cBoth.usipSystemMs.toFixed(0)}), re-read CPU ${cBoth.rereadCpuMs.toFixed(0)} ms ` +
      `(${cBoth.rereadWakeups} re-reads), USIP (C)/re-read ${(cBoth.usipCpuMs / cBoth.rereadCpuMs).toFixed(3)} (target <= 0.1), ` +
      `resyncs ${cBoth.usipResyncs}, table ${table(cBoth)}`,
  );
  report(
    `burst, warm USIP watcher alone: ${usipWarm.wallMs.toFixed(0)} ms (${(usipWarm.wallMs / none.wallMs).toFixed(2)}x, target <= 1.5), ` +
      `USIP CPU ${usipWarm.usipCpuMs.toFixed(0)} ms (system ${usipWarm.usipSystemMs.toFixed(0)}), resyncs ${usipWarm.usipResyncs}, table ${table(usipWarm)}`,
  );
  report(
    `burst, warm USIP watcher + C re-reader: ${bothWarm.wallMs.toFixed(0)} ms (${(bothWarm.wallMs / none.wallMs).toFixed(2)}x), ` +
      `USIP CPU ${bothWarm.usipCpuMs.toFixed(0)} ms (system ${bothWarm.usipSystemMs.toFixed(0)}), re-read CPU ${bothWarm.rereadCpuMs.toFixed(0)} ms ` +
      `(${bothWarm.rereadWakeups} re-reads), USIP/re-read ${(bothWarm.usipCpuMs / bothWarm.rereadCpuMs).toFixed(3)} (target <= 0.1), ` +
      `resyncs ${bothWarm.usipResyncs}, table ${table(bothWarm)}`,
  );
}

/**
 * With --profile: one more burst with the Node USIP watcher alone, after the measured ones, under
 * the V8 profiler: where its CPU goes per burst (self time per function, each thread's ticks).
 * The profiler's own sampling is billed to the watcher, so this burst's CPU is no figure.
 */
async function profiledBurst() {
  const dir = `${base}/burst-profiled`;
  scratchTmpfs(dir);
  await mountCtl(`mkdirs ${dir} 0 ${burstSize}`);
  const w = await startWatchers(['usip'], false);
  const expected = mountinfoCount() + burstSize;
  await w.usip.request('profile-start', (l) => l === 'profiling');
  const threadsBefore = await w.usip.ask('threads', 'threads');
  const before = await cpuOfWatchers(w);
  await mountCtl(`fill ${dir} 0 ${burstSize}`);
  const after = await caughtUp(w, expected);
  const threadsAfter = await w.usip.ask('threads', 'threads');
  report(
    `profiled burst: USIP CPU ${((cpuOf(after.usip) - cpuOf(before.usip)) / 1000).toFixed(0)} ms ` +
      `(system ${((Number(after.usip[1]) - Number(before.usip[1])) / 1000).toFixed(0)}), ` +
      `notifications ${Number(after.usip[5]) - Number(before.usip[5])}, ` +
      `changes ${Number(after.usip[2]) - Number(before.usip[2])}, ` +
      `resyncs ${Number(after.usip[3]) - Number(before.usip[3])}`,
  );
  report(
    `USIP watcher threads in the burst, ticks before/after: ${threadsBefore.join(' ')} | ${threadsAfter.join(' ')}`,
  );
  await printProfile(w.usip, 'burst');
  const table = await checkTable(w.usip);
  report(`profiled burst: table ${table.exact ? 'exact' : `DIFFERS ${table.diff}`}`);
  await w.usip.quit();
  await mountCtl(`detach ${dir}`);
}

mkdirSync(dirname(base), { recursive: true });
scratchTmpfs(base);
if (nodeFlags.length > 0) report(`Node watchers run as: node ${nodeFlags.join(' ')}`);
try {
  await perChangeSeries();
  if (burstSize > 0) await bursts();
  if (burstSize > 0 && values.profile) await profiledBurst();
  console.log(`usip-figure-json: ${JSON.stringify(summary)}`);
} finally {
  await mounter.quit();
}
