import t from 'tap';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { runCli } from '../../src/cli/main.js';
import { KernelError, ModuleNotLoadedError } from '../../src/errors.js';
import type { UsipEvent } from '../../src/events.js';
import { CapturedIo, FakeClient, makeContext, sampleFamilies } from '../helpers/fake-client.js';
import { makeMount } from '../helpers/model-namespace.js';

async function run(argv: string[], client = new FakeClient(), io = new CapturedIo()) {
  const code = await runCli(argv, makeContext(client, io));
  return { code, io, client };
}

t.test('mounts prints an aligned table, one row per mount, and closes the client', async (t) => {
  const table = [
    makeMount(1, 1, '/'),
    makeMount(1234, 1, '/mnt/a long name'),
    makeMount(7, 1234, '/x'),
  ];
  const { code, io, client } = await run(['mounts'], new FakeClient(table));
  t.equal(code, ExitCode.OK);
  const lines = io.text.split('\n');
  t.equal(lines.length, 4);
  const header = lines[0]!;
  t.match(header, /^ {0,3}ID {2}PARENT {2}MAJ:MIN {2}FSTYPE {2}SOURCE {2}OPTIONS +MOUNTPOINT$/);
  const mpColumn = header.indexOf('MOUNTPOINT');
  t.same(
    lines.slice(1).map((l) => l.slice(mpColumn)),
    ['/', '/mnt/a long name', '/x'],
    'mount points start in the MOUNTPOINT column',
  );
  t.same(
    lines.slice(1).map((l) => l.slice(0, 4).trim()),
    ['1', '1234', '7'],
    'ids right-aligned',
  );
  t.notOk(
    lines.some((l) => l.endsWith(' ')),
    'no trailing blanks',
  );
  t.ok(client.closed);
});

t.test('mounts --json prints one parseable object per mount', async (t) => {
  const client = new FakeClient();
  const { io } = await run(['mounts', '--json'], client);
  t.same(
    io.stdout.map((l) => JSON.parse(l)),
    client.table,
  );
});

t.test('a large dump shows progress on a terminal only, and clears it', async (t) => {
  const table = Array.from({ length: 1200 }, (_, i) => makeMount(i + 1, 1, `/m${i}`));
  const tty = new CapturedIo(true);
  await run(['mounts', '--json'], new FakeClient(table), tty);
  t.same(tty.progressLines, [
    'reading mount table: 500 mounts',
    'reading mount table: 1000 mounts',
    '',
  ]);
  const pipe = new CapturedIo(false);
  await run(['mounts'], new FakeClient(table), pipe);
  t.same(pipe.progressLines, []);
  t.same(pipe.stderr, []);
});

t.test('mount shows fields, --json parses back to the same mount and seq', async (t) => {
  const client = new FakeClient();
  const { io } = await run(['mount', '22'], client);
  t.match(io.text, /^id: +22$/m);
  t.match(io.text, /^mount point: +\/mnt\/data$/m);
  t.match(io.text, /^propagation: +private$/m);
  const json = await run(['mount', '--json', '22'], client);
  t.same(JSON.parse(json.io.text), { seq: '7', mount: client.table[1] });
});

t.test('df shows human sizes and use%; --json keeps exact figures', async (t) => {
  const { io } = await run(['df', '/data']);
  const [header, row] = io.text.split('\n');
  t.match(header!, /PATH +SIZE +USED +AVAIL +USE% +INODES +IFREE +TYPE/);
  t.match(row!, /^\/data +4\.0M +3\.0M +1000K +75% +100 +90 +0x1021994$/);
  const json = await run(['df', '--json', '/data']);
  t.match(JSON.parse(json.io.text), {
    path: '/data',
    blocks: '1000',
    bfree: '250',
    frsize: '4096',
  });
});

t.test('ping names the feature bits', async (t) => {
  const { io } = await run(['ping']);
  t.match(io.text, /protocol 2/);
  t.match(
    io.text,
    /features: listeners, mtab-dump, mount-lookup, mtab-changes, fs-usage, test-commands/,
  );
  const json = JSON.parse((await run(['ping', '--json'])).io.text);
  t.equal(json.protoVersion, 2);
  t.equal(json.features, '255');
  t.equal(json.featureNames.length, 8);
});

