import { readFileSync } from 'node:fs';
import { MemoryTransport, NetlinkConnection, type RecordedExchange } from '@usip/netlink-core';
import t from 'tap';
import { GenlConnection } from '../../src/genl/connection.js';
import { parseGenlCtrlList } from './fixtures/genl-ctrl-text.js';

/** A recorded kernel exchange (fixtures/*.hex) as MemoryTransport replay input. */
function recorded(name: string): RecordedExchange {
  const url = new URL(`./fixtures/${name}.hex`, import.meta.url);
  const [request, ...replies] = readFileSync(url, 'utf8').trim().split('\n');
  return { request: request!, replies: replies.map((data) => ({ data })) };
}

function replay(t: { teardown(fn: () => void): void }, ...names: string[]): GenlConnection {
  const transport = new MemoryTransport({ protocol: 16, replay: names.map(recorded) });
  const genl = new GenlConnection(new NetlinkConnection(transport, { timeoutMs: 60_000 }));
  t.teardown(() => genl.close());
  return genl;
}

t.test(
  'the whole stack, offline: a replayed family dump lists what iproute2 printed',
  async (t) => {
    const families = await replay(t, 'getfamily-dump').listFamilies();
    const text = readFileSync(new URL('./fixtures/genl-ctrl-list.txt', import.meta.url), 'utf8');
    t.same(
      families.map((f) => [f.name, f.id]),
      parseGenlCtrlList(text).map((f) => [f.name, f.id]),
    );
  },
);

t.test('a replayed policy dump of nlctrl, through GenlConnection', async (t) => {
  const trees = await replay(t, 'getpolicy-nlctrl').getOpPolicies('nlctrl');
  t.same([...trees.keys()], [3, 0]);
  t.equal(trees.get(3)?.do?.attributes.get(2)?.maxLength, 15, 'family name up to 15 bytes');
});
