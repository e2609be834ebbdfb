// Listeners: register, unregister (only by the owner), and clean-up when the socket closes or
// the registering process is killed.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t, { type Test } from 'tap';
import { EventType, ListenerFlags, NotifyAction, UsipAttr } from '../lib/constants.js';
import { modprobe, probeArmed } from '../lib/kprobes.js';
import { mtabNotifier, storageNotifier, unregister, writeNotifiers } from '../lib/requests.js';
import {
  Cmd,
  call,
  counter,
  eventually,
  failure,
  mountNsInode,
  openUsip,
  s32,
  u32,
} from '../lib/usip.js';

const ENOENT = 2;
const EPERM = 1;

/** Earlier tests' sockets are released asynchronously: wait until none of their listeners is left. */
async function settled(t: Test): Promise<number> {
  t.ok(
    await eventually(() => counter('live_listeners') === 0),
    'no listener left from earlier tests',
  );
  return 0;
}

async function register(genl = openUsip(), flags?: number) {
  const [reply] = await call(
    genl,
    Cmd.EVENT_REGISTER,
    writeNotifiers([mtabNotifier, { ...storageNotifier, action: NotifyAction.ENOSPC }], flags),
  );
  return {
    genl,
    status: reply && s32(reply, UsipAttr.STATUS),
    id: (reply && u32(reply, UsipAttr.EVENT_ID)) ?? 0,
    group: (reply && u32(reply, UsipAttr.EVENT_GROUP)) ?? 0,
  };
}

t.test('register answers an id and the caller mount namespace; unregister frees it', async (t) => {
  const before = await settled(t);
  const l = await register();
  t.equal(l.status, 0);
  t.ok(l.id > 0, 'listener id');
  t.equal(l.group, mountNsInode(), 'group is the /proc/self/ns/mnt inode');
  t.equal(counter('live_listeners'), before + 1);
  await call(l.genl, Cmd.EVENT_UNREGISTER, unregister(l.group, l.id));
  t.equal(counter('live_listeners'), before);
  const again = await failure(call(l.genl, Cmd.EVENT_UNREGISTER, unregister(l.group, l.id)));
  t.equal(again.errno, ENOENT, 'a second unregister finds nothing');
  t.match(again.kernelMessage, /no listener/);
  l.genl.close();
});

t.test('a GLOBAL listener has group 0; ids are unique', async (t) => {
  const a = await register(openUsip(), ListenerFlags.GLOBAL);
  const b = await register(a.genl);
  t.equal(a.group, 0);
  t.not(a.id, b.id);
  a.genl.close();
});

t.test('only the registering socket may unregister', async (t) => {
  const owner = await register();
  const other = openUsip();
  const err = await failure(call(other, Cmd.EVENT_UNREGISTER, unregister(owner.group, owner.id)));
  t.equal(err.errno, EPERM);
  t.match(err.kernelMessage, /another socket/);
  const wrongGroup = await failure(
    call(owner.genl, Cmd.EVENT_UNREGISTER, unregister(owner.group + 1, owner.id)),
  );
  t.equal(wrongGroup.errno, ENOENT, 'the group must match too');
  other.close();
  owner.genl.close();
});

t.test('closing the socket frees its listeners', async (t) => {
  const before = await settled(t);
  const genl = openUsip();
  await register(genl);
  await register(genl);
  t.equal(counter('live_listeners'), before + 2);
  genl.close();
  t.ok(await eventually(() => counter('live_listeners') === before), 'back to the count before');
});

t.test('a client killed with SIGKILL leaves no listener behind', async (t) => {
  const before = await settled(t);
  const child = spawn('/usr/bin/python3', ['-c', CHILD_REGISTERS_AND_WAITS, `${EventType.MTAB}`], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve) =>
    child.stdout.once('data', (d: Buffer) => resolve(d.toString())),
  );
  t.match(line, /registered/);
  t.equal(counter('live_listeners'), before + 1, 'the child holds one listener');
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  t.ok(await eventually(() => counter('live_listeners') === before), 'freed after SIGKILL');
});

