// RTM_GETLINK dump of 1,001 links in a private netns, each decoded (ifindex, name, mtu,
// operstate, address, stats64), in microseconds per link; netlink-core beside the `netlink`
// npm package, same namespace, same process. Also measures the receive buffer size.
import { MessageBuilder } from '../src/codec/builder.js';
import { NetlinkConnection } from '../src/engine/connection.js';
import { NetlinkSocket } from '../src/socket/netlink-socket.js';
import { reexecInPopulatedNetns } from './lib/bench-netns.js';
import { decodeLink } from './lib/link-decoder.js';
import { loadNetlinkNpm } from './lib/netlink-npm.js';
import { bestMs, report } from './lib/timing.js';

const LINKS = 1001;
const NETLINK_ROUTE = 0;
const RTM_GETLINK = 18;
const RTM_NEWLINK = 16;
const IFINFOMSG = Buffer.alloc(16);

/** One dump through NetlinkConnection, decoded; `stream` iterates dump() instead of dumpAll(). */
async function netlinkCore(
  receiveBufferSize: number,
  stream = false,
): Promise<{ us: number; datagrams: number }> {
  const socket = new NetlinkSocket({ protocol: NETLINK_ROUTE, receiveBufferSize });
  const connection = new NetlinkConnection(socket);
  let datagrams = 0;
  socket.on('datagram', () => datagrams++);
  const request = new MessageBuilder(64)
    .beginMessage(RTM_GETLINK)
    .putHeader(IFINFOMSG)
    .endMessage();
  const once = async (): Promise<void> => {
    let count = 0;
    if (stream) {
      for await (const m of connection.dump(request.view()))
        if (m.type === RTM_NEWLINK && decodeLink(m.payload).ifindex > 0) count++;
    } else {
      for (const m of (await connection.dumpAll(request.view())).messages)
        if (m.type === RTM_NEWLINK && decodeLink(m.payload).ifindex > 0) count++;
    }
    if (count !== LINKS) throw new Error(`dumped ${count} links, expected ${LINKS}`);
  };
  const ms = await bestMs(once);
  datagrams = 0;
  await once();
  connection.close();
  socket.close();
  return { us: (ms * 1000) / LINKS, datagrams };
}

async function netlinkNpm(): Promise<number | undefined> {
  const npm = loadNetlinkNpm();
  if (!npm) return undefined;
  const socket = npm.createRtNetlink();
  const once = async (): Promise<void> => {
    const links = await socket.getLinks();
    if (links.length !== LINKS) throw new Error(`netlink (npm) dumped ${links.length} links`);
  };
  const ms = await bestMs(once);
  socket.socket.socket.close();
  return (ms * 1000) / LINKS;
}

if (!reexecInPopulatedNetns(LINKS)) {
  console.log(`RTM_GETLINK dump of ${LINKS} links, decoded (target <= 10 us/link)`);
  const ours = await netlinkCore(32 * 1024);
  report('@usip/netlink-core dumpAll()', ours.us, 'us/link', `${ours.datagrams} datagrams`);
  const streamed = await netlinkCore(32 * 1024, true);
  report('@usip/netlink-core for await (dump())', streamed.us, 'us/link');
  const theirs = await netlinkNpm();
  if (theirs === undefined)
    console.log('  netlink (npm): not installed, run `node bench/setup.mjs`');
  else
    report(
      'netlink (npm) 0.3.0',
      theirs,
      'us/link',
      `netlink-core is ${(theirs / ours.us).toFixed(1)}x faster`,
    );
  console.log('receive buffer size (the kernel sizes dump datagrams from it, up to 32 KiB):');
  for (const kib of [4, 8, 16, 32, 64, 256]) {
    const r = await netlinkCore(kib * 1024);
    report(`  @usip/netlink-core, ${kib} KiB buffer`, r.us, 'us/link', `${r.datagrams} datagrams`);
  }
}
