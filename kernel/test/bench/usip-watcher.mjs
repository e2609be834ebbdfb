// The USIP side of the mount-table watcher bench (mtab-watchers.mjs): a separate process holding
// a usip-client live mount table (one dump at start, then change records), so its CPU is its own.
// Plain JavaScript on the packages' built output (dist/): it starts in a second under TCG.
//
// Usage: node usip-watcher.mjs [--lines] [--rcvbuf BYTES]
// Prints "ready <mounts> <seq>" once the table is loaded; with --lines, "seen <changes> <mounts>"
// after every applied record or resync. Commands on stdin, one line each:
//   cpu    -> "cpu <user us> <system us> <changes> <resyncs> <mounts> <notifications>"
//   check  -> "check <ok|differs> <table size> <mountinfo size> <first difference as JSON>"
//   profile-start, profile-stop -> V8 CPU profile in between: "profile <self ms> <function>"
//                                   lines, heaviest first, then "profiled"
//   threads -> "threads <name>:<user+system ticks> ..." per thread of this process
//   lines-off -> "lines-off": no more "seen" lines (a warmed-up watcher, before a burst)
//   quit   -> closes the table (unregisters the listener) and exits
import { readdirSync, readFileSync, writeSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { NetlinkProtocol, NetlinkSocket } from '../../../packages/netlink-core/dist/index.js';
import { UsipClient } from '../../../packages/usip-client/dist/index.js';
import { selfTimeByFunction } from './lib/profile-summary.mjs';

const { values } = parseArgs({
  options: { lines: { type: 'boolean' }, rcvbuf: { type: 'string' } },
});
// A watcher that must not miss a burst asks for a large socket queue, as systemd does for its
// netlink sockets; without it, a burst overruns the socket and every overrun costs a full dump.
const rcvbuf = Number(values.rcvbuf ?? 64 << 20);

// One write(2) per line, as the C re-reader does: process.stdout's stream machinery would cost
// the watcher more than applying a record, and it is the bench's cost, not USIP's.
const say = (line) => writeSync(1, `${line}\n`);

const transport = new NetlinkSocket({
  protocol: NetlinkProtocol.GENERIC,
  kernelReceiveBuffer: { bytes: rcvbuf, force: true },
});
const client = await UsipClient.open({ transport });
const table = await client.liveMountTable();
let printLines = values.lines === true;
let changes = 0;
let resyncs = 0;
table.subscribe((event) => {
  if (event.type === 'change') changes++;
  else {
    resyncs++;
    // As the C watcher does: a resync's reason on stderr (the bench prefixes it and shows it).
    writeSync(2, `resync: ${event.reason}, by ${event.method}, from seq ${event.fromSeq}\n`);
  }
  if (printLines) say(`seen ${changes} ${table.size}`);
});
await table.settled();
say(`ready ${table.size} ${table.seq}`);

const unescapeOctal = (s) =>
  s.replace(/\\([0-3][0-7][0-7])/g, (_, o) => String.fromCharCode(Number.parseInt(o, 8)));

/** /proc/self/mountinfo as rows of the fields a USIP mount record carries. */
function mountinfoRows() {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => {
      const f = line.split(' ');
      const dash = f.indexOf('-');
      const [major, minor] = (f[2] ?? '0:0').split(':').map(Number);
      const optional = f.slice(6, dash);
      const tagged = (tag) => {
        const hit = optional.find((o) => o.startsWith(`${tag}:`));
        return hit === undefined ? undefined : Number(hit.slice(tag.length + 1));
      };
      return {
        id: Number(f[0]),
        parentId: Number(f[1]),
        major,
        minor,
        root: unescapeOctal(f[3]),
        mountPoint: unescapeOctal(f[4]),
        mountOptions: f[5],
        fsType: unescapeOctal(f[dash + 1]),
        source: unescapeOctal(f[dash + 2]),
        superOptions: unescapeOctal(f[dash + 3]),
        shared: tagged('shared'),
        master: tagged('master'),
      };
    });
}

const rowOfMount = (m) => ({
  id: m.id,
  parentId: m.parentId,
  major: m.devMajor,
  minor: m.devMinor,
  root: m.root,
  mountPoint: m.mountPoint,
  mountOptions: m.mountOptions,
  fsType: m.fsType,
  source: m.source,
  superOptions: m.superOptions,
  shared: m.sharedGroup,
  master: m.masterGroup,
});

/** The first mount where the live table and mountinfo disagree, or undefined. */
function firstDifference(rows) {
  const mine = new Map(table.mounts().map((m) => [m.id, JSON.stringify(rowOfMount(m))]));
  for (const row of rows) {
    const text = JSON.stringify(row);
    if (mine.get(row.id) !== text) return { mountinfo: row, usip: mine.get(row.id) ?? null };
    mine.delete(row.id);
  }
  for (const [id, text] of mine) return { mountinfo: null, usip: text, id };
  return undefined;
}

let profiler;

/** CPU ticks (user + system) of each thread, from /proc: which of node's threads does the work. */
function threadTicks() {
  return readdirSync('/proc/self/task').map((tid) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll(' ', '_');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return `${name}/${tid}:${Number(f[11]) + Number(f[12])}`;
  });
}

async function handle(command) {
  if (command === 'cpu') {
    const { user, system } = process.cpuUsage();
    // The engine's own count of notifications: a listener of ours on its 'notification' event
    // would add a call and a copy of the listener array to every record the client handles.
    const notifications = client.netlink.stats.notifications;
    say(`cpu ${user} ${system} ${changes} ${resyncs} ${table.size} ${notifications}`);
  } else if (command === 'check') {
    await table.settled();
    const rows = mountinfoRows();
    const diff = firstDifference(rows);
    say(
      `check ${diff ? 'differs' : 'ok'} ${table.size} ${rows.length} ${JSON.stringify(diff ?? null)}`,
    );
  } else if (command === 'lines-off') {
    printLines = false;
    say('lines-off');
  } else if (command === 'threads') {
    say(`threads ${threadTicks().join(' ')}`);
  } else if (command === 'profile-start') {
    profiler = new Session();
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.start');
    say('profiling');
  } else if (command === 'profile-stop') {
    const { profile } = await profiler.post('Profiler.stop');
    profiler.disconnect();
    for (const { where, ms } of selfTimeByFunction(profile))
      say(`profile ${ms.toFixed(1)} ${where}`);
    say('profiled');
  } else if (command === 'quit') {
    await table.close();
    await client.close();
    process.exit(0);
  }
}

// One command at a time, in order (check awaits the table).
let queue = Promise.resolve();
createInterface({ input: process.stdin }).on('line', (line) => {
  queue = queue.then(() => handle(line.trim()));
});
process.stdin.on('end', () => {
  queue = queue.then(() => handle('quit'));
});