// A minimal independent client (plain sockets, no library) so the killed process is not node.
const CHILD_REGISTERS_AND_WAITS = `
import socket, struct, sys, time
def attr(t, payload):
    l = 4 + len(payload)
    return struct.pack('=HH', l, t) + payload + b'\\0' * ((4 - l % 4) % 4)
def msg(kind, flags, cmd, attrs, seq):
    body = struct.pack('=BBH', cmd, 2 if kind != 16 else 1, 0) + attrs
    return struct.pack('=IHHII', 16 + len(body), kind, flags, seq, 0) + body
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 16)
s.bind((0, 0))
s.send(msg(16, 5, 3, attr(2, b'usip_family\\0'), 1))
reply = s.recv(65536)
off = 20
fam = None
while off < len(reply):
    l, t = struct.unpack_from('=HH', reply, off)
    if t == 1: fam = struct.unpack_from('=H', reply, off + 4)[0]
    off += (l + 3) & ~3
notifier = attr(0x8001, attr(1, struct.pack('=I', int(sys.argv[1]))))
s.send(msg(fam, 5, ${Cmd.EVENT_REGISTER}, attr(0x8000 | ${UsipAttr.EVENT_NOTIFIERS}, notifier), 2))
s.recv(65536)
print('registered', flush=True)
time.sleep(600)
`;

/** The module's hook on the write system calls' exit (write_hook=syscall), as it says. */
function syscallHook(): string {
  return readFileSync('/sys/module/usip/parameters/write_syscall_hook', 'utf8').trim();
}

const WRITE_HOOKS = [
  'vfs_write',
  'vfs_fallocate',
  'generic_perform_write',
  'do_filp_open',
  'do_mkdirat',
];

t.test('storage hooks are armed only while a storage listener exists', async (t) => {
  await settled(t);
  t.ok(
    await eventually(() => WRITE_HOOKS.every((s) => probeArmed(s) === false)),
    'nobody listens: every write hook is registered but disarmed (a write runs no module code)',
  );
  t.equal(syscallHook(), 'unused', 'write_hook=vfs (the default): no hook at sys_exit');
  const mtabOnly = openUsip();
  await call(mtabOnly, Cmd.EVENT_REGISTER, writeNotifiers([mtabNotifier]));
  t.same(
    WRITE_HOOKS.map(probeArmed),
    WRITE_HOOKS.map(() => false),
    'a mount-table listener does not arm them',
  );
  const l = await register();
  t.same(
    WRITE_HOOKS.map(probeArmed),
    WRITE_HOOKS.map(() => true),
    'armed by the time a storage listener is registered',
  );
  const second = await register();
  await call(l.genl, Cmd.EVENT_UNREGISTER, unregister(l.group, l.id));
  await new Promise((r) => setTimeout(r, 1500));
  t.ok(probeArmed('vfs_write'), 'still armed while another storage listener exists');
  second.genl.close();
  t.ok(
    await eventually(() => WRITE_HOOKS.every((s) => probeArmed(s) === false)),
    'disarmed again after the last one went',
  );
  mtabOnly.close();
  l.genl.close();
});

// btrfs's own write path lives in the btrfs module: the USIP module probes it while btrfs is
// loaded (a module notifier), armed or not as the other write hooks are at that moment.
t.test('btrfs_do_write_iter is probed while btrfs is loaded, armed as the others', async (t) => {
  await settled(t);
  const BTRFS = 'btrfs_do_write_iter';
  // Earlier tests may have loaded it (nothing uses it any more by now).
  modprobe('-r', 'btrfs');
  t.equal(probeArmed(BTRFS), undefined, 'btrfs not loaded: no probe');
  t.equal(modprobe('btrfs'), 0, 'btrfs loaded');
  t.equal(probeArmed(BTRFS), false, 'probed as it came, disarmed: nobody listens');
  const l = await register();
  t.equal(probeArmed(BTRFS), true, 'armed with the others by a storage listener');
  t.equal(modprobe('-r', 'btrfs'), 0, 'btrfs unloaded while armed');
  t.equal(probeArmed(BTRFS), undefined, 'its probe went with it');
  t.equal(modprobe('btrfs'), 0, 'btrfs loaded again while a storage listener exists');
  t.equal(probeArmed(BTRFS), true, 'probed armed');
  l.genl.close();
  t.ok(
    await eventually(() => probeArmed(BTRFS) === false && probeArmed('vfs_write') === false),
    'disarmed with the others after the last listener went',
  );
  t.equal(modprobe('-r', 'btrfs'), 0, 'btrfs unloaded again');
  t.equal(probeArmed(BTRFS), undefined, 'no probe left');
});

