// How many USIP mount-change notifications (mtab-notify) one core decodes and validates per
// second: decodeUsipNotification = genl header + attribute decode + the checks of required
// attributes and event type (no zod pass: the decoder's output fits the schema by construction,
// see src/usip/decode-notification.ts; the zod line shows what that pass cost).
// Target (issue 3): >= 500,000/s.
import { decodeUsipNotification } from '../src/usip/decode-notification.js';
import {
  decodeMtabNotify,
  EventType,
  encodeMtabNotify,
  MtabNotifySchema,
  NotifyAction,
} from '../src/usip/generated/usip.js';

const FAMILY = 0x1a;

/** A realistic change record: what the kernel sends for a tmpfs mount. */
function notification(i: number): Buffer {
  const wire = encodeMtabNotify(FAMILY, {
    eventType: EventType.MTAB,
    eventGroup: 4026531841,
    eventId: 1,
    eventAction: NotifyAction.MOUNT,
    eventCmd: 5,
    eventTime: 1_764_000_000_000_000_000n + BigInt(i),
    change: {
      seq: BigInt(i + 1),
      action: NotifyAction.MOUNT,
      mount: {
        id: 1000 + i,
        parentId: 28,
        devMajor: 0,
        devMinor: 100 + (i % 50),
        root: '/',
        mountPoint: `/run/bench/m${i}`,
        fsType: 'tmpfs',
        source: 'tmpfs',
        mountOptions: 'rw,nosuid,nodev,relatime',
        superOptions: 'rw,size=1024k,mode=755',
        flags: 0x46,
        sharedGroup: 1 + (i % 7),
      },
    },
  });
  return wire.subarray(16); // the payload a NetlinkMessage carries
}

const MESSAGES = 1024;
const payloads = Array.from({ length: MESSAGES }, (_, i) => notification(i));

/**
 * Messages per CPU-second of this process (user + system time), so a busy machine's other
 * processes do not count against it; wall-clock rate printed beside it.
 */
function rate(label: string, decode: (p: Buffer) => unknown): number {
  const perCpu: number[] = [];
  const perWall: number[] = [];
  let sink = 0;
  for (let r = 0; r < 7; r++) {
    const iterations = 200_000;
    const wall = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    for (let i = 0; i < iterations; i++) {
      if (decode(payloads[i % MESSAGES]!)) sink++;
    }
    const used = process.cpuUsage(cpu);
    perCpu.push((iterations * 1e6) / (used.user + used.system));
    perWall.push((iterations * 1e9) / Number(process.hrtime.bigint() - wall));
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[3]!;
  const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
  const cpuRate = median(perCpu);
  console.log(
    `${label}: ${fmt(cpuRate)}/CPU-s (wall ${fmt(median(perWall))}/s; median of 7 x 200k, ` +
      `${payloads[0]!.length}-byte payloads, ${sink === 0 ? 'none' : 'all'} decoded)`,
  );
  return cpuRate;
}

rate('mtab-notify decode only (generated decoder)', decodeMtabNotify);
const decoded = payloads.map((p) => decodeMtabNotify(p));
let next = 0;
rate(
  'mtab-notify zod validation only (MtabNotifySchema.safeParse; no longer on the path)',
  () => MtabNotifySchema.safeParse(decoded[next++ % MESSAGES]).success,
);
const validated = rate(
  'mtab-notify decode + checks (decodeUsipNotification)',
  decodeUsipNotification,
);
console.log(`target 500,000/s: ${validated >= 500_000 ? 'met' : 'NOT met'}`);
