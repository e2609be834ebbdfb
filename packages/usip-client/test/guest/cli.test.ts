// Every `usip` command against the real module in the guest, run as a process (the built
// dist/cli.js), --json output parsed back.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import t from 'tap';
import { mountSmallTmpfs, readMountinfo, umount } from './helpers.js';

const bin = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const exec = promisify(execFile);

async function usip(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [bin, ...args]);
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

const jsonLines = (text: string) =>
  text
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

/** Starts `usip watch ...`; resolves once it reports its listener registered. */
function startWatch(args: string[]): Promise<{
  child: ChildProcess;
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
}> {
  const child = spawn(process.execPath, [bin, 'watch', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => {
    stdout += d;
  });
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (d) => {
      stderr += d;
      if (/usip: watching/.test(stderr)) resolve({ child, done });
    });
    child.on('close', () => reject(new Error(`usip watch ended early: ${stderr}`)));
  });
}

t.test('usip ping / ping --json', async (t) => {
  const human = await usip('ping');
  t.equal(human.code, 0);
  t.match(human.stdout, /usip_family: alive, protocol 2/);
  const [json] = jsonLines((await usip('ping', '--json')).stdout);
  t.match(json, { status: 1, protoVersion: 2 });
  t.ok(json.featureNames.includes('test-commands'));
});

t.test('usip mounts --json parses back to the mountinfo table', async (t) => {
  const { code, stdout } = await usip('mounts', '--json');
  t.equal(code, 0);
  const mounts = jsonLines(stdout);
  t.same(
    mounts.map((m) => [m.id, m.mountPoint, m.fsType]),
    readMountinfo().map((m) => [m.id, m.mountPoint, m.fsType]),
  );
  const table = await usip('mounts');
  t.match(table.stdout, /^ +ID +PARENT +MAJ:MIN +FSTYPE +SOURCE +OPTIONS +MOUNTPOINT$/m);
  t.equal(table.stdout.trim().split('\n').length, mounts.length + 1);
  t.equal(table.stderr, '', 'no progress output when stderr is not a terminal');
});

t.test('usip mount <id> and <path>', async (t) => {
  const proc = readMountinfo().find((m) => m.mountPoint === '/proc')!;
  const [byId] = jsonLines((await usip('mount', '--json', String(proc.id))).stdout);
  t.match(byId.mount, { id: proc.id, mountPoint: '/proc', fsType: 'proc' });
  t.match(byId.seq, /^\d+$/);
  const human = await usip('mount', '/proc/self');
  t.match(human.stdout, new RegExp(`^id: +${proc.id}$`, 'm'));
  const missing = await usip('mount', '2147483647');
  t.equal(missing.code, 5, 'exit code 5: not found');
  t.match(missing.stderr, /ENOENT/);
});

t.test('usip df <path> / --json', async (t) => {
  const dir = mountSmallTmpfs('1m');
  t.teardown(() => umount(dir));
  const [json] = jsonLines((await usip('df', '--json', dir)).stdout);
  t.match(json, { path: dir, blocks: String((1024 * 1024) / Number(json.frsize)) });
  const human = await usip('df', dir);
  t.match(human.stdout, new RegExp(`^${dir} +1\\.0M +0B +1\\.0M +0% `, 'm'));
});

t.test('usip families lists usip_family with its groups', async (t) => {
  const families = jsonLines((await usip('families', '--json')).stdout);
  const usipFamily = families.find((f) => f.name === 'usip_family');
  t.match(usipFamily, { version: 2 });
  t.same(
    usipFamily.groups.map((g: { name: string }) => g.name),
    ['mcg_mtab', 'mcg_storage'],
  );
});

t.test('usip watch --storage --json sees `usip test enospc`', async (t) => {
  const dir = mountSmallTmpfs();
  t.teardown(() => umount(dir));
  const { done } = await startWatch(['--storage', '--json', '--count', '1', '--timeout', '60']);
  const trigger = await usip('test', 'enospc', dir);
  t.equal(trigger.code, 0, trigger.stderr);
  const { code, stdout } = await done;
  t.equal(code, 0);
  const [event] = jsonLines(stdout);
  t.match(event, {
    kind: 'storage',
    action: 'enospc',
    errno: 28,
    mountPoint: dir,
    fsType: 'tmpfs',
  });
  t.match(event.ino, /^\d+$/);
});

t.test('usip watch --mtab prints a readable line for `usip test mtab`', async (t) => {
  const root = readMountinfo()[0]!;
  const { done } = await startWatch(['--mtab', '--count', '1', '--timeout', '60']);
  const trigger = await usip('test', 'mtab', '--action', 'attr', '--mount-id', String(root.id));
  t.equal(trigger.code, 0, trigger.stderr);
  const { code, stdout } = await done;
  t.equal(code, 0);
  t.match(
    stdout,
    new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{9} {2}ATTR +#${root.id} `, 'm'),
  );
});

t.test('Ctrl-C ends usip watch cleanly (exit 0, listener unregistered)', async (t) => {
  const { child, done } = await startWatch(['--timeout', '60']);
  child.kill('SIGINT');
  const { code, stderr } = await done;
  t.equal(code, 0);
  t.notMatch(stderr, /usip watch:/, 'no error reported');
});

t.test('usip test enospc on a missing path fails with the kernel reason', async (t) => {
  const r = await usip('test', 'enospc', '/no/such/path');
  t.equal(r.code, 5);
  t.match(r.stderr, /ENOENT \(test-path does not resolve\)/);
});
