import t from 'tap';
import { SpecError } from '../../src/ynl/errors.js';
import { parseSpec } from '../../src/ynl/load.js';
import { specMessages } from '../../src/ynl/messages.js';

const base = `
name: demo
protocol: genetlink
definitions:
  - type: const
    name: max-len
    value: 16
  - type: enum
    name: colour
    value-start: 3
    entries: [red, {name: green, doc: g}, blue]
  - type: flags
    name: bits
    entries: [a, b, {name: d, value: 4}]
attribute-sets:
  - name: main
    attributes:
      - name: first
        type: u32
      - name: second
        type: string
        checks: {max-len: max-len - 1}
      - name: jump
        type: u64
        value: 10
      - name: after
        type: nest
        nested-attributes: inner
        multi-attr: true
  - name: inner
    attributes:
      - name: x
        type: u8
        enum: colour
operations:
  list:
    - name: get
      attribute-set: main
      do:
        request: {attributes: [first]}
        reply: {attributes: [second, after]}
    - name: set
      value: 7
      attribute-set: main
      dump: {request: {attributes: []}}
    - name: next
mcast-groups:
  list: [{name: all}]
`;

t.test('implicit values continue from the previous one', async (t) => {
  const spec = parseSpec(base);
  const main = spec.attributeSets[0]!;
  t.same(
    main.attributes.map((a) => [a.name, a.value]),
    [
      ['first', 1],
      ['second', 2],
      ['jump', 10],
      ['after', 11],
    ],
  );
  t.same(
    spec.operations.list.map((o) => [o.name, o.value]),
    [
      ['get', 1],
      ['set', 7],
      ['next', 8],
    ],
  );
  t.equal(main.attributes[3]!.multiAttr, true);
  t.same(spec.operations.list[1]!.dump, { request: { attributes: [] } });
});

t.test('enums count from value-start, flags are bit masks', async (t) => {
  const spec = parseSpec(base);
  const [, colour, bits] = spec.definitions;
  t.same(colour!.kind !== 'const' && colour!.entries.map((e) => e.value), [3, 4, 5]);
  t.same(bits!.kind !== 'const' && bits!.entries.map((e) => e.value), [1, 2, 16]);
});

t.test('length checks resolve const names', async (t) => {
  const spec = parseSpec(base);
  t.same(spec.attributeSets[0]!.attributes[1]!.checks.maxLen, {
    value: 15,
    constName: 'max-len',
    minusOne: true,
  });
});

const broken: [string, string, RegExp][] = [
  [
    'unknown nested set',
    base.replace('nested-attributes: inner', 'nested-attributes: nope'),
    /nope/,
  ],
  ['unknown enum', base.replace('enum: colour', 'enum: shade'), /shade/],
  ['unknown op attribute', base.replace('attributes: [first]', 'attributes: [third]'), /third/],
  ['duplicate value', base.replace('value: 10', 'value: 2'), /share value 2/],
  ['unknown type', base.replace('type: u8', 'type: u7'), /u7/],
  ['bad yaml', 'name: [', /invalid YAML/],
  ['not a spec', 'just text', /expected object/],
];
for (const [what, text, message] of broken) {
  t.test(`rejects: ${what}`, async (t) => {
    t.throws(() => parseSpec(text), SpecError);
    t.throws(() => parseSpec(text), message);
  });
}

t.test('subsets share their parent set numbers; notify messages reuse a do reply', async (t) => {
  const spec = parseSpec(`
name: demo
attribute-sets:
  - name: all
    attributes: [{name: a, type: u8}, {name: b, type: u16}, {name: c, type: u32}]
  - name: some
    subset-of: all
    attributes: [{name: c}]
operations:
  list:
    - name: get
      attribute-set: all
      do: {reply: {attributes: [a, c]}}
      dump: {reply: {attributes: [a]}}
    - name: changed
      notify: get
`);
  t.same(
    spec.attributeSets[1]!.attributes.map((a) => [a.name, a.type, a.value]),
    [['c', 'u32', 3]],
  );
  const kinds = specMessages(spec).map((m) => `${m.typeName}:${m.kind}:${m.attributes.join(',')}`);
  t.same(kinds, [
    'GetRequest:do-request:',
    'GetReply:do-reply:a,c',
    'GetDumpRequest:dump-request:',
    'GetDumpReply:dump-reply:a',
    'Changed:notify:a,c',
  ]);
});