t.test('families lists every family, as a table or JSON lines', async (t) => {
  const { io } = await run(['families']);
  t.match(io.text, /ID +NAME +VERSION +HDRSIZE +MAXATTR +OPS +GROUPS/);
  t.match(io.text, /22 +VFS_DQUOT +1 +0 +6 +0 +events\(18\)/);
  const json = await run(['families', '--json']);
  t.same(
    json.io.stdout.map((l) => JSON.parse(l)),
    sampleFamilies,
  );
});

const storageEvent: UsipEvent = {
  kind: 'storage',
  listenerId: 1,
  group: 4026531840,
  action: 'enospc',
  cmd: 0,
  errno: 28,
  pid: 4242,
  vpid: 1,
  uid: 1000,
  ino: 12n,
  mountPoint: '/mnt/small',
  device: 'tmpfs',
  fsType: 'tmpfs',
  time: 1_764_072_000_123_456_789n,
};

t.test('watch prints event lines and unregisters after --count events', async (t) => {
  const client = new FakeClient();
  client.onListen = (l) => {
    l.stream.emit(storageEvent);
    l.stream.emit({ kind: 'lost', listenerId: 1, group: 0, eventType: 'mtab', lostCount: 3n });
    l.stream.emit(storageEvent);
  };
  const { code, io } = await run(['watch', '--storage', '--count', '2'], client);
  t.equal(code, ExitCode.OK);
  t.same(client.calls, [
    ['listen', { global: false, notifiers: [{ type: 'storage', kernLog: false }] }],
  ]);
  t.match(io.stderr[0], /watching storage events of mount namespace 4026531840 \(listener 1\)/);
  t.equal(io.stdout.length, 2, 'stopped after two events');
  t.equal(
    io.stdout[0],
    '2025-11-25 12:00:00.123456789  ENOSPC  /mnt/small (tmpfs, tmpfs)  ino 12  pid 4242/1  uid 1000',
  );
  t.match(io.stdout[1], /LOST +3 mtab event\(s\)/);
  t.ok(client.listeners[0]!.closed, 'listener unregistered');
  t.ok(client.closed, 'client closed');
});

t.test(
  'watch --json prints events that parse back; --global and both kinds by default',
  async (t) => {
    const client = new FakeClient();
    client.onListen = (l) => l.stream.emit(storageEvent);
    const { io } = await run(['watch', '--json', '--global', '--count', '1'], client);
    t.same(client.calls[0], [
      'listen',
      {
        global: true,
        notifiers: [
          { type: 'mtab', kernLog: false },
          { type: 'storage', kernLog: false },
        ],
      },
    ]);
    t.match(JSON.parse(io.text), {
      kind: 'storage',
      ino: '12',
      time: '1764072000123456789',
      pid: 4242,
    });
  },
);

t.test('watch ends cleanly on Ctrl-C (the abort signal) and unregisters', async (t) => {
  const client = new FakeClient();
  const ctrlC = new AbortController();
  client.onListen = (l) => {
    l.stream.emit(storageEvent);
    setImmediate(() => ctrlC.abort());
  };
  const io = new CapturedIo();
  const code = await runCli(['watch'], makeContext(client, io, ctrlC.signal));
  t.equal(code, ExitCode.OK);
  t.equal(io.stdout.length, 1);
  t.ok(client.listeners[0]!.closed);
  t.ok(client.closed);
});

t.test('errors map to documented exit codes with a readable message', async (t) => {
  const notLoaded = new FakeClient();
  notLoaded.failWith = new ModuleNotLoadedError();
  const r1 = await run(['ping'], notLoaded);
  t.equal(r1.code, ExitCode.MODULE_NOT_LOADED);
  t.match(
    r1.io.stderr[0],
    /usip ping: USIP kernel module is not loaded: run `insmod kernel\/usip.ko`/,
  );

  const denied = new FakeClient();
  denied.failWith = new KernelError('TEST_ENOSPC', 1, 'EPERM', 'needs CAP_SYS_ADMIN');
  const r2 = await run(['test', 'enospc', '/'], denied);
  t.equal(r2.code, ExitCode.PERMISSION);
  t.match(r2.io.stderr[0], /EPERM \(needs CAP_SYS_ADMIN\)/);

  const missing = new FakeClient();
  missing.failWith = new KernelError('MOUNT_GET', 2, 'ENOENT', undefined);
  t.equal((await run(['mount', '999'], missing)).code, ExitCode.NOT_FOUND);

  const broken = new FakeClient();
  broken.failWith = new Error('boom');
  t.equal((await run(['ping'], broken)).code, ExitCode.FAILURE);
});
