// The same wire behaviour seen by clients no one here wrote: iproute2's genl and pyroute2.
import { execFileSync } from 'node:child_process';
import t from 'tap';
import { counter, mountNsInode } from '../lib/usip.js';

const PYROUTE2 = new URL('../usip_pyroute2.py', import.meta.url).pathname;

t.test('genl ctrl get name usip_family shows the version, every op and both groups', async (t) => {
  const out = execFileSync('genl', ['ctrl', 'get', 'name', 'usip_family'], {
    timeout: 60000,
  }).toString();
  t.match(out, /Name: usip_family/);
  t.match(out, /Version: 0x2\b/);
  const ops = [...out.matchAll(/ID-0x([0-9a-f]+)\s*\n\s*Capabilities \(0x([0-9a-f]+)\)/g)].map(
    (m) => [Number.parseInt(m[1] ?? '', 16), Number.parseInt(m[2] ?? '', 16)],
  );
  t.same(
    ops.map(([cmd]) => cmd),
    [2, 3, 4, 5, 6, 7, 8, 9, 10],
    'ping .. fs-usage',
  );
  const dumpOnly = ops.filter(([, caps]) => ((caps ?? 0) & 0x4) !== 0).map(([cmd]) => cmd);
  t.same(dumpOnly, [5, 6], 'mtab-get and mtab-changed are dumps');
  t.match(out, /name: mcg_mtab/);
  t.match(out, /name: mcg_storage/);
});

t.test('pyroute2: ping, register, notification by multicast, unregister', async (t) => {
  const before = counter('live_listeners');
  const out = JSON.parse(
    execFileSync('/usr/bin/python3', [PYROUTE2, 'roundtrip'], { timeout: 120000 }).toString(),
  );
  t.same(out.ping, { status: 1, version: 2, features: out.ping.features });
  t.ok(out.register.id > 0);
  t.equal(out.register.group, mountNsInode());
  t.equal(out.notify?.id, out.register.id, 'the notification names the listener');
  t.equal(out.notify?.group, out.register.group);
  t.equal(out.notify?.action, 2, 'mount');
  t.equal(out.unregistered, true);
  t.equal(out.second_unregister, 2, 'ENOENT the second time');
  t.equal(counter('live_listeners'), before, 'nothing left behind');
});
