import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { NlmF, parseMessages } from '@usip/netlink-core';
import fc from 'fast-check';
import t from 'tap';
import {
  CTRL_CMD_GETFAMILY,
  GENL_ADMIN_PERM,
  GENL_CMD_CAP_DO,
  GENL_CMD_CAP_DUMP,
  GENL_CMD_CAP_HASPOL,
  GENL_ID_CTRL,
  GENL_UNS_ADMIN_PERM,
} from '../../src/genl/constants.js';
import { GenlDecodeError } from '../../src/genl/errors.js';
import { opFromFlags } from '../../src/genl/family.js';
import { decodeFamilyMessage } from '../../src/genl/nlctrl-family.js';
import { encodeFamilyMessage } from '../../src/genl/nlctrl-family-encode.js';
import { encodeGetFamily, encodeListFamilies } from '../../src/genl/nlctrl-requests.js';
import { dataMessages, loadFixture } from './fixtures/fixtures.js';
import { parseGenlCtrlList } from './fixtures/genl-ctrl-text.js';

t.test('CTRL_CMD_GETFAMILY by name: bytes as the kernel received them', async (t) => {
  const recorded = loadFixture('getfamily-nlctrl').request;
  const ours = parseMessages(encodeGetFamily('nlctrl'))[0]!;
  const theirs = parseMessages(recorded)[0]!;
  t.equal(ours.type, GENL_ID_CTRL);
  t.equal(ours.flags & NlmF.REQUEST, NlmF.REQUEST);
  // The recording's genlmsghdr says version 1 like ours; everything after nlmsghdr is equal.
  t.same(ours.payload.toString('hex'), theirs.payload.toString('hex'));
});

t.test('CTRL_CMD_GETFAMILY by id carries a u16 CTRL_ATTR_FAMILY_ID', async (t) => {
  const payload = parseMessages(encodeGetFamily(0x1f))[0]!.payload;
  t.equal(payload.toString('hex'), '03010000' + '060001001f000000');
});

t.test('the family list request is GETFAMILY with no attributes', async (t) => {
  const message = parseMessages(encodeListFamilies())[0]!;
  t.equal(message.payload.toString('hex'), `0${CTRL_CMD_GETFAMILY}010000`);
});

t.test('decodes the kernel reply describing nlctrl itself', async (t) => {
  const [reply] = dataMessages(loadFixture('getfamily-nlctrl'));
  const family = decodeFamilyMessage(reply!);
  t.same(family, {
    id: 0x10,
    name: 'nlctrl',
    version: 2,
    hdrsize: 0,
    maxattr: 0,
    ops: [opFromFlags(3, 0x0e), opFromFlags(10, 0x0c)],
    mcastGroups: [{ name: 'notify', id: 0x10 }],
  });
  t.match(family.ops[0], { canDo: true, canDump: true, hasPolicy: true, adminPerm: false });
  t.match(family.ops[1], { canDo: false, canDump: true, hasPolicy: true });
});

t.test('op flags spread into named booleans', async (t) => {
  t.same(opFromFlags(7, GENL_ADMIN_PERM | GENL_UNS_ADMIN_PERM), {
    cmd: 7,
    flags: 0x11,
    adminPerm: true,
    unsAdminPerm: true,
    canDo: false,
    canDump: false,
    hasPolicy: false,
  });
  const all = GENL_CMD_CAP_DO | GENL_CMD_CAP_DUMP | GENL_CMD_CAP_HASPOL;
  t.match(opFromFlags(1, all), { canDo: true, canDump: true, hasPolicy: true, adminPerm: false });
});

t.test('the recorded family dump equals what iproute2 printed for the same kernel', async (t) => {
  const families = dataMessages(loadFixture('getfamily-dump')).map(decodeFamilyMessage);
  const text = readFileSync(new URL('./fixtures/genl-ctrl-list.txt', import.meta.url), 'utf8');
  const printed = parseGenlCtrlList(text);
  t.equal(families.length, printed.length);
  t.ok(printed.length >= 10, 'the host has a dozen or more families');
  for (const expected of printed) {
    const family = families.find((f) => f.name === expected.name);
    t.ok(family, `decoded ${expected.name}`);
    if (!family) continue;
    t.same(
      {
        id: family.id,
        version: family.version,
        hdrsize: family.hdrsize,
        maxattr: family.maxattr,
        ops: family.ops.map((op) =>
          // iproute2 prints flags only for families of version >= 2
          expected.version >= 2 ? { id: op.cmd, flags: op.flags } : { id: op.cmd },
        ),
        groups: family.mcastGroups.map(({ id, name }) => ({ id, name })),
      },
      {
        id: expected.id,
        version: expected.version,
        hdrsize: expected.hdrsize,
        maxattr: expected.maxattr,
        ops: expected.ops,
        groups: expected.groups,
      },
      expected.name,
    );
  }
});

t.test('a message without family id or name is a GenlDecodeError', async (t) => {
  const [reply] = dataMessages(loadFixture('getfamily-nlctrl'));
  // Keep genlmsghdr + CTRL_ATTR_FAMILY_NAME only (drop the id and everything after).
  const truncated = { ...reply!, payload: reply!.payload.subarray(0, 4 + 12) };
  t.throws(() => decodeFamilyMessage(truncated), GenlDecodeError);
  t.throws(() => decodeFamilyMessage({ ...reply!, type: 0x11 }), GenlDecodeError);
});

t.test('decodeFamilyMessage(encodeFamilyMessage(f)) == f for arbitrary families', async () => {
  const name = fc.stringMatching(/^[A-Za-z0-9_-]{1,15}$/);
  const family = fc.record(
    {
      id: fc.integer({ min: 16, max: 1023 }),
      name,
      version: fc.nat(),
      hdrsize: fc.nat({ max: 64 }),
      maxattr: fc.nat({ max: 1000 }),
      ops: fc.array(
        fc
          .tuple(fc.nat({ max: 255 }), fc.nat({ max: 0x1f }))
          .map(([cmd, flags]) => opFromFlags(cmd, flags)),
        { maxLength: 40 },
      ),
      mcastGroups: fc.array(
        fc.record({ name, id: fc.integer({ min: 1, max: 0xffff }) }, { noNullPrototype: true }),
        { maxLength: 8 },
      ),
    },
    { noNullPrototype: true },
  );
  fc.assert(
    fc.property(family, (f) => {
      const [message] = parseMessages(encodeFamilyMessage(f));
      assert.deepStrictEqual(decodeFamilyMessage(message!), f);
    }),
    { numRuns: 200 },
  );
});
