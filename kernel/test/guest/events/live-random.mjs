// The live-table proof of issue 6, driver side. Holds a usip-client live mount table while
// seeded random operations (gen-mtab-ops.py) run in this mount namespace (A) and in a second
// one (B) whose mounts under the base are shared peers of A's, so changes made in B reach A by
// propagation. At every quiet point it prints the table and A's mountinfo; then, if asked,
// a burst of mounts and umounts made while the event loop is blocked, so that events are lost
// (socket overrun or the kernel's lost-events notification) and the table must resync; and
// before that a mount_setattr(2), which the module reports as a cut in the change log, and
// superblock reconfigurations (mount -o remount, fsconfig) whose new options show on mounts
// no record names.
//
// Plain JavaScript on the packages' built output: it starts in a second under TCG, where
// compiling TypeScript takes much longer. Run it in a private mount namespace (the tap test
// mtab-live.test.ts does):
//   unshare --mount --propagation private node live-random.mjs SEED OPS QUIET_EVERY BURST
// Output: JSON lines {quiet}, then {done}; all diagnostics go to stderr.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { NetlinkProtocol, NetlinkSocket } from '../../../../packages/netlink-core/dist/index.js';
import { UsipClient } from '../../../../packages/usip-client/dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const [seed = '1', opCount = '1000', quietEvery = '50', burst = '0'] = process.argv.slice(2);

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const mountNs = (pid) => readlinkSync(`/proc/${pid}/ns/mnt`);
const emit = (record) =>
  process.stdout.write(
    `${JSON.stringify(record, (_, v) => (typeof v === 'bigint' ? String(v) : v))}\n`,
  );

/** Namespace B: a process in a copy of A made after the base became shared. */
async function startPeerNamespace() {
  const child = spawn('unshare', ['--mount', '--propagation', 'unchanged', 'sleep', '86400'], {
    stdio: 'ignore',
  });
  for (let i = 0; i < 200 && mountNs(child.pid) === mountNs('self'); i++) await sleep(50);
  if (mountNs(child.pid) === mountNs('self')) throw new Error('namespace B did not start');
  return child;
}

/** A long-lived exec-mtab-ops.py in one namespace: run(line) resolves once the op ran. */
function startExecutor(peerPid) {
  const exec = ['python3', join(here, 'exec-mtab-ops.py')];
  // --root: setns() moves the caller to the namespace's root, and the guest runs chrooted.
  const argv = peerPid
    ? ['nsenter', '--target', String(peerPid), '--mount', '--root', '--wd', ...exec]
    : exec;
  const child = spawn(argv[0], argv.slice(1), { stdio: ['pipe', 'pipe', 'inherit'] });
  const waiting = [];
  let failure;
  const fail = (error) => {
    failure ??= error;
    for (const w of waiting.splice(0)) w.reject(failure);
  };
  child.on('error', fail);
  child.on('exit', (code) => fail(new Error(`exec-mtab-ops.py exited with ${code}`)));
  createInterface({ input: child.stdout }).on('line', () => waiting.shift()?.resolve());
  return {
    run: (line) =>
      new Promise((resolve, reject) => {
        if (failure) return reject(failure);
        waiting.push({ resolve, reject });
        child.stdin.write(`${line}\n`);
      }),
    stop: () => {
      child.removeAllListeners('exit');
      child.kill('SIGKILL');
    },
  };
}

/**
 * Quiet: the table has handled every signal, the kernel's change log has nothing after the
 * table's sequence number, and neither moved for a few polls.
 */
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

const started = Date.now();