// The file systems' write helpers are hooked for writes that reach ->write_iter directly
// (io_uring, aio); inside a hooked VFS function they defer to it, so a write is reported once.
t.test(
  "a write(2) crossing a file system's write helper is left to vfs_write's hook",
  async (t) => {
    await settled(t);
    const dir = mkdtempSync('/tmp/usip-deferral.');
    t.equal(spawnSync('mount', ['-t', 'tmpfs', 'usip-deferral', dir]).status, 0, 'tmpfs mounted');
    const l = await register(); // arms the storage hooks
    const before = counter('storage_helper_deferrals');
    writeFileSync(join(dir, 'f'), Buffer.alloc(4096)); // write(2): vfs_write, then the helper
    const after = counter('storage_helper_deferrals');
    t.ok(
      after > before,
      `generic_perform_write deferred to the pending vfs_write probe (${before} -> ${after})`,
    );
    l.genl.close();
    spawnSync('umount', [dir]);
    rmdirSync(dir);
  },
);

/** A mount and umount in a mount namespace of its own, which ends with the command. */
function mountInNewNamespace(): void {
  const dir = mkdtempSync('/tmp/usip-other-ns.');
  const run = spawnSync('unshare', [
    '--mount',
    '--propagation',
    'private',
    'sh',
    '-c',
    'mount -t tmpfs usip-other-ns "$0" && umount "$0"',
    dir,
  ]);
  if (run.status !== 0) throw new Error(`unshare: ${run.stderr}`);
}

t.test("a listener of its own namespace's changes costs other namespaces nothing", async (t) => {
  await settled(t);
  const local = openUsip();
  await call(local, Cmd.EVENT_REGISTER, writeNotifiers([mtabNotifier]));
  const recorded = counter('changes_recorded');
  const logs = counter('live_change_logs');
  mountInNewNamespace();
  await new Promise((r) => setTimeout(r, 500));
  t.equal(
    counter('changes_recorded'),
    recorded,
    'mounts in a namespace nobody listens to make no record',
  );
  t.equal(counter('live_change_logs'), logs, '... and no change log');
  const global = openUsip();
  await call(global, Cmd.EVENT_REGISTER, writeNotifiers([mtabNotifier], ListenerFlags.GLOBAL));
  mountInNewNamespace();
  t.ok(
    await eventually(() => counter('changes_recorded') >= recorded + 2),
    'with a GLOBAL listener the same mount and umount are recorded',
  );
  global.close();
  local.close();
});

t.test(
  "an ended namespace's change log is freed, or kept for a listener that outlives it",
  async (t) => {
    await settled(t);
    // Here, not among the parallel tap files: it counts the module's live change logs.
    const script = fileURLToPath(new URL('../events/ns-end-log.py', import.meta.url));
    const run = spawnSync('python3', [script], { encoding: 'utf8', timeout: 120_000 });
    t.equal(run.status, 0, `ns-end-log.py: ${run.stderr}`);
    const r = JSON.parse(run.stdout.trim().split('\n').pop() || '{}') as {
      base: number;
      unpinned?: { alive: number; ended: number };
      pinned?: { alive: number; ended: number; closed: number };
    };
    t.comment(JSON.stringify(r));
    t.equal(r.unpinned?.alive, r.base + 1, 'a GLOBAL listener made the new namespace a log');
    t.equal(r.unpinned?.ended, r.base, 'the log went when the namespace ended');
    t.equal(r.pinned?.alive, r.base + 1, 'a listener in the namespace made it a log');
    t.equal(r.pinned?.ended, r.base + 1, 'the log stays while that listener outlives it');
    t.equal(r.pinned?.closed, r.base, 'and goes with the listener');
  },
);
