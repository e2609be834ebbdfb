import { getEventListeners, once } from 'node:events';
import {
  MemoryTransport,
  NetlinkConnection,
  NlmF,
  parseAttrs,
  parseMessages,
} from '@usip/netlink-core';
import t from 'tap';
import { GenlConnection } from '../../src/genl/connection.js';
import { FakeNlctrl } from '../../src/genl/fake-nlctrl.js';
import { type GenlFamily, opFromFlags } from '../../src/genl/family.js';
import { encodeGenlMessage } from '../../src/genl/genl-message.js';
import { decodeGenlHeader } from '../../src/genl/header.js';
import { PolicyViolationError } from '../../src/genl/policy-validate.js';
import { request as samplePolicy } from './fixtures/sample-policy.js';

const echo: GenlFamily = {
  id: 0x2a,
  name: 'echo_family',
  version: 3,
  hdrsize: 0,
  maxattr: 9,
  ops: [opFromFlags(1, 0x0e)],
  mcastGroups: [{ name: 'events', id: 3 }],
};

/** A fake family that answers cmd 1 by echoing the request's attributes back, once per dump item. */
function setup(t: { teardown(fn: () => void): void }) {
  const kernel = new FakeNlctrl();
  kernel.register(echo, (message, family) => {
    const items = (message.flags & NlmF.DUMP) === NlmF.DUMP ? 2 : 1;
    const replies = Array.from({ length: items }, (_, i) =>
      Buffer.from(
        encodeGenlMessage(
          { familyId: family.id, cmd: 1, version: family.version, flags: NlmF.MULTI },
          (b) => b.putBinary(9, message.payload.subarray(4)).putU32(8, i),
        ),
      ),
    );
    for (const r of replies) r.writeUInt32LE(message.seq, 8);
    if (items === 1) return replies;
    return [Buffer.concat([...replies, doneFor(message.seq)])];
  });
  const transport = new MemoryTransport({ protocol: 16, peer: kernel.peer });
  kernel.multicast = (data, groups) => transport.injectMulticast(data, groups);
  const genl = new GenlConnection(new NetlinkConnection(transport, { timeoutMs: 60_000 }));
  t.teardown(() => genl.close());
  return { kernel, transport, genl };
}

function doneFor(seq: number): Buffer {
  const done = Buffer.alloc(20);
  done.writeUInt32LE(20, 0);
  done.writeUInt16LE(3, 4);
  done.writeUInt16LE(NlmF.MULTI, 6);
  done.writeUInt32LE(seq, 8);
  return done;
}

t.test('a request by family name goes to the resolved id with the family version', async (t) => {
  const { genl, transport } = setup(t);
  const replies = await genl.request('echo_family', 1, (b) => b.putU32(1, 77));
  const sent = parseMessages(transport.sent.at(-1)!)[0]!;
  t.equal(sent.type, 0x2a, 'nlmsg_type is the family id');
  t.same(decodeGenlHeader(sent.payload), { cmd: 1, version: 3 });
  t.equal(replies.length, 1);
  t.match(replies[0], { familyId: 0x2a, cmd: 1, version: 3 });
  const echoed = parseAttrs(replies[0]!.attributes).get(9)!;
  t.same(parseAttrs(echoed).get(1), Buffer.from([77, 0, 0, 0]), 'the family saw our attribute');
});

t.test('a dump collects every message and sets NLM_F_DUMP', async (t) => {
  const { genl, transport } = setup(t);
  const messages = await genl.dump('echo_family', 1);
  t.equal(messages.length, 2);
  t.same(
    messages.map((m) => parseAttrs(m.attributes).get(8)?.readUInt32LE(0)),
    [0, 1],
  );
  const sent = parseMessages(transport.sent.at(-1)!)[0]!;
  t.equal(sent.flags & NlmF.DUMP, NlmF.DUMP);
});

t.test('attributes that break the op policy are refused before anything is sent', async (t) => {
  const { genl, transport } = setup(t);
  await genl.family('echo_family');
  const before = transport.sent.length;
  const policy = { cmd: 1, do: samplePolicy };
  const err = await t.rejects(
    genl.request('echo_family', 1, (b) => b.putS8(3, 9), { policy }),
    PolicyViolationError,
  );
  t.match(err, { message: /3: value 9 is above the maximum 5/ });
  t.equal(transport.sent.length, before, 'nothing sent');
  t.same((await genl.request('echo_family', 1, (b) => b.putS8(3, 5), { policy })).length, 1);
});

t.test(
  "notifications() yields the family's multicast messages, following it across reloads",
  async (t) => {
    const { genl, kernel, transport } = setup(t);
    const controller = new AbortController();
    const events = genl.notifications('echo_family', { signal: controller.signal });
    const first = events.next();
    await genl.joinGroup('echo_family', 'events');
    const event = (familyId: number, marker: number) =>
      encodeGenlMessage({ familyId, cmd: 5, version: 3 }, (b) => b.putU32(8, marker));
    transport.injectMulticast(event(0x7f, 1), 4); // another family: not ours
    transport.injectMulticast(event(0x2a, 2), 4);
    const got = await first;
    t.match(got.value, {
      kind: 'message',
      message: { familyId: 0x2a, cmd: 5 },
      family: { id: 0x2a },
    });
    t.equal(
      parseAttrs((got.value as { message: { attributes: Buffer } }).message.attributes)
        .get(8)
        ?.readUInt32LE(0),
      2,
    );

    kernel.unregister('echo_family');
    kernel.register({ ...echo, id: 0x2b, mcastGroups: [{ name: 'events', id: 5 }] });
    await once(genl.resolver, 'group-rejoined');
    transport.injectMulticast(event(0x2a, 3), 4); // the old id is stale now
    transport.injectMulticast(event(0x2b, 4), 16);
    const next = await events.next();
    t.match(next.value, { kind: 'message', family: { id: 0x2b } });
    transport.injectOverrun();
    t.same((await events.next()).value, { kind: 'overrun', source: 'kernel' });
    controller.abort();
  },
);

t.test('a request by id goes out as given, without asking nlctrl', async (t) => {
  const { genl, kernel, transport } = setup(t);
  const replies = await genl.request(0x2a, 1, (b) => b.putU32(1, 5), { version: 3 });
  t.equal(replies.length, 1);
  const sent = parseMessages(transport.sent.at(-1)!)[0]!;
  t.equal(sent.type, 0x2a);
  t.same(decodeGenlHeader(sent.payload), { cmd: 1, version: 3 });
  t.equal(kernel.requests.size, 0, 'no family lookup');
  t.equal(transport.sent.length, 1, 'only the request itself was sent');
});

t.test('finished requests leave no listener on the family lifetime signal', async (t) => {
  const { genl } = setup(t);
  for (let i = 0; i < 20; i++) await genl.request('echo_family', 1);
  t.equal(getEventListeners(genl.resolver.lifetimeSignal('echo_family'), 'abort').length, 0);
});
