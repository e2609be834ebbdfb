import t from 'tap';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { runCli } from '../../src/cli/main.js';
import { commands } from '../../src/cli/registry.js';
import { CapturedIo, FakeClient, makeContext } from '../helpers/fake-client.js';

async function run(argv: string[], client = new FakeClient()) {
  const io = new CapturedIo();
  const code = await runCli(argv, makeContext(client, io));
  return { code, io, client };
}

t.test('usip --help lists every command and the exit codes', async (t) => {
  const { code, io } = await run(['--help']);
  t.equal(code, ExitCode.OK);
  for (const c of commands) t.match(io.text, `  ${c.name} `);
  t.match(io.text, /exit codes:[\s\S]*3 {2}MODULE_NOT_LOADED/);
});

t.test('usip without a command prints help on stderr and fails as a usage error', async (t) => {
  const { code, io } = await run([]);
  t.equal(code, ExitCode.USAGE);
  t.match(io.stderr.join('\n'), /^usage: usip <command>/);
});

t.test('every command has --help, and it touches nothing', async (t) => {
  for (const c of commands) {
    const { code, io, client } = await run([...c.name.split(' '), '--help']);
    t.equal(code, ExitCode.OK, c.name);
    t.match(io.text, `usage: usip ${c.name}`);
    t.match(io.text, '--help');
    for (const name of Object.keys(c.options))
      t.match(io.text, `--${name}`, `${c.name} documents --${name}`);
    t.same(client.calls, [], `${c.name} --help made no call`);
  }
});

t.test('command-line mistakes are usage errors (exit 2) with the usage line', async (t) => {
  const cases: [string[], RegExp][] = [
    [['frobnicate'], /unknown command "frobnicate"/],
    [['test'], /unknown command "test"/],
    [['ping', '--bogus'], /Unknown option '--bogus'/],
    [['mount'], /missing <id\|path>/],
    [['mount', '1', '2'], /unexpected argument "2"/],
    [['df'], /missing <path>/],
    [['watch', '--count', 'x'], /--count value: expected a whole number/],
    [['watch', '--timeout', '0'], /--timeout value/],
    [['test', 'mtab', '--mount-id', 'abc'], /mountId/],
    [['test', 'mtab', '--action', 'explode'], /action/],
  ];
  for (const [argv, message] of cases) {
    const { code, io, client } = await run(argv);
    t.equal(code, ExitCode.USAGE, argv.join(' '));
    t.match(io.stderr.join('\n'), message, argv.join(' '));
    t.notOk(
      client.calls.some(([name]) => name !== 'listen'),
      `${argv.join(' ')}: nothing sent`,
    );
  }
});

t.test('mount takes a decimal id or a path', async (t) => {
  t.same((await run(['mount', '22'])).client.calls, [['mount', 22]]);
  t.same((await run(['mount', '/mnt/data'])).client.calls, [['mount', '/mnt/data']]);
  t.same((await run(['mount', './22x'])).client.calls, [['mount', './22x']]);
});

t.test('df accepts several paths', async (t) => {
  const { client, io } = await run(['df', '/', '/tmp']);
  t.same(client.calls, [
    ['fsUsage', '/'],
    ['fsUsage', '/tmp'],
  ]);
  t.equal(io.stdout[0]!.split('\n').length, 3, 'header and two rows');
});

t.test('test triggers pass their arguments through', async (t) => {
  t.same((await run(['test', 'enospc', '/mnt'])).client.calls, [['testEnospc', '/mnt', 'ENOSPC']]);
  t.same((await run(['test', 'enospc', '--edquot', '/mnt'])).client.calls, [
    ['testEnospc', '/mnt', 'EDQUOT'],
  ]);
  t.same((await run(['test', 'mtab', '--action', 'umount', '--mount-id', '22'])).client.calls, [
    ['testMtab', { action: 'umount', mountId: 22 }],
  ]);
  t.same((await run(['test', 'mtab'])).client.calls, [['testMtab', { action: 'mount' }]]);
});
