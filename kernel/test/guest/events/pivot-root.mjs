// pivot_root(2) under a usip-client live mount table, driver side (pivot-root.test.ts).
// In this (private) mount namespace: the table is loaded, the root is bound recursively to a
// new directory, pivot_root(8) makes that copy the root and puts the old one under it, then
// one more mount follows. pivot_root's changes have no records of their own: the module cuts
// the namespace's change log, so the table must see the gap and resync with a dump.
//
// pivot_root moves every process of the namespace whose root was the old root, this one
// included; the new root is a copy of the old, so node keeps finding its files.
// Plain JavaScript on the packages' built output (starts in a second under TCG).
//   unshare --mount --propagation private node pivot-root.mjs
// Output: one JSON line per quiet point {label, seq, resyncs, mounts, mountinfo}, then {done}.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { UsipClient } from '../../../../packages/usip-client/dist/index.js';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const emit = (record) =>
  process.stdout.write(
    `${JSON.stringify(record, (_, v) => (typeof v === 'bigint' ? String(v) : v))}\n`,
  );

/** Quiet: the table handled every signal and the kernel's log has nothing after its seq. */
async function quiet(client, table) {
  let stable = 0;
  let last = -1n;
  for (let polls = 0; polls < 600 && stable < 3; polls++) {
    await sleep(100);
    await table.settled();
    if (table.closed) throw new Error('the live table closed');
    const pending = await client.changesSince(table.seq);
    stable = pending.length === 0 && table.seq === last ? stable + 1 : 0;
    last = table.seq;
  }
  if (stable < 3) throw new Error('the mount table never fell quiet');
}

async function main() {
  const client = await UsipClient.open();
  const table = await client.liveMountTable();
  const resyncs = [];
  table.subscribe((event) => {
    if (event.type === 'resync') resyncs.push({ reason: event.reason, method: event.method });
  });
  const quietPoint = async (label) => {
    await quiet(client, table);
    emit({
      label,
      seq: table.seq,
      resyncs: resyncs.splice(0),
      mounts: table.mounts(),
      mountinfo: readFileSync('/proc/self/mountinfo', 'utf8'),
    });
  };
  try {
    await quietPoint('start');
    // Made before the copy, so the copy has it: where pivot_root puts the old root.
    const putOld = mkdtempSync('/tmp/usip-pivot-old.');
    const newRoot = mkdtempSync('/tmp/usip-pivot-root.');
    execFileSync('mount', ['--rbind', '/', newRoot]);
    await quietPoint('rbind');
    execFileSync('pivot_root', ['.', `tmp/${basename(putOld)}`], { cwd: newRoot });
    await quietPoint('pivot_root');
    // Records flow again after the resync: an ordinary mount in the new root.
    const after = mkdtempSync('/tmp/usip-pivot-after.');
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'pivotafter', after]);
    await quietPoint('mount');
    emit({ done: true, putOld, newRoot });
  } finally {
    await table.close();
    await client.close();
  }
}

main().catch((error) => {
  process.stderr.write(`pivot-root: ${error?.stack ?? error}\n`);
  process.exit(1);
});
