// Why the notification path needs no zod pass: whatever bytes a generated decoder is given,
// what it returns already satisfies its message's generated schema, and parsing it with that
// schema gives back an equal value. Checked for every message of the spec, malformed input
// included (a decoder that throws is fine; one that returns a value the schema refuses is not).
import { deepStrictEqual } from 'node:assert/strict';
import fc from 'fast-check';
import t from 'tap';
import { messages } from '../../src/usip/generated/usip.js';
import { repoRoot } from '../../src/ynl/generated-files.js';
import { loadSpecFile } from '../../src/ynl/load.js';
import { specMessages } from '../../src/ynl/messages.js';
import { lowerFirst } from '../../src/ynl/ts-names.js';
import { arbitraryDamage, arbitraryWireBlock, encodeWire } from '../ynl/helpers/arbitrary-wire.js';

const spec = loadSpecFile(`${repoRoot}/kernel/usip.yaml`);

for (const m of specMessages(spec)) {
  const binding = messages[lowerFirst(m.typeName) as keyof typeof messages];
  t.test(`${m.op.name} ${m.kind}: every decoded value passes its schema unchanged`, async (t) => {
    let decoded = 0;
    fc.assert(
      fc.property(arbitraryWireBlock(spec, m.attributeSet), arbitraryDamage(), (attrs, damage) => {
        const payload = damage(
          Buffer.concat([Buffer.from([binding.cmd, 2, 0, 0]), encodeWire(attrs)]),
        );
        let value: unknown;
        try {
          value = binding.decode(payload);
        } catch {
          return; // refused: nothing reaches a schema
        }
        decoded++;
        deepStrictEqual(binding.schema.parse(value), value);
      }),
      { numRuns: 500 },
    );
    t.ok(decoded >= 100, `${decoded} of 500 payloads decoded and passed`);
  });
}
