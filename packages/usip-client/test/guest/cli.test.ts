// Every `usip` command against the real module in the guest. Each command runs in-process through
// runCli (the same code the binary runs; node start-up under emulation costs many seconds), and
// the built binary itself runs for ping, a watch that sees an event, and a watch ended by Ctrl-C.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import t from 'tap';
import type { CliContext } from '../../src/cli/context.js';
import { runCli } from '../../src/cli/main.js';
import { listGenlFamilies } from '../../src/cli/real-context.js';
import { UsipClient } from '../../src/client.js';
import { CapturedIo } from '../helpers/fake-client.js';
import { mountSmallTmpfs, readMountinfo, umount } from './helpers.js';

const bin = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** `usip ARGS` in-process against the real module. */
async function usip(...args: string[]) {
  const io = new CapturedIo();
  const ctx: CliContext = {
    io,
    openClient: () => UsipClient.open({ timeoutMs: 30_000 }),
    listFamilies: listGenlFamilies,
    signal: new AbortController().signal,
  };
  const code = await runCli(args, ctx);
  return { code, stdout: io.stdout.join('\n'), stderr: io.stderr.join('\n') };
}

const jsonLines = (text: string) =>
  text
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

/** Starts the binary's `usip watch ...`; resolves once its listener is registered. */
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

t.test('the binary: usip ping --json', async (t) => {
  const { stdout } = await promisify(execFile)(process.execPath, [bin, 'ping', '--json']);
  const [json] = jsonLines(stdout);
  t.match(json, { status: 1, protoVersion: 2 });
  t.ok(json.featureNames.includes('test-commands'));
});

t.test('usip ping', async (t) => {
  const r = await usip('ping');
  t.equal(r.code, 0);
  t.match(r.stdout, /usip_family: alive, protocol 2/);
});

t.test(
  'usip mounts --json parses back to the mountinfo table; the table has a row each',
  async (t) => {
    const json = await usip('mounts', '--json');
    t.equal(json.code, 0);
    const mounts = jsonLines(json.stdout);
    t.same(
      mounts.map((m) => [m.id, m.mountPoint, m.fsType]),
      readMountinfo().map((m) => [m.id, m.mountPoint, m.fsType]),
    );
    const table = await usip('mounts');
    t.match(table.stdout, /^ *ID +PARENT +MAJ:MIN +FSTYPE +SOURCE +OPTIONS +MOUNTPOINT$/m);
    t.equal(table.stdout.trim().split('\n').length, mounts.length + 1);
    t.equal(table.stderr, '', 'no progress output when stderr is not a terminal');
  },
);

t.test('usip mount <id> and <path>; exit 5 for a missing mount', async (t) => {
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
  t.equal(BigInt(json.blocks) * BigInt(json.frsize), 1024n * 1024n);
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

t.test(
  'usip test enospc / test mtab succeed; a missing path fails with the kernel reason',
  async (t) => {
    t.equal((await usip('test', 'enospc', '/tmp')).code, 0);
    const root = readMountinfo()[0]!;
    t.equal(
      (await usip('test', 'mtab', '--action', 'attr', '--mount-id', String(root.id))).code,
      0,
    );
    const r = await usip('test', 'enospc', '/no/such/path');
    t.equal(r.code, 5);
    t.match(r.stderr, /ENOENT \(test-path does not resolve\)/);
  },
);

t.test('usip watch --mtab prints a readable line for a TEST_MTAB change', async (t) => {
  const root = readMountinfo()[0]!;
  const watching = usip('watch', '--mtab', '--count', '1', '--timeout', '120');
  // The in-process watch registers asynchronously: trigger until it has seen the change.
  const client = await UsipClient.open();
  t.teardown(() => client.close());
  const done = { value: false };
  void watching.then(() => {
    done.value = true;
  });
  while (!done.value) {
    await client.testMtab({ action: 'attr', mountId: root.id });
    await new Promise((r) => setTimeout(r, 1000));
  }
  const { code, stdout } = await watching;
  t.equal(code, 0);
  t.match(
    stdout,
    new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{9} {2}ATTR +#${root.id} `, 'm'),
  );
});

t.test('the binary: usip watch --storage --json sees TEST_ENOSPC', async (t) => {
  const dir = mountSmallTmpfs();
  t.teardown(() => umount(dir));
  const { done } = await startWatch(['--storage', '--json', '--count', '1', '--timeout', '120']);
  const client = await UsipClient.open();
  await client.testEnospc(dir);
  await client.close();
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

t.test('the binary: Ctrl-C ends usip watch cleanly (exit 0)', async (t) => {
  const { child, done } = await startWatch(['--timeout', '120']);
  child.kill('SIGINT');
  const { code, stderr } = await done;
  t.equal(code, 0);
  t.notMatch(stderr, /usip watch:/, 'no error reported');
});
