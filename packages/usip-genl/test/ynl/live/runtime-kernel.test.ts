import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { NetlinkConnection, NetlinkError, NetlinkSocket } from '@usip/netlink-core';
import t from 'tap';
import { SpecFamily } from '../../../src/ynl/runtime.js';

// The run-time driver against the running kernel, with this package's own specs.
const spec = (name: string) => fileURLToPath(new URL(`../../../specs/${name}`, import.meta.url));
const nlctrl = SpecFamily.fromFile(spec('nlctrl.yaml'));
const netdev = SpecFamily.fromFile(spec('netdev.yaml'));
const GENL_ID_CTRL = 0x10;
const NETLINK_GENERIC = 16;

function connect(t: { teardown(fn: () => void): void }): NetlinkConnection {
  const connection = new NetlinkConnection(new NetlinkSocket({ protocol: NETLINK_GENERIC }));
  t.teardown(() => connection.close());
  return connection;
}

/** `genl ctrl list`: family name -> id, as iproute2 prints it. */
function genlFamilies(): Map<string, number> {
  const text = execFileSync('genl', ['ctrl', 'list'], { encoding: 'utf8' });
  const families = new Map<string, number>();
  for (const m of text.matchAll(/Name: (\S+)\s+ID: (0x[0-9a-f]+)/g)) {
    families.set(m[1]!, Number(m[2]));
  }
  return families;
}

t.test('nlctrl getfamily (do) sent through the spec driver describes nlctrl', async (t) => {
  const connection = connect(t);
  const replies = await connection.request(
    nlctrl.encodeRequest(GENL_ID_CTRL, 'getfamily', { familyName: 'nlctrl' }),
  );
  t.equal(replies.length, 1);
  const family = nlctrl.decodeReply('getfamily', replies[0]!);
  t.match(family, { familyId: GENL_ID_CTRL, familyName: 'nlctrl', version: 2, hdrsize: 0 });
  const ops = family.ops as { id: number; flags: number }[];
  const getfamily = ops.find((o) => o.id === nlctrl.operation('getfamily').value);
  t.ok(getfamily, 'getfamily is among its ops');
  t.ok(
    nlctrl.enumNames('op-flags', getfamily!.flags).includes('cmd-cap-do'),
    'getfamily can be done',
  );
  t.same(family.mcastGroups, [{ name: 'notify', id: GENL_ID_CTRL }]);
  t.notOk(family.unknown, 'every attribute the kernel sent is in the spec');
});

t.test('nlctrl getfamily (dump) lists what `genl ctrl list` lists', async (t) => {
  const connection = connect(t);
  const { messages } = await connection.dumpAll(
    nlctrl.encodeRequest(GENL_ID_CTRL, 'getfamily', {}, { dump: true }),
  );
  const fromDriver = new Map(
    messages.map((m) => {
      const f = nlctrl.decodeReply('getfamily', m, { dump: true });
      return [f.familyName as string, f.familyId as number];
    }),
  );
  t.same(fromDriver, genlFamilies());
  t.ok(fromDriver.has('netdev'), 'netdev is there to test next');
});

t.test('netdev dev-get: dump and do, decoded by the netdev spec', async (t) => {
  const connection = connect(t);
  const familyId = genlFamilies().get('netdev')!;
  const { messages } = await connection.dumpAll(
    netdev.encodeRequest(familyId, 'dev-get', {}, { dump: true }),
  );
  const devices = messages.map((m) => netdev.decodeReply('dev-get', m, { dump: true }));
  const links = JSON.parse(execFileSync('ip', ['-j', 'link', 'show'], { encoding: 'utf8' })) as {
    ifindex: number;
  }[];
  t.same(
    devices.map((d) => d.ifindex).sort(),
    links.map((l) => l.ifindex).sort(),
    'one entry per link of this namespace',
  );
  for (const d of devices) t.type(d.xdpFeatures, 'bigint', 'u64 flags come back as bigint');

  const [reply] = await connection.request(
    netdev.encodeRequest(familyId, 'dev-get', { ifindex: 1 }),
  );
  t.match(netdev.decodeReply('dev-get', reply!), { ifindex: 1 });
});

t.test('the kernel enforces the policy the spec describes (ifindex >= 1)', async (t) => {
  const connection = connect(t);
  const familyId = genlFamilies().get('netdev')!;
  const err = await connection
    .request(netdev.encodeRequest(familyId, 'dev-get', { ifindex: 0 }))
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  t.type(err, NetlinkError);
  // Policy range violations are ERANGE, with the kernel's extended-ack text.
  t.equal((err as NetlinkError).code, 'ERANGE');
  t.match((err as NetlinkError).kernelMessage, /out of range/);
});
