// Lists every generic netlink family of the running kernel, like `genl ctrl list`: the generic
// netlink layer of @usip/usip-genl on its own, no USIP module needed.
import { NetlinkConnection, NetlinkProtocol, NetlinkSocket } from '@usip/netlink-core';
import { GenlConnection } from '@usip/usip-genl';

const genl = new GenlConnection(
  new NetlinkConnection(new NetlinkSocket({ protocol: NetlinkProtocol.GENERIC })),
);
try {
  const families = await genl.listFamilies();
  for (const f of families.sort((a, b) => a.id - b.id)) {
    const groups = f.mcastGroups.map((g) => `${g.name}(${g.id})`).join(' ');
    console.log(
      `${String(f.id).padStart(4)}  ${f.name.padEnd(16)}  v${f.version}  ${f.ops.length} ops${groups ? `  groups: ${groups}` : ''}`,
    );
  }
} finally {
  genl.close();
}
