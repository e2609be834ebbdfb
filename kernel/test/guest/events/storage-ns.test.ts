// Storage events and namespaces (scenarios/storage-ns.sh): a container-like namespace (own
// mount and pid namespaces, own mounts, a writer chrooted into its own root) fills a tmpfs
// while this namespace fills another. The container's listener is addressed only the
// container's event, this namespace's listener (not GLOBAL) only this one's, and a GLOBAL
// listener both, each with the mount point as its writer sees it. Privileged listeners share
// the multicast group, so "addressed to" means the notification carries that listener's id.
import t from 'tap';
import { Action, type Json, STORAGE_NOTIFY } from './scenario.js';
import { checkEvent, ENOSPC, type Expected, runStorageScenario } from './storage-fields.js';

const { run, fact } = runStorageScenario(t, 'storage-ns.sh', 2, { setupFacts: true });

interface Listener {
  ready: Json;
  /** Storage notifications addressed to this listener. */
  events: Json[];
}

function listener(name: string): Listener {
  const lines = run.factList
    .filter(([key]) => key === `${name}_event`)
    .map(([, json]) => JSON.parse(json) as Json);
  const ready = lines.find((l) => l.ready) ?? {};
  const events = lines.filter(
    (l) => l.cmd === STORAGE_NOTIFY && ready.id !== undefined && l['event-id'] === ready.id,
  );
  return { ready, events };
}

const outside = listener('outside');
const container = listener('container');
const global = listener('global');
const ofPid = (l: Listener, pid: string): Json[] =>
  l.events.filter((e) => String(e['event-pid']) === pid);

const common = { action: Action.ENOSPC, errno: ENOSPC, uid: 0, gid: 0, fstype: 'tmpfs' };
const hostWrite = (): Expected => ({
  ...common,
  pid: fact('host_pid'),
  vpid: fact('host_pid'),
  ino: fact('host_ino'),
  mountpoint: fact('host_mountpoint'),
  device: 'hostfull',
  dev: fact('host_dev'),
  group: outside.ready.ns,
  t0: fact('t0'),
  t1: fact('t1'),
});
const containerWrite = (): Expected => ({
  ...common,
  pid: fact('container_pid'),
  vpid: fact('container_vpid'),
  ino: fact('container_ino'),
  mountpoint: '/data',
  device: 'cdata',
  dev: fact('container_dev'),
  group: container.ready.ns,
  t0: fact('t0'),
  t1: fact('t1'),
});

t.test('the listeners are distinct, the container in its own mount namespace', async (t) => {
  t.equal(outside.ready.ns, run.ready.ns, "the outside listener is in the scenario's namespace");
  t.not(container.ready.ns, outside.ready.ns, 'the container has its own mount namespace');
  t.equal(global.ready.ns, 0, 'the GLOBAL listener has no namespace');
  const ids = [outside, container, global].map((l) => l.ready.id);
  t.equal(new Set(ids).size, 3, 'three listener ids');
  t.equal(fact('container_errno'), String(ENOSPC), "the container's write failed with ENOSPC");
  t.not(fact('container_vpid'), fact('container_pid'), 'the writer has its own pid namespace');
});

t.test("the container's listener gets its own event only, as the container sees it", async (t) => {
  t.equal(container.events.length, 1, 'one event');
  checkEvent(t, ofPid(container, fact('container_pid'))[0], containerWrite());
  t.equal(ofPid(container, fact('host_pid')).length, 0, "not the outside namespace's event");
});

t.test("the outside listener (not GLOBAL) gets none of the container's events", async (t) => {
  t.equal(outside.events.length, 1, 'one event');
  checkEvent(t, ofPid(outside, fact('host_pid'))[0], hostWrite());
  t.equal(ofPid(outside, fact('container_pid')).length, 0, "not the container's event");
});

t.test("the GLOBAL listener gets both, each with its writer's mount point", async (t) => {
  t.equal(global.events.length, 2, 'two events');
  checkEvent(t, ofPid(global, fact('host_pid'))[0], hostWrite());
  checkEvent(t, ofPid(global, fact('container_pid'))[0], containerWrite());
});
