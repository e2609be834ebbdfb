// Watches network interfaces appear, change and disappear over rtnetlink (RTNLGRP_LINK):
// netlink-core with a protocol other than generic netlink. Try it:
//   pnpm run watch-links &  ip link add v0 type veth peer name v1; ip link del v0
import {
  getString,
  getU32,
  NetlinkConnection,
  NetlinkProtocol,
  NetlinkSocket,
  parseAttrs,
} from '@usip/netlink-core';
import { until, waitOptions } from './lib/until.js';

// From <linux/rtnetlink.h> and <linux/if_link.h>: rtnetlink's numbers are not generic netlink's.
const RTNLGRP_LINK = 1;
const RTM_NEWLINK = 16;
const RTM_DELLINK = 17;
const IFINFOMSG_LENGTH = 16; // family u8, pad u8, type u16, index s32, flags u32, change u32
const IFLA_IFNAME = 3;
const IFLA_MTU = 4;
const IFF_UP = 0x1;

const { count, signal } = waitOptions();
const netlink = new NetlinkConnection(new NetlinkSocket({ protocol: NetlinkProtocol.ROUTE }));
netlink.joinGroup(RTNLGRP_LINK);
console.error('watch-links: joined RTNLGRP_LINK; create or delete an interface');

let seen = 0;
for await (const event of until(netlink.notifications(), signal)) {
  if (event.kind === 'overrun') {
    console.log('OVERRUN  link events were lost: re-list with `ip link`');
    continue;
  }
  const { type, payload } = event.message;
  if (type !== RTM_NEWLINK && type !== RTM_DELLINK) continue;
  const index = payload.readInt32LE(4);
  const flags = payload.readUInt32LE(8);
  const attrs = parseAttrs(payload, IFINFOMSG_LENGTH);
  const name = attrs.get(IFLA_IFNAME);
  const mtu = attrs.get(IFLA_MTU);
  console.log(
    [
      type === RTM_NEWLINK ? 'NEWLINK' : 'DELLINK',
      `index ${index}`,
      name ? getString(name) : '?',
      mtu ? `mtu ${getU32(mtu)}` : '',
      flags & IFF_UP ? 'UP' : 'DOWN',
    ]
      .filter(Boolean)
      .join('  '),
  );
  if (count !== undefined && ++seen >= count) break;
}
netlink.close();
