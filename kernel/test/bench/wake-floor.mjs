// The floor under any Node watcher in this guest: the CPU a Node process spends to wake up for
// one event on a pipe and write one line back, with no work in between. The USIP watcher pays
// this per change too (its socket wakes it, it writes one line), so the bench reports it next
// to the watcher's figure: under emulation it is most of it.
//   node wake-floor.mjs [EVENTS]   prints "floor <us per event>"
import { spawn } from 'node:child_process';
import { writeSync } from 'node:fs';
import { createInterface } from 'node:readline';

const WARMUP = 50;

if (process.argv[2] === '--child') {
  const events = Number(process.argv[3]);
  let seen = 0;
  let start;
  createInterface({ input: process.stdin }).on('line', () => {
    seen++;
    if (seen === WARMUP) start = process.cpuUsage();
    if (seen < WARMUP + events) return void writeSync(1, `pong ${seen}\n`);
    const used = process.cpuUsage(start);
    writeSync(1, `floor ${((used.user + used.system) / events).toFixed(0)}\n`);
    process.exit(0);
  });
} else {
  const events = Number(process.argv[2] ?? 200);
  const child = spawn(process.execPath, [process.argv[1], '--child', String(events)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line.startsWith('floor ')) console.log(line);
    else child.stdin.write('ping\n');
  });
  child.stdin.write('ping\n');
}
