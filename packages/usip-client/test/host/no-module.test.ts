// On the host (its kernel has no module support, so no usip_family): the real stack must say
// clearly that the module is not loaded, and `usip families` must work all the same.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import t from 'tap';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { runCli } from '../../src/cli/main.js';
import { listGenlFamilies } from '../../src/cli/real-context.js';
import { UsipClient } from '../../src/client.js';
import { MODULE_NOT_LOADED_MESSAGE, ModuleNotLoadedError } from '../../src/errors.js';
import { CapturedIo } from '../helpers/fake-client.js';

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL('../..', import.meta.url));

const families = await listGenlFamilies();
const loaded = families.some((f) => f.name === 'usip_family');

t.test(
  'UsipClient.open() rejects with the load hint',
  { skip: loaded && 'the module is loaded here' },
  async (t) => {
    const error = await UsipClient.open().catch((e) => e);
    t.type(error, ModuleNotLoadedError);
    t.equal(error.message, MODULE_NOT_LOADED_MESSAGE);
  },
);

t.test(
  'usip ping exits 3 with the load hint',
  { skip: loaded && 'the module is loaded here' },
  async (t) => {
    const io = new CapturedIo();
    const code = await runCli(['ping'], {
      io,
      openClient: () => UsipClient.open(),
      listFamilies: listGenlFamilies,
      signal: new AbortController().signal,
    });
    t.equal(code, ExitCode.MODULE_NOT_LOADED);
    t.equal(io.stderr.join('\n'), `usip ping: ${MODULE_NOT_LOADED_MESSAGE}`);
  },
);

t.test('usip families --json equals `genl ctrl list`', async (t) => {
  const io = new CapturedIo();
  const code = await runCli(['families', '--json'], {
    io,
    openClient: () => UsipClient.open(),
    listFamilies: listGenlFamilies,
    signal: new AbortController().signal,
  });
  t.equal(code, ExitCode.OK);
  const ours = io.stdout.map((l) => JSON.parse(l) as { name: string; id: number });
  const { stdout } = await run('genl', ['ctrl', 'list']);
  const theirs = [...stdout.matchAll(/^Name: (\S+)\n\s+ID: (0x[0-9a-f]+)/gm)].map((m) => ({
    name: m[1],
    id: Number(m[2]),
  }));
  t.ok(theirs.length > 3);
  t.same(
    ours.map(({ name, id }) => ({ name, id })).sort((a, b) => a.id - b.id),
    theirs.sort((a, b) => a.id - b.id),
  );
});

t.test('the built `usip` binary runs: --help, and exit code 2 on a usage error', async (t) => {
  const bin = `${packageDir}dist/cli.js`;
  const help = await run(process.execPath, [bin, '--help']);
  t.match(help.stdout, /^usage: usip <command>/);
  const bad = await run(process.execPath, [bin, 'mount']).catch((e) => e);
  t.equal(bad.code, ExitCode.USAGE);
  t.match(bad.stderr, /usip mount: missing <id\|path>/);
});
