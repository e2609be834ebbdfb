// The poll + re-read watcher written in Node, for a comparison within one runtime: on every
// "the table changed" signal it reads /proc/self/mountinfo whole and parses every line into
// fields (what a Node daemon without USIP does). Node cannot poll(2) a file for POLLPRI, so a
// child (reread-watcher --ticks) polls and writes one line per wake-up; its CPU is added in.
//
// Usage: node reread-watcher.mjs BIN_DIR
// Same protocol as reread-watcher.c with --lines: "ready <mounts>", "seen <wakeups> <mounts>",
// and on stdin "cpu" -> "cpu <user us> <system us> <wakeups> <mounts>", "quit".
import { spawn } from 'node:child_process';
import { readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const say = (line) => writeSync(1, `${line}\n`);
const TICK_US = 10_000; // USER_HZ = 100: /proc/PID/stat counts CPU in 10 ms ticks

const unescapeOctal = (s) =>
  s.replace(/\\([0-3][0-7][0-7])/g, (_, o) => String.fromCharCode(Number.parseInt(o, 8)));

/** The whole table, read and parsed; returns the number of mounts. */
function reread() {
  const rows = readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => {
      const f = line.split(' ');
      const dash = f.indexOf('-');
      const [major, minor] = f[2].split(':').map(Number);
      return {
        id: Number(f[0]),
        parentId: Number(f[1]),
        major,
        minor,
        root: unescapeOctal(f[3]),
        mountPoint: unescapeOctal(f[4]),
        mountOptions: f[5],
        optional: f.slice(6, dash),
        fsType: f[dash + 1],
        source: unescapeOctal(f[dash + 2]),
        superOptions: f[dash + 3],
      };
    });
  return rows.length;
}

/** CPU of the poller child in microseconds (utime + stime from /proc, 10 ms resolution). */
function pollerMicros(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: Number(f[11]) * TICK_US, system: Number(f[12]) * TICK_US };
}

let mounts = reread();
let wakeups = 0;
const poller = spawn(join(process.argv[2], 'reread-watcher'), ['--ticks'], {
  stdio: ['pipe', 'pipe', 'inherit'],
});
let pollerReady;
const polling = new Promise((resolve) => {
  pollerReady = resolve;
});
createInterface({ input: poller.stdout }).on('line', (line) => {
  if (line.startsWith('ready ')) return pollerReady();
  mounts = reread();
  say(`seen ${++wakeups} ${mounts}`);
});
await polling;
say(`ready ${mounts}`);

createInterface({ input: process.stdin }).on('line', (command) => {
  if (command === 'cpu') {
    const own = process.cpuUsage();
    const child = pollerMicros(poller.pid);
    say(`cpu ${own.user + child.user} ${own.system + child.system} ${wakeups} ${mounts}`);
  } else if (command === 'quit') {
    poller.kill();
    process.exit(0);
  }
});
process.stdin.on('end', () => {
  poller.kill();
  process.exit(0);
});
