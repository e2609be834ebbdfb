// Bad input of every kind gets a clean error with an explanation (and, checked by the bench
// after the suite, no kernel warning).
import t from 'tap';
import { EventType, NotifierAttr, UsipAttr } from '../lib/constants.js';
import { mtabNotifier, writeNotifiers } from '../lib/requests.js';
import { Cmd, call, dump, failure, openUsip } from '../lib/usip.js';

const EINVAL = 22;
const E2BIG = 7;
const EOPNOTSUPP = 95;
const ENOENT = 2;
const ERANGE = 34;

const genl = openUsip();
t.teardown(() => genl.close());

t.test('missing attributes', async (t) => {
  const reg = await failure(call(genl, Cmd.EVENT_REGISTER));
  t.equal(reg.errno, EINVAL);
  t.match(reg.kernelMessage, /event-notifiers is required/);
  const unreg = await failure(
    call(genl, Cmd.EVENT_UNREGISTER, (b) => b.putU32(UsipAttr.EVENT_ID, 1)),
  );
  t.equal(unreg.errno, EINVAL);
  const usage = await failure(call(genl, Cmd.FS_USAGE));
  t.equal(usage.errno, EINVAL);
  t.match(usage.kernelMessage, /path is required/);
  const mount = await failure(call(genl, Cmd.MOUNT_GET));
  t.match(mount.kernelMessage, /exactly one of mount-id and path/);
  const changed = await failure(dump(genl, Cmd.MTAB_CHANGED));
  t.equal(changed.errno, EINVAL);
  t.match(changed.kernelMessage, /mtab-seq is required/);
  const test = await failure(call(genl, Cmd.TEST_ENOSPC));
  t.match(test.kernelMessage, /test-path is required/);
});

t.test('wrong types and out-of-range values are rejected by the policy', async (t) => {
  const short = await failure(call(genl, Cmd.FS_USAGE, (b) => b.putU8(UsipAttr.PATH, 1)));
  t.equal(short.errno, EINVAL, 'a path that is not a NUL-terminated string');
  const u8id = await failure(call(genl, Cmd.MOUNT_GET, (b) => b.putU8(UsipAttr.MOUNT_ID, 1)));
  t.ok([EINVAL, ERANGE].includes(u8id.errno), 'a u8 where a u32 belongs');
  const badFlags = await failure(
    call(genl, Cmd.EVENT_REGISTER, writeNotifiers([mtabNotifier], 0x80)),
  );
  t.ok([EINVAL, ERANGE].includes(badFlags.errno), 'unknown listener flag bits');
  const badType = await failure(call(genl, Cmd.EVENT_REGISTER, writeNotifiers([{ type: 7 }])));
  t.ok([EINVAL, ERANGE].includes(badType.errno), 'unknown event type');
  const unspecType = await failure(
    call(genl, Cmd.EVENT_REGISTER, writeNotifiers([{ type: EventType.UNSPEC }])),
  );
  t.match(unspecType.kernelMessage, /mtab or storage/);
  const mixed = await failure(
    call(genl, Cmd.EVENT_REGISTER, writeNotifiers([{ type: EventType.MTAB, action: 1 }])),
  );
  t.match(mixed.kernelMessage, /does not belong to this event type/);
  const cmd = await failure(
    call(genl, Cmd.EVENT_REGISTER, writeNotifiers([{ type: EventType.MTAB, cmd: 200 }])),
  );
  t.match(cmd.kernelMessage, /not a USIP command/);
  const errno = await failure(
    call(genl, Cmd.TEST_ENOSPC, (b) => {
      b.putStringZ(UsipAttr.TEST_PATH, '/');
      b.putU32(UsipAttr.EVENT_ERRNO, 5);
    }),
  );
  t.match(errno.kernelMessage, /ENOSPC or EDQUOT/);
});

t.test('malformed nests', async (t) => {
  const flat = await failure(
    call(genl, Cmd.EVENT_REGISTER, (b) => b.putU32(UsipAttr.EVENT_NOTIFIERS, EventType.MTAB)),
  );
  t.equal(flat.errno, EINVAL, 'notifiers not nested');
  const empty = await failure(
    call(genl, Cmd.EVENT_REGISTER, (b) => b.endNest(b.beginNest(UsipAttr.EVENT_NOTIFIERS))),
  );
  t.equal(empty.errno, EINVAL, 'no notifier at all');
  const noType = await failure(
    call(genl, Cmd.EVENT_REGISTER, (b) => {
      const outer = b.beginNest(UsipAttr.EVENT_NOTIFIERS);
      const inner = b.beginNest(1);
      b.putU32(NotifierAttr.ACTION, 0);
      b.endNest(inner);
      b.endNest(outer);
    }),
  );
  t.match(noType.kernelMessage, /without a type/);
  const tooMany = await failure(
    call(genl, Cmd.EVENT_REGISTER, writeNotifiers(Array.from({ length: 33 }, () => mtabNotifier))),
  );
  t.equal(tooMany.errno, E2BIG);
  t.match(tooMany.kernelMessage, /USIP_MAX_NOTIFIERS/);
});

t.test('oversized and empty strings, paths that do not exist', async (t) => {
  const long = await failure(
    call(genl, Cmd.FS_USAGE, (b) => b.putStringZ(UsipAttr.PATH, `/${'x'.repeat(5000)}`)),
  );
  t.ok([EINVAL, ERANGE].includes(long.errno), `a 5000-byte path is refused (${long.errno})`);
  const empty = await failure(call(genl, Cmd.FS_USAGE, (b) => b.putStringZ(UsipAttr.PATH, '')));
  t.equal(empty.errno, EINVAL);
  t.match(empty.kernelMessage, /empty/);
  const missing = await failure(
    call(genl, Cmd.FS_USAGE, (b) => b.putStringZ(UsipAttr.PATH, '/no/such/path')),
  );
  t.equal(missing.errno, ENOENT);
  const noMount = await failure(
    call(genl, Cmd.MOUNT_GET, (b) => b.putU32(UsipAttr.MOUNT_ID, 0x7fffffff)),
  );
  t.equal(noMount.errno, ENOENT);
  t.match(noMount.kernelMessage, /no such mount/);
});

t.test('unknown and reply-only commands', async (t) => {
  for (const cmd of [Cmd.UNSPEC, Cmd.NOOP, Cmd.MTAB_NOTIFY, Cmd.LOST_EVENTS, 99]) {
    const err = await failure(call(genl, cmd));
    t.equal(err.errno, EOPNOTSUPP, `command ${cmd}`);
  }
});
