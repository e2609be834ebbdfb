// A burst as a freshly started watcher meets it, without a kernel: a new process opens a client
// (the built dist/, as the guest bench's watcher runs it) on the scripted kernel, loads a live
// table of BASE mounts, then receives RECORDS pre-encoded attach records, PACK per datagram, one
// datagram per event-loop turn. Prints the CPU of the whole process (all threads: V8 compiles and
// collects on its own) over the burst. The guest bench's burst watcher is such a cold process, so
// this is where V8's warm-up shows; live-apply.bench.ts gives the warm figure. See bench/README.md.
//   ../../examples/node_modules/.bin/tsx bench/cold-burst.ts [RECORDS=15000] [PACK=20] [BASE=2000]
// Environment: DIST=path of another build of this package's index.js (A/B of two builds),
// STEPS=1 cumulative CPU every 1,000 records, PROFILE=1 self time per function over the burst.
import { readdirSync, readFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { FakeUsipKernel, MTAB_GROUP_MASK } from '../test/helpers/fake-usip-kernel.js';

// Typed from the sources (dist/ exists only once built); run `pnpm build` first.
type Client = typeof import('../src/index.js');
const { UsipClient } = (await import(process.env.DIST ?? '../dist/index.js')) as Client;

const records = Number(process.argv[2] ?? 15_000);
const pack = Number(process.argv[3] ?? 20);
const base = Number(process.argv[4] ?? 2_000);

function threadTicks(): string {
  return readdirSync('/proc/self/task')
    .map((tid) => {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll(' ', '_');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return `${name}:${Number(f[11]) + Number(f[12])}`;
    })
    .join(' ');
}

const kernel = new FakeUsipKernel({ logCapacity: records + 16 });
for (let i = 0; i < base; i++) kernel.ns.mountNew();
const client = await UsipClient.open({ transport: kernel.transport });
const table = await client.liveMountTable();
await table.settled();

const datagrams: Buffer[] = [];
kernel.notificationsPerDatagram = pack;
kernel.transport.pause();
kernel.capturedNotifications = datagrams;
for (let i = 0; i < records; i++) kernel.change((ns) => ns.mountNew());
kernel.flushNotifications();
kernel.capturedNotifications = undefined;
kernel.transport.resume();
// V8 compiles the set-up's hot loops (the scripted kernel's) in the background: let that finish
// before the measured burst, so only the client's own warm-up is billed to it.
await sleep(500);

let seen = 0;
const steps: string[] = [];
const done = new Promise<void>((resolve) => {
  table.subscribe((e) => {
    if (e.type === 'change') {
      ++seen;
      if (process.env.STEPS && seen % 1000 === 0) {
        const u = process.cpuUsage(start);
        steps.push(((u.user + u.system) / 1000).toFixed(1));
      }
      if (seen === records) resolve();
    }
  });
});
const profiler = process.env.PROFILE ? new Session() : undefined;
if (profiler) {
  profiler.connect();
  await profiler.post('Profiler.enable');
  await profiler.post('Profiler.setSamplingInterval', { interval: 50 });
  await profiler.post('Profiler.start');
}
const ticks0 = threadTicks();
const start = process.cpuUsage();
let i = 0;
// One datagram per event-loop turn, as socket reads arrive.
const feed = () => {
  if (i < datagrams.length) {
    kernel.transport.emit('datagram', { data: datagrams[i++], port: 0, groups: MTAB_GROUP_MASK });
    setImmediate(feed);
  }
};
feed();
await done;
const used = process.cpuUsage(start);
if (profiler) {
  const { profile } = await profiler.post('Profiler.stop');
  // The guest bench's summariser (a plain .mjs of this repository), loaded only when asked.
  const summary = '../../../kernel/test/bench/lib/profile-summary.mjs';
  const { selfTimeByFunction } = (await import(summary)) as {
    selfTimeByFunction: (p: unknown, top: number) => { where: string; ms: number }[];
  };
  for (const { where, ms } of selfTimeByFunction(profile, 40)) {
    console.log(`  ${ms.toFixed(1)} ${where}`);
  }
}
const us = used.user + used.system;
console.log(
  `${records} records, ${pack}/datagram, table ${table.size}: ${(us / 1000).toFixed(1)} ms CPU, ${(us / records).toFixed(2)} us/record`,
);
if (process.env.STEPS) console.log(`cumulative ms per 1000: ${steps.join(' ')}`);
console.log(`threads before: ${ticks0}`);
console.log(`threads after:  ${threadTicks()}`);
await table.close();
await client.close();