async function quietPoint(client, table, index, opsDone, resyncs) {
  await quiet(client, table);
  process.stderr.write(
    `live-random: quiet point ${index} after ${opsDone} (seq ${table.seq}, ${table.size} mounts, ${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
  );
  emit({
    quiet: index,
    opsDone,
    seq: table.seq,
    resyncs: resyncs.splice(0),
    mounts: table.mounts(),
    mountinfo: readFileSync('/proc/self/mountinfo', 'utf8'),
  });
}

/** Mounts (or unmounts) COUNT small tmpfs under DIR from one process: a burst of changes. */
function burstOfMounts(dir, count, action) {
  execFileSync('python3', [join(here, 'mount-burst.py'), action, dir, String(count)], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function main() {
  const base = mkdtempSync('/tmp/usip-live.');
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'livebase', base]);
  execFileSync('mount', ['--make-shared', base]);
  const peer = await startPeerNamespace();
  const inA = startExecutor();
  const inB = startExecutor(peer.pid);
  // A small socket queue (the kernel doubles it: 64 KiB), so that the burst certainly overruns
  // it: the module packs a burst's records ~17 to a one-page datagram, and 600 of them would
  // fit in the default queue. No more than ~250 records ever wait here unread otherwise.
  const transport = new NetlinkSocket({
    protocol: NetlinkProtocol.GENERIC,
    kernelReceiveBuffer: 32 << 10,
  });
  const client = await UsipClient.open({ transport });
  const table = await client.liveMountTable();
  const resyncs = [];
  table.subscribe((event) => {
    if (event.type === 'resync') resyncs.push({ reason: event.reason, method: event.method });
  });
  try {
    const ops = execFileSync(
      'python3',
      [join(here, 'gen-mtab-ops.py'), seed, opCount, base, '0.3'],
      { encoding: 'utf8' },
    )
      .split('\n')
      .filter((l) => l.length > 0)
      .map((l) => ({ ns: l[0], line: l.slice(2) }));
    let quietIndex = 0;
    for (let done = 0; done < ops.length; ) {
      const chunk = ops.slice(done, done + Number(quietEvery));
      for (const op of chunk) await (op.ns === 'B' ? inB : inA).run(op.line);
      done += chunk.length;
      await quietPoint(client, table, quietIndex++, done, resyncs);
    }
    // mount_setattr(2) changes flags in code no hook sees: the log is cut, the table resyncs.
    execFileSync('python3', [join(here, 'setattr-ro.py'), base], { stdio: 'inherit' });
    await quietPoint(client, table, quietIndex++, 'mount_setattr', resyncs);
    // New superblock options show on every mount of the superblock: a tmpfs and a bind of it.
    const sb = mkdtempSync('/tmp/usip-sb.');
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'sbbase', sb]);
    execFileSync('mkdir', [`${sb}/a`, `${sb}/b`, `${sb}/c`]);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'sbtest', `${sb}/a`]);
    execFileSync('mount', ['--bind', `${sb}/a`, `${sb}/b`]);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'sblone', `${sb}/c`]);
    await quietPoint(client, table, quietIndex++, 'superblock-setup', resyncs);
    execFileSync('mount', ['-o', 'remount,size=2m', `${sb}/a`]);
    await quietPoint(client, table, quietIndex++, 'superblock-remount', resyncs);
    // fsconfig(FSCONFIG_CMD_RECONFIGURE) of a superblock with one mount: no remount hook runs.
    execFileSync('python3', [join(here, 'fsconfig-size.py'), `${sb}/c`, '3m'], {
      stdio: 'inherit',
    });
    await quietPoint(client, table, quietIndex++, 'fsconfig-reconfigure', resyncs);
    // A file system that names its device itself (->show_devname): 6.12's btrfs keeps "none" as
    // the mount's own name, mountinfo shows its device. A btrfs on a loop device, and a bind.
    const fs = mkdtempSync('/tmp/usip-btrfs.');
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=48m', 'btrfsholder', fs]);
    execFileSync('truncate', ['-s', '32m', `${fs}/image`]);
    execFileSync('mkfs.btrfs', ['-q', '-f', '--mixed', `${fs}/image`]);
    execFileSync('mkdir', [`${fs}/m`, `${fs}/b`]);
    execFileSync('modprobe', ['-a', 'loop', 'btrfs']); // mount(2) cannot load them here
    execFileSync('mount', ['-o', 'loop', `${fs}/image`, `${fs}/m`]);
    execFileSync('mount', ['--bind', `${fs}/m`, `${fs}/b`]);
    await quietPoint(client, table, quietIndex++, 'btrfs-mount', resyncs);
    if (Number(burst) > 0) {
      const dir = mkdtempSync('/tmp/usip-burst.');
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'burstbase', dir]);
      // Synchronous on purpose: nothing reads the socket while the burst runs.
      burstOfMounts(dir, Number(burst), 'mount');
      await quietPoint(client, table, quietIndex++, 'burst-mount', resyncs);
      burstOfMounts(dir, Number(burst), 'umount');
      await quietPoint(client, table, quietIndex++, 'burst-umount', resyncs);
    }
    emit({ done: true });
  } finally {
    await table.close();
    await client.close();
    inA.stop();
    inB.stop();
    peer.kill('SIGKILL');
  }
}

main().catch((error) => {
  process.stderr.write(`live-random: ${error?.stack ?? error}\n`);
  process.exit(1);
});
