// Encode + decode of the 352-byte genl message (see codec-message.ts) in messages per second.
// Target: >= 500,000/s (libmnl does about 1,060,000/s on this machine).
import { deepStrictEqual } from 'node:assert';
import { MessageBuilder } from '../src/codec/builder.js';
import { decodeSample, encodeSample, MESSAGE_LENGTH, SAMPLE } from './codec-message.js';
import { loadNpmCodec } from './codec-npm.js';
import { report } from './lib/timing.js';

const builder = new MessageBuilder(512);

/** What a request does: encode into a fresh Buffer (it is handed to the socket), decode it. */
function freshBuffer(seq: number): number {
  encodeSample(builder, SAMPLE, seq);
  return decodeSample(builder.finish()).nest.length;
}

/**
 * Best rate over `rounds` rounds of `n` iterations, in messages per CPU-second of this
 * process: the machine is shared (QEMU guests, other builds), and wall-clock rates swing
 * with that load, while the CPU time a round consumes does not.
 */
function rate(once: (seq: number) => number, n = 200_000, rounds = 7): number {
  let check = 0;
  for (let i = 0; i < 50_000; i++) check += once(i);
  let best = 0;
  for (let k = 0; k < rounds; k++) {
    const start = process.cpuUsage();
    for (let i = 0; i < n; i++) check += once(i);
    const used = process.cpuUsage(start);
    best = Math.max(best, (n * 1e6) / (used.user + used.system));
  }
  if (check % 8 !== 0) throw new Error('bad decode');
  return best;
}

encodeSample(builder, SAMPLE, 1);
const sample = builder.finish();
if (sample.length !== MESSAGE_LENGTH) throw new Error(`message is ${sample.length} bytes`);
deepStrictEqual(decodeSample(sample), SAMPLE);

const ours = rate(freshBuffer);
report(
  'netlink-core encode+decode, fresh buffer',
  ours,
  'msg/CPU-s',
  `${MESSAGE_LENGTH} B, target >= 500,000`,
);

const npm = loadNpmCodec();
if (npm) {
  deepStrictEqual(npm(SAMPLE, 1), SAMPLE);
  const theirs = rate((seq) => npm(SAMPLE, seq).nest.length);
  report(
    'netlink (npm) encode+decode',
    theirs,
    'msg/CPU-s',
    `netlink-core is ${(ours / theirs).toFixed(1)}x, target >= 8x`,
  );
} else {
  console.log('  netlink (npm) not installed: run node bench/setup.mjs for the comparison');
}
