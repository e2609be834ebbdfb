import { deepStrictEqual, equal, ok } from 'node:assert/strict';
import fc from 'fast-check';
import t from 'tap';
import { messages } from '../../src/usip/generated/usip.js';
import { decodeSpecAttrs } from '../../src/ynl/codec/genl-message.js';
import { repoRoot } from '../../src/ynl/generated-files.js';
import { loadSpecFile } from '../../src/ynl/load.js';
import { specMessages } from '../../src/ynl/messages.js';
import { SpecFamily } from '../../src/ynl/runtime.js';
import { lowerFirst } from '../../src/ynl/ts-names.js';
import { arbitraryFromSet } from '../ynl/helpers/arbitrary.js';

const spec = loadSpecFile(`${repoRoot}/kernel/usip.yaml`);
const runtime = new SpecFamily(spec);

t.test('every message of the spec has generated bindings', async (t) => {
  const keys = specMessages(spec).map((m) => lowerFirst(m.typeName));
  t.same(Object.keys(messages).sort(), [...keys].sort());
  t.ok(keys.length >= 13, 'requests, replies and the three notifications');
});

for (const m of specMessages(spec)) {
  const binding = messages[lowerFirst(m.typeName) as keyof typeof messages];
  t.test(`${m.op.name} ${m.kind}: decode(encode(x)) equals x and passes its schema`, async (t) => {
    const arbitrary = arbitraryFromSet(spec, m.attributeSet, m.attributes);
    fc.assert(
      fc.property(arbitrary, fc.integer({ min: 0x10, max: 0xffff }), (x, familyId) => {
        const wire = (binding.encode as (id: number, msg: unknown) => Buffer)(familyId, x);
        equal(wire.readUInt16LE(4), familyId);
        equal(wire[16], binding.cmd);
        const decoded = binding.decode(wire.subarray(16));
        deepStrictEqual(decoded, x);
        // The run-time driver's table-driven decoder agrees with the generated one.
        const set = runtime.message(m.op.name, m.kind).set;
        deepStrictEqual(decodeSpecAttrs(set, wire.subarray(16)), decoded);
        ok(binding.schema.safeParse(decoded).success, 'schema accepts it');
      }),
      { numRuns: 200 },
    );
    t.pass('200 random messages round-tripped, generated and generic decoders agree');
  });
}
