import { once } from 'node:events';
import { encodeErrorReply, MemoryTransport, NetlinkConnection } from '@usip/netlink-core';
import t from 'tap';
import { GenlConnection } from '../../src/genl/connection.js';
import {
  FamilyGoneError,
  FamilyNotFoundError,
  McastGroupNotFoundError,
} from '../../src/genl/errors.js';
import { FakeNlctrl } from '../../src/genl/fake-nlctrl.js';
import { type GenlFamily, opFromFlags } from '../../src/genl/family.js';
import { GenlFamilyResolver } from '../../src/genl/resolver.js';

const usip = (id: number, mtab: number, storage: number): GenlFamily => ({
  id,
  name: 'usip_family',
  version: 2,
  hdrsize: 0,
  maxattr: 0,
  ops: [opFromFlags(1, 0x0e)],
  mcastGroups: [
    { name: 'mcg_mtab', id: mtab },
    { name: 'mcg_storage', id: storage },
  ],
});

/** A resolver over a MemoryTransport whose peer is a fake nlctrl holding usip_family. */
function setup(t: { teardown(fn: () => void): void }, options: { silentReplies?: boolean } = {}) {
  const kernel = new FakeNlctrl();
  kernel.register(usip(0x20, 7, 8), options.silentReplies ? () => [] : undefined);
  const transport = new MemoryTransport({ protocol: 16, peer: kernel.peer });
  kernel.multicast = (data, groups) => transport.injectMulticast(data, groups);
  const netlink = new NetlinkConnection(transport, { timeoutMs: 60_000 });
  const resolver = new GenlFamilyResolver(netlink);
  t.teardown(() => netlink.close());
  return { kernel, transport, netlink, resolver };
}

t.test('resolves a name once, then answers from the cache', async (t) => {
  const { kernel, resolver, transport } = setup(t);
  const [a, b] = await Promise.all([
    resolver.resolve('usip_family'),
    resolver.resolve('usip_family'),
  ]);
  t.equal(a.id, 0x20);
  t.equal(b, a, 'concurrent callers share one answer');
  t.equal((await resolver.resolve('usip_family')).id, 0x20);
  t.equal(kernel.requests.get('usip_family'), 1, 'nlctrl was asked once');
  t.ok(transport.memberships.has(16), "joined nlctrl's notify group before asking");
  t.equal(resolver.cached('usip_family')?.version, 2);
});

t.test('an unknown family is a FamilyNotFoundError', async (t) => {
  const { resolver } = setup(t);
  await t.rejects(resolver.resolve('no_such_family'), FamilyNotFoundError);
  await t.rejects(resolver.resolve('no_such_family'), {
    message: "generic netlink family 'no_such_family' is not registered (module not loaded?)",
  });
});

t.test('joinGroup joins by name; an unknown group lists the ones there are', async (t) => {
  const { resolver, transport } = setup(t);
  t.same(await resolver.joinGroup('usip_family', 'mcg_mtab'), { name: 'mcg_mtab', id: 7 });
  t.ok(transport.memberships.has(7));
  const err = await t.rejects(resolver.joinGroup('usip_family', 'nope'), McastGroupNotFoundError);
  t.match(err, { message: /has no multicast group 'nope' \(it has: mcg_mtab, mcg_storage\)/ });
  resolver.leaveGroup('usip_family', 'mcg_mtab');
  t.notOk(transport.memberships.has(7), 'left');
});

t.test('when the family goes away, pending and later users get FamilyGoneError', async (t) => {
  const { kernel, netlink, resolver } = setup(t, { silentReplies: true });
  const genl = new GenlConnection(netlink, resolver);
  await resolver.resolve('usip_family');
  // The fake never answers usip requests: this one is pending when the module unloads.
  const pending = genl.request('usip_family', 1);
  const removed = once(resolver, 'family-removed');
  kernel.unregister('usip_family');
  t.same(await removed, ['usip_family']);
  const message = "generic netlink family 'usip_family' is gone (module unloaded?)";
  await t.rejects(pending, new FamilyGoneError('usip_family'));
  await t.rejects(resolver.resolve('usip_family'), { name: 'FamilyGoneError', message });
  await t.rejects(genl.request('usip_family', 1), FamilyGoneError, 'later users too');
  t.equal(kernel.requests.get('usip_family'), 1, 'nobody asked nlctrl again');
});

