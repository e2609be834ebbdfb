// Prints disk quota warnings from the kernel's VFS_DQUOT generic netlink family (what
// quota_nld listens to): joining another family's multicast group by name with usip-genl.
import {
  getU32,
  getU64,
  NetlinkConnection,
  type NetlinkMessage,
  NetlinkProtocol,
  NetlinkSocket,
  parseAttrs,
} from '@usip/netlink-core';
import { GenlConnection } from '@usip/usip-genl';
import { until, waitOptions } from './lib/until.js';

// From <linux/quota.h> (VFS_DQUOT has no YNL spec): attributes of QUOTA_NL_C_WARNING.
const QUOTA_NL_C_WARNING = 1;
const A = { QTYPE: 1, EXCESS_ID: 2, WARNING: 3, DEV_MAJOR: 4, DEV_MINOR: 5, CAUSED_ID: 6 };
const WARNINGS = [
  'no warning',
  'inode hard limit reached',
  'inode grace time expired',
  'inode soft limit reached',
  'block hard limit reached',
  'block grace time expired',
  'block soft limit reached',
  'usage got below inode hard limit',
  'usage got below inode soft limit',
  'usage got below block hard limit',
  'usage got below block soft limit',
];
const QUOTA_TYPES = ['user', 'group', 'project'];
const GENL_HEADER_LENGTH = 4;

const { count, signal } = waitOptions();
const genl = new GenlConnection(
  new NetlinkConnection(new NetlinkSocket({ protocol: NetlinkProtocol.GENERIC })),
);
const family = await genl.family('VFS_DQUOT');
const group = await genl.joinGroup('VFS_DQUOT', 'events');
console.error(
  `dquot-warnings: joined VFS_DQUOT/${group.name} (group ${group.id}); waiting for quota warnings`,
);

function describe(message: NetlinkMessage): string | undefined {
  if (message.type !== family.id || message.payload[0] !== QUOTA_NL_C_WARNING) return undefined;
  const attrs = parseAttrs(message.payload, GENL_HEADER_LENGTH);
  const u32 = (t: number) => {
    const v = attrs.get(t);
    return v ? getU32(v) : undefined;
  };
  const u64 = (t: number) => {
    const v = attrs.get(t);
    return v ? getU64(v) : undefined;
  };
  const type = QUOTA_TYPES[u32(A.QTYPE) ?? -1] ?? 'unknown';
  const warning = WARNINGS[u32(A.WARNING) ?? -1] ?? `warning ${u32(A.WARNING)}`;
  return `${type} quota of id ${u64(A.EXCESS_ID)} on device ${u32(A.DEV_MAJOR)}:${u32(A.DEV_MINOR)}: ${warning} (caused by uid ${u64(A.CAUSED_ID)})`;
}

let seen = 0;
for await (const event of until(genl.netlink.notifications(), signal)) {
  if (event.kind === 'overrun') {
    console.log('OVERRUN  quota warnings were lost');
    continue;
  }
  const line = describe(event.message);
  if (!line) continue;
  console.log(line);
  if (count !== undefined && ++seen >= count) break;
}
genl.close();
console.error('dquot-warnings: done');
