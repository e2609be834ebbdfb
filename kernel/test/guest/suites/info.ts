// PING, FS_USAGE, MOUNT_GET and the MTAB_GET dump against what the guest's /proc and statfs say.
import { statfsSync } from 'node:fs';
import t from 'tap';
import { Features, FsUsageAttr, MountAttr, MountFlags, UsipAttr } from '../lib/constants.js';
import { readMountinfo } from '../lib/mountinfo.js';
import { Cmd, call, dump, nest, openUsip, s32, str, u32, u64 } from '../lib/usip.js';

const genl = openUsip();
t.teardown(() => genl.close());

t.test('PING answers status 1, protocol 2 and the features really built', async (t) => {
  const [reply] = await call(genl, Cmd.PING);
  t.ok(reply);
  if (!reply) return;
  t.equal(s32(reply, UsipAttr.STATUS), 1);
  t.equal(u32(reply, UsipAttr.PROTO_VERSION), 2);
  const features = u64(reply, UsipAttr.FEATURES) ?? 0n;
  for (const f of ['LISTENERS', 'MTAB_DUMP', 'MOUNT_LOOKUP', 'MTAB_CHANGES', 'FS_USAGE'] as const)
    t.not(features & Features[f], 0n, `feature ${f}`);
  t.not(features & Features.TEST_COMMANDS, 0n, 'test_commands=1 is reported');
});

t.test('FS_USAGE of / matches statfs(2)', async (t) => {
  const [reply] = await call(genl, Cmd.FS_USAGE, (b) => b.putStringZ(UsipAttr.PATH, '/'));
  const usage = reply && nest(reply, UsipAttr.FS_USAGE);
  t.ok(usage);
  if (!usage) return;
  const st = statfsSync('/', { bigint: true });
  t.equal(u64(usage, FsUsageAttr.TYPE), st.type);
  t.equal(u64(usage, FsUsageAttr.BSIZE), st.bsize);
  t.equal(u64(usage, FsUsageAttr.BLOCKS), st.blocks);
  t.equal(u64(usage, FsUsageAttr.FILES), st.files);
  t.ok(u64(usage, FsUsageAttr.NAMELEN) !== undefined, 'namelen present');
});

t.test('MTAB_GET dumps exactly /proc/self/mountinfo, one message per mount', async (t) => {
  const expected = readMountinfo();
  const messages = await dump(genl, Cmd.MTAB_GET);
  t.equal(messages.length, expected.length, 'one message per mount');
  const seqs = new Set(messages.map((m) => u64(m, UsipAttr.MTAB_SEQ)));
  t.equal(seqs.size, 1, 'every message carries the same mtab-seq');
  for (const [i, m] of messages.entries()) {
    const mount = nest(m, UsipAttr.MOUNT);
    const want = expected[i];
    if (!mount || !want) {
      t.fail(`mount ${i} missing`);
      continue;
    }
    t.same(
      {
        id: u32(mount, MountAttr.ID),
        parentId: u32(mount, MountAttr.PARENT_ID),
        major: u32(mount, MountAttr.DEV_MAJOR),
        minor: u32(mount, MountAttr.DEV_MINOR),
        root: str(mount, MountAttr.ROOT),
        mountPoint: str(mount, MountAttr.MOUNT_POINT),
        mountOptions: str(mount, MountAttr.MOUNT_OPTIONS),
        fsType: str(mount, MountAttr.FS_TYPE),
        source: str(mount, MountAttr.SOURCE),
        superOptions: str(mount, MountAttr.SUPER_OPTIONS),
        shared: u32(mount, MountAttr.SHARED_GROUP),
        master: u32(mount, MountAttr.MASTER_GROUP),
        propagateFrom: u32(mount, MountAttr.PROPAGATE_FROM),
        unbindable: Boolean((u32(mount, MountAttr.FLAGS) ?? 0) & MountFlags.UNBINDABLE),
      },
      want,
      `mount ${want.id} on ${want.mountPoint}`,
    );
    const ro = want.mountOptions.split(',').includes('ro');
    t.equal(Boolean((u32(mount, MountAttr.FLAGS) ?? 0) & MountFlags.READONLY), ro, 'readonly flag');
  }
});

t.test('MOUNT_GET finds a mount by id and by path', async (t) => {
  const table = readMountinfo();
  const last = table.at(-1);
  t.ok(last);
  if (!last) return;
  const [byId] = await call(genl, Cmd.MOUNT_GET, (b) => b.putU32(UsipAttr.MOUNT_ID, last.id));
  const m1 = byId && nest(byId, UsipAttr.MOUNT);
  t.equal(m1 && str(m1, MountAttr.MOUNT_POINT), last.mountPoint);
  t.ok(byId && u64(byId, UsipAttr.MTAB_SEQ) !== undefined, 'carries mtab-seq');

  const [byPath] = await call(genl, Cmd.MOUNT_GET, (b) =>
    b.putStringZ(UsipAttr.PATH, '/proc/self'),
  );
  const m2 = byPath && nest(byPath, UsipAttr.MOUNT);
  const proc = table.filter((m) => m.mountPoint === '/proc').at(-1);
  t.equal(m2 && u32(m2, MountAttr.ID), proc?.id, 'the path /proc/self is on the /proc mount');
  t.equal(m2 && str(m2, MountAttr.FS_TYPE), 'proc');
});