t.test('when it comes back under a new id, ids refresh and groups are joined again', async (t) => {
  const { kernel, resolver, transport } = setup(t);
  await resolver.joinGroup('usip_family', 'mcg_mtab');
  kernel.unregister('usip_family');
  await once(resolver, 'family-removed');
  t.notOk(transport.memberships.has(7), 'the old group id was let go');

  const rejoined = once(resolver, 'group-rejoined');
  kernel.register(usip(0x23, 9, 10));
  t.same(await rejoined, ['usip_family', { name: 'mcg_mtab', id: 9 }]);
  t.ok(transport.memberships.has(9), 'member of the new mcg_mtab id');
  t.notOk(transport.memberships.has(10), 'groups nobody joined stay unjoined');
  t.equal((await resolver.resolve('usip_family')).id, 0x23);
  t.equal(kernel.requests.get('usip_family'), 1, 'the notification itself refreshed the cache');
});

t.test('a group missing from the new incarnation is reported, not silently dropped', async (t) => {
  const { kernel, resolver } = setup(t);
  await resolver.joinGroup('usip_family', 'mcg_storage');
  kernel.unregister('usip_family');
  const lost = once(resolver, 'group-lost');
  kernel.register({ ...usip(0x24, 11, 12), mcastGroups: [{ name: 'mcg_mtab', id: 11 }] });
  t.same(await lost, ['usip_family', 'mcg_storage']);
});

t.test('after an overrun (lost notifications) the resolver re-checks and re-joins', async (t) => {
  const { kernel, resolver, transport } = setup(t);
  await resolver.joinGroup('usip_family', 'mcg_mtab');
  // The module reloads while our socket drops the notifications.
  kernel.unregister('usip_family', true);
  kernel.register(usip(0x30, 13, 14), undefined, true);
  const rejoined = once(resolver, 'group-rejoined');
  transport.injectOverrun();
  t.same(await rejoined, ['usip_family', { name: 'mcg_mtab', id: 13 }]);
  t.equal((await resolver.resolve('usip_family')).id, 0x30);
  t.ok(transport.memberships.has(13));
  t.notOk(transport.memberships.has(7));
});

t.test('families nobody asked about are ignored', async (t) => {
  const { kernel, resolver } = setup(t);
  await resolver.resolve('usip_family');
  let events = 0;
  resolver.on('family-added', () => events++);
  kernel.register({ ...usip(0x40, 20, 21), name: 'other' });
  await resolver.resolve('usip_family');
  t.equal(events, 0);
  t.equal(resolver.cached('other'), undefined);
});

t.test('a group added later (CTRL_CMD_NEWMCAST_GRP) joins from the cache', async (t) => {
  const { kernel, resolver, transport } = setup(t);
  await resolver.resolve('usip_family');
  kernel.addGroup('usip_family', { name: 'mcg_late', id: 15 });
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
  t.same(await resolver.joinGroup('usip_family', 'mcg_late'), { name: 'mcg_late', id: 15 });
  t.ok(transport.memberships.has(15));
  t.equal(kernel.requests.get('usip_family'), 1, 'learned from the notification');
});

t.test(
  'a resolve still in flight when the family goes away fails with FamilyGoneError',
  async (t) => {
    const { kernel, resolver, transport } = setup(t);
    await resolver.resolve('nlctrl'); // the notify group is joined
    // Hold the GETFAMILY answer back until the DELFAMILY notification has been delivered.
    const answer = kernel.peer;
    transport.setPeer((request) => {
      const replies = answer(request);
      kernel.unregister('usip_family');
      setImmediate(() => {
        for (const r of replies) transport.deliver(r);
      });
      return [];
    });
    await t.rejects(resolver.resolve('usip_family'), FamilyGoneError);
  },
);

t.test('if nlctrl cannot be reached, resolve fails and the next call tries again', async (t) => {
  const { kernel, resolver, transport, netlink } = setup(t);
  transport.setPeer((request) => [encodeErrorReply({ error: -1, request })]); // EPERM
  await t.rejects(resolver.resolve('usip_family'), { code: 'EPERM' });
  t.equal(netlink.listenerCount('notification'), 0, 'no listener left behind');
  transport.setPeer(kernel.peer);
  t.equal((await resolver.resolve('usip_family')).id, 0x20);
  t.equal(netlink.listenerCount('notification'), 1);
});
