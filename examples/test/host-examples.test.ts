// The examples that need no USIP module, run on the host against the running kernel.
import { execFileSync } from 'node:child_process';
import t from 'tap';
import { runExample, startExample } from './helpers/run-example.js';

t.test('list-families lists exactly the families `genl ctrl list` shows', async (t) => {
  const { code, stdout } = await runExample('list-families');
  t.equal(code, 0);
  const ours = stdout
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[1]);
  const genl = [
    ...execFileSync('genl', ['ctrl', 'list'], { encoding: 'utf8' }).matchAll(/^Name: (\S+)/gm),
  ].map((m) => m[1]);
  t.ok(genl.length > 3, 'genl lists families');
  t.same([...ours].sort(), [...genl].sort());
  t.match(stdout, /^ {2}16 {2}nlctrl +v\d+ +\d+ ops {2}groups: notify\(16\)$/m);
});

t.test('watch-links sees a veth pair created in a private network namespace', async (t) => {
  const ns = `usip-ex-${process.pid}`;
  execFileSync('ip', ['netns', 'add', ns]);
  t.teardown(() => execFileSync('ip', ['netns', 'del', ns]));
  const { done } = startExample('watch-links', ['--count', '2', '--timeout', '60'], {
    wrap: ['ip', 'netns', 'exec', ns],
    readyPattern: /joined RTNLGRP_LINK/,
    whenReady: () => {
      execFileSync('ip', [
        '-n',
        ns,
        'link',
        'add',
        'usipv0',
        'type',
        'veth',
        'peer',
        'name',
        'usipv1',
      ]);
    },
  });
  const { code, stdout, stderr } = await done;
  t.equal(code, 0, stderr);
  t.match(stdout, /^NEWLINK {2}index \d+ {2}usipv0 {2}mtu 1500 {2}DOWN$/m);
  t.match(stdout, /^NEWLINK {2}index \d+ {2}usipv1 {2}mtu 1500 {2}DOWN$/m);
  t.equal(stdout.trim().split('\n').length, 2, 'stopped after --count 2');
});

t.test('dquot-warnings joins VFS_DQUOT/events and exits cleanly on --timeout', async (t) => {
  const { code, stdout, stderr } = await runExample('dquot-warnings', ['--timeout', '1']);
  t.equal(code, 0);
  t.match(stderr, /joined VFS_DQUOT\/events \(group \d+\)/);
  t.match(stderr, /dquot-warnings: done/);
  t.equal(stdout, '', 'no warnings without quotas');
});
