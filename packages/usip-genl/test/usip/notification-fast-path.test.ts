// The notification path decodes without a zod pass (src/usip/decode-notification.ts). These
// properties hold it to the zod-validating decoder it replaced (helpers/zod-reference-decoder.ts):
// on any payload, the same notification or the same error.
import { deepStrictEqual } from 'node:assert/strict';
import fc from 'fast-check';
import t from 'tap';
import { decodeUsipNotification } from '../../src/usip/decode-notification.js';
import { Cmd } from '../../src/usip/generated/usip.js';
import { UsipNotificationError } from '../../src/usip/notification-error.js';
import { YnlDecodeError } from '../../src/ynl/codec/errors.js';
import { repoRoot } from '../../src/ynl/generated-files.js';
import { loadSpecFile } from '../../src/ynl/load.js';
import { arbitraryDamage, arbitraryWireBlock, encodeWire } from '../ynl/helpers/arbitrary-wire.js';
import { decodeUsipNotificationWithZod } from './helpers/zod-reference-decoder.js';

const spec = loadSpecFile(`${repoRoot}/kernel/usip.yaml`);

/** What a decoder made of a payload, comparable with deepStrictEqual. */
function outcome(decode: (payload: Buffer) => unknown, payload: Buffer) {
  try {
    return { value: decode(payload) };
  } catch (err) {
    if (!(err instanceof Error)) throw err;
    const cause = err.cause instanceof Error ? err.cause : undefined;
    return {
      error: err.constructor.name,
      message: err.message,
      cmd: err instanceof UsipNotificationError ? err.cmd : undefined,
      cause: cause?.constructor.name,
      causePath: cause instanceof YnlDecodeError ? cause.path : undefined,
    };
  }
}

const ERRORS = {
  'missing attribute': /required attribute missing/,
  'wrong event type': /event-type \d+, expected/,
  'wrongly sized value': /bytes, expected/,
  'bad attribute length': /nla_len/,
  'no genlmsghdr': /genlmsghdr/,
};

/** Tallies what the payloads turned into, so a property cannot pass on errors alone. */
function tally(counts: Map<string, number>, result: ReturnType<typeof outcome>): void {
  let key = 'value' in result ? (result.value as { kind: string }).kind : 'other error';
  for (const [name, pattern] of Object.entries(ERRORS)) {
    if (result.message !== undefined && pattern.test(result.message)) key = name;
  }
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

const commands = fc.oneof(
  { arbitrary: fc.constantFrom(Cmd.MTAB_NOTIFY, Cmd.STORAGE_NOTIFY, Cmd.LOST_EVENTS), weight: 6 },
  fc.nat(255),
);

t.test('arbitrary attribute trees: same notification or same error as the zod path', async (t) => {
  const counts = new Map<string, number>();
  fc.assert(
    fc.property(
      commands,
      fc.nat(3),
      arbitraryWireBlock(spec, 'usip'),
      arbitraryDamage(),
      (cmd, version, attrs, damage) => {
        const payload = damage(
          Buffer.concat([Buffer.from([cmd, version, 0, 0]), encodeWire(attrs)]),
        );
        const fast = outcome(decodeUsipNotification, payload);
        deepStrictEqual(fast, outcome(decodeUsipNotificationWithZod, payload));
        tally(counts, fast);
      },
    ),
    { numRuns: 5000 },
  );
  // Every way a payload can end was reached, each many times.
  const kinds = [
    'mtab-change',
    'storage',
    'lost-events',
    'unknown-command',
    ...Object.keys(ERRORS),
  ];
  for (const kind of kinds) {
    t.ok((counts.get(kind) ?? 0) >= 20, `${kind}: ${counts.get(kind) ?? 0} payloads`);
  }
});

t.test('arbitrary bytes: same notification or same error as the zod path', async (t) => {
  let decoded = 0;
  fc.assert(
    fc.property(commands, fc.uint8Array({ maxLength: 200 }), (cmd, body) => {
      const payload = Buffer.concat([Buffer.from([cmd, 2, 0, 0]), body]);
      const fast = outcome(decodeUsipNotification, payload);
      deepStrictEqual(fast, outcome(decodeUsipNotificationWithZod, payload));
      if ('value' in fast) decoded++;
    }),
    { numRuns: 3000 },
  );
  t.ok(decoded > 0, `${decoded} of 3000 random payloads decoded`);
});
