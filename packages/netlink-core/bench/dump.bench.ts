// RTM_GETLINK dump of 1,001 links in a private netns, each decoded (ifindex, name, mtu,
// operstate, address, stats64), in microseconds per link; netlink-core beside the `netlink`
// npm package, same namespace, same process. Also measures the receive buffer size.
import { MessageBuilder } from '../src/codec/builder.js';
import { NetlinkConnection } from '../src/engine/connection.js';
import { NetlinkSocket } from '../src/socket/netlink-socket.js';
import { reexecInPopulatedNetns } from './lib/bench-netns.js';
import { decodeLink } from './lib/link-decoder.js';
import { loadNetlinkNpm } from './lib/netlink-npm.js';
import { bestMs, better, type Measured, report } from './lib/timing.js';

const LINKS = 1001;
const NETLINK_ROUTE = 0;
const RTM_GETLINK = 18;
const RTM_NEWLINK = 16;
const IFINFOMSG = Buffer.alloc(16);

/** One dump through NetlinkConnection, decoded; `stream` iterates dump() instead of dumpAll(). */
async function netlinkCore(
  receiveBufferSize: number,
  stream = false,
): Promise<{ us: Measured; datagrams: number }> {
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
  const ms = await bestMs(once, { warmup: 2, runs: 6 });
  datagrams = 0;
  await once();
  connection.close();
  socket.close();
  return { us: perLink(ms), datagrams };
}

const perLink = (ms: Measured): Measured => ({
  wall: (ms.wall * 1000) / LINKS,
  cpu: (ms.cpu * 1000) / LINKS,
});

async function netlinkNpm(): Promise<Measured | undefined> {
  const npm = loadNetlinkNpm();
  if (!npm) return undefined;
  const socket = npm.createRtNetlink();
  const once = async (): Promise<void> => {
    const links = await socket.getLinks();
    if (links.length !== LINKS) throw new Error(`netlink (npm) dumped ${links.length} links`);
  };
  const ms = await bestMs(once, { warmup: 2, runs: 6 });
  socket.socket.socket.close();
  return perLink(ms);
}

if (!reexecInPopulatedNetns(LINKS)) {
  console.log(`RTM_GETLINK dump of ${LINKS} links, decoded (target <= 10 us/link)`);
  // Alternating rounds, best of each: every variant sees the same machine load.
  const npmAvailable = loadNetlinkNpm() !== undefined;
  const kibs = [4, 8, 16, 32, 64, 256];
  const best = new Map<string, Measured>();
  const datagrams = new Map<string, number>();
  const keep = (key: string, r: { us: Measured; datagrams: number } | undefined): void => {
    if (!r) return;
    best.set(key, better(best.get(key), r.us, false));
    datagrams.set(key, r.datagrams);
  };
  for (let round = 0; round < 3; round++) {
    keep('dumpAll', await netlinkCore(32 * 1024));
    keep('stream', await netlinkCore(32 * 1024, true));
    const npm = npmAvailable ? await netlinkNpm() : undefined;
    if (npm) keep('npm', { us: npm, datagrams: 0 });
    for (const kib of kibs) keep(`${kib}`, await netlinkCore(kib * 1024));
  }
  const ours = best.get('dumpAll')!;
  report('@usip/netlink-core dumpAll()', ours, 'us/link', `${datagrams.get('dumpAll')} datagrams`);
  report('@usip/netlink-core for await (dump())', best.get('stream')!, 'us/link');
  const theirs = best.get('npm');
  if (!theirs) console.log('  netlink (npm): not installed, run `node bench/setup.mjs`');
  else
    report(
      'netlink (npm) 0.3.0',
      theirs,
      'us/link',
      `netlink-core: ${(theirs.cpu / ours.cpu).toFixed(1)}x faster`,
    );
  console.log('receive buffer size (the kernel sizes dump datagrams from it, up to 32 KiB):');
  for (const kib of kibs)
    report(
      `  ${kib} KiB buffer, dumpAll()`,
      best.get(`${kib}`)!,
      'us/link',
      `${datagrams.get(`${kib}`)} datagrams`,
    );
}
