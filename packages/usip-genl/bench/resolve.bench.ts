// Generic netlink family resolution cost against the running kernel: cold (a fresh resolver:
// join nlctrl's notify group, look up nlctrl, then the family) versus cached.
// Run: node --import tsx bench/resolve.bench.ts [family]   (default family: netdev)
import { performance } from 'node:perf_hooks';
import { NetlinkConnection, NetlinkSocket } from '@usip/netlink-core';
import { NETLINK_GENERIC } from '../src/genl/constants.js';
import { queryFamily } from '../src/genl/nlctrl-client.js';
import { GenlFamilyResolver } from '../src/genl/resolver.js';

const family = process.argv[2] ?? 'netdev';
const netlink = new NetlinkConnection(new NetlinkSocket({ protocol: NETLINK_GENERIC }));

/** Calls `once` for at least `minMs` after a warm-up; returns calls per second. */
async function rate(once: () => Promise<unknown>, minMs = 1500, warmup = 200): Promise<number> {
  for (let i = 0; i < warmup; i++) await once();
  let count = 0;
  const start = performance.now();
  while (performance.now() - start < minMs) {
    for (let i = 0; i < 100; i++) await once();
    count += 100;
  }
  return (count * 1000) / (performance.now() - start);
}

function report(what: string, perSecond: number): void {
  const micros = 1e6 / perSecond;
  console.log(
    `${what.padEnd(58)} ${Math.round(perSecond).toLocaleString('en-US').padStart(12)} /s  ${micros.toFixed(2).padStart(9)} us each`,
  );
}

const coldResolver = async () => {
  const resolver = new GenlFamilyResolver(netlink);
  await resolver.resolve(family);
  resolver.close();
};
const warm = new GenlFamilyResolver(netlink);
await warm.resolve(family);

report(`cold: new resolver (notify join + 2 GETFAMILY), '${family}'`, await rate(coldResolver));
report(
  `one CTRL_CMD_GETFAMILY round trip, '${family}'`,
  await rate(() => queryFamily(netlink, family)),
);
report(
  `cached: resolver.resolve('${family}')`,
  await rate(() => warm.resolve(family), 1500, 10_000),
);
netlink.close();
