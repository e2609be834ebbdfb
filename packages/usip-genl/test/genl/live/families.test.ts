import { execFileSync } from 'node:child_process';
import t from 'tap';
import { FamilyNotFoundError } from '../../../src/genl/errors.js';
import type { GenlFamily } from '../../../src/genl/family.js';
import { parseGenlCtrlList } from '../fixtures/genl-ctrl-text.js';
import { openLiveGenl } from '../fixtures/live-connection.js';

/** Our view of a family in the shape `genl ctrl list` prints it. */
function asPrinted(family: GenlFamily) {
  return {
    name: family.name,
    id: family.id,
    version: family.version,
    hdrsize: family.hdrsize,
    maxattr: family.maxattr,
    // iproute2 prints an op's flags only for families of version >= 2
    ops: family.ops.map((op) =>
      family.version >= 2 ? { id: op.cmd, flags: op.flags } : { id: op.cmd },
    ),
    groups: family.mcastGroups.map(({ id, name }) => ({ id, name })),
  };
}

t.test('the family dump equals `genl ctrl list`, every field of every family', async (t) => {
  const genl = openLiveGenl(t);
  const families = await genl.listFamilies();
  const printed = parseGenlCtrlList(execFileSync('genl', ['ctrl', 'list'], { encoding: 'utf8' }));
  t.ok(printed.length >= 5, `the host lists ${printed.length} families`);
  t.same(
    families.map(asPrinted).sort((a, b) => a.id - b.id),
    printed.sort((a, b) => a.id - b.id),
  );
  const withFlags = families.filter((f) => f.ops.some((op) => op.adminPerm));
  t.ok(withFlags.length > 0, 'some ops need admin permission, and we decode that flag');
});

t.test('one family by name and by id, like `genl ctrl get`', async (t) => {
  const genl = openLiveGenl(t);
  const byName = await genl.getFamily('nlctrl');
  t.same(await genl.getFamily(0x10), byName);
  const printed = parseGenlCtrlList(
    execFileSync('genl', ['ctrl', 'get', 'name', 'nlctrl'], { encoding: 'utf8' }),
  );
  t.same([asPrinted(byName)], printed);
  t.match(
    byName.ops.find((op) => op.cmd === 3),
    { canDo: true, canDump: true, hasPolicy: true },
  );
});

t.test('an unknown family is a FamilyNotFoundError from the kernel ENOENT', async (t) => {
  const genl = openLiveGenl(t);
  await t.rejects(genl.getFamily('no_such_family'), FamilyNotFoundError);
  await t.rejects(genl.family('no_such_family'), FamilyNotFoundError);
});

t.test('the resolver caches, and joins a real family group by name', async (t) => {
  const genl = openLiveGenl(t);
  const netdev = await genl.family('netdev');
  t.equal(await genl.family('netdev'), netdev, 'second resolve is the cached object');
  const group = await genl.joinGroup('netdev', 'mgmt');
  t.equal(group.id, netdev.mcastGroups.find((g) => g.name === 'mgmt')?.id);
  genl.leaveGroup('netdev', 'mgmt');
});
