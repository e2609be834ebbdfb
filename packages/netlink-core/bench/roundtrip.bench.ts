// Sequential CTRL_CMD_GETFAMILY("nlctrl") round trips per second, reply fully decoded;
// netlink-core beside the `netlink` npm package, same work, same process.

import { MessageBuilder } from '../src/codec/builder.js';
import { NetlinkConnection } from '../src/engine/connection.js';
import { NetlinkSocket } from '../src/socket/netlink-socket.js';
import { loadNetlinkNpm } from './lib/netlink-npm.js';
import { decodeFamily } from './lib/nlctrl-decoder.js';
import { better, type Measured, opsPerSecond, report } from './lib/timing.js';

const NETLINK_GENERIC = 16;
const GENL_ID_CTRL = 0x10;
const CTRL_CMD_GETFAMILY = 3;
const CTRL_ATTR_FAMILY_NAME = 2;
const GENL_HEADER = Buffer.from([CTRL_CMD_GETFAMILY, 1, 0, 0]);

async function netlinkCore(): Promise<Measured> {
  const connection = new NetlinkConnection(new NetlinkSocket({ protocol: NETLINK_GENERIC }));
  const builder = new MessageBuilder(64);
  const once = async (): Promise<void> => {
    // The connection sets the sequence number and NLM_F_REQUEST | NLM_F_ACK (EXT_ACK, CAP_ACK on).
    builder
      .beginMessage(GENL_ID_CTRL)
      .putHeader(GENL_HEADER)
      .putStringZ(CTRL_ATTR_FAMILY_NAME, 'nlctrl')
      .endMessage();
    const [reply] = await connection.request(builder.finish());
    if (decodeFamily(reply!.payload).name !== 'nlctrl') throw new Error('wrong reply');
  };
  const rate = await opsPerSecond(once, { minMs: 1000 });
  connection.close();
  connection.transport.close();
  return rate;
}

async function netlinkNpm(): Promise<Measured | undefined> {
  const npm = loadNetlinkNpm();
  if (!npm) return undefined;
  const socket = npm.createGenericNetlink();
  const once = async (): Promise<void> => {
    const [family] = await socket.ctrlRequest(npm.genl.Commands.GET_FAMILY, {
      familyName: 'nlctrl',
    });
    if ((family as { familyName?: string }).familyName !== 'nlctrl') throw new Error('wrong reply');
  };
  const rate = await opsPerSecond(once, { minMs: 1000 });
  socket.socket.socket.close();
  return rate;
}

console.log(
  'CTRL_CMD_GETFAMILY("nlctrl") sequential round trips, reply decoded (target >= 75,000/s)',
);
// Alternating rounds, best of each: both libraries see the same machine load.
const npmAvailable = loadNetlinkNpm() !== undefined;
let ours: Measured | undefined;
let theirs: Measured | undefined;
for (let round = 0; round < 3; round++) {
  ours = better(ours, await netlinkCore(), true);
  const npm = npmAvailable ? await netlinkNpm() : undefined;
  if (npm) theirs = better(theirs, npm, true);
}
report('@usip/netlink-core (NetlinkConnection)', ours!, 'round trips/s');
if (!theirs) console.log('  netlink (npm): not installed, run `node bench/setup.mjs`');
else
  report(
    'netlink (npm) 0.3.0',
    theirs,
    'round trips/s',
    `netlink-core: ${(ours!.cpu / theirs.cpu).toFixed(1)}x`,
  );
