import { execFileSync } from 'node:child_process';
import t from 'tap';
import { NetlinkSocket } from '../../src/socket/netlink-socket.js';
import { exchange } from './fixtures/exchange.js';
import {
  decodeFamily,
  GENL_ID_CTRL,
  getFamilyBody,
  parseGenlCtrlList,
} from './fixtures/genl-family.js';
import {
  decodeError,
  message,
  NLM_F_ACK,
  NLM_F_REQUEST,
  NLMSG_ERROR,
} from './fixtures/nl-bytes.js';

const NETLINK_GENERIC = 16;

t.test('CTRL_CMD_GETFAMILY("nlctrl") matches `genl ctrl list` field by field', async (t) => {
  const socket = new NetlinkSocket({ protocol: NETLINK_GENERIC });
  t.teardown(() => socket.close());
  const [body, ...attrs] = getFamilyBody('nlctrl');
  const replies = await exchange(
    socket,
    message(GENL_ID_CTRL, NLM_F_REQUEST | NLM_F_ACK, 7, body!, attrs),
    7,
  );
  t.equal(replies.length, 2, 'one family message, then the ack');
  t.equal(replies[0]!.pid, socket.portId, 'the reply is addressed to our port');
  t.same(decodeError(replies[1]!), { errno: 0 });

  const fromKernel = decodeFamily(replies[0]!);
  const fromGenl = parseGenlCtrlList(execFileSync('genl', ['ctrl', 'list'], { encoding: 'utf8' }));
  const expected = fromGenl.find((f) => f.name === 'nlctrl');
  t.ok(expected, '`genl ctrl list` shows nlctrl');
  t.same(fromKernel, expected);
  t.ok(fromKernel.ops.length > 0 && fromKernel.groups.length > 0, 'ops and groups compared');
});

t.test('an unknown family answers ENOENT', async (t) => {
  const socket = new NetlinkSocket({ protocol: NETLINK_GENERIC });
  t.teardown(() => socket.close());
  const [body, ...attrs] = getFamilyBody('no-such-family');
  const replies = await exchange(socket, message(GENL_ID_CTRL, NLM_F_REQUEST, 9, body!, attrs), 9);
  t.equal(replies[0]!.type, NLMSG_ERROR);
  t.equal(decodeError(replies[0]!).errno, 2);
});

t.test('datagrams report the sender: port 0 and no groups for a kernel unicast', async (t) => {
  const socket = new NetlinkSocket({ protocol: NETLINK_GENERIC });
  t.teardown(() => socket.close());
  const seen = new Promise<{ port: number; groups: number }>((resolve) =>
    socket.once('datagram', resolve),
  );
  const [body, ...attrs] = getFamilyBody('nlctrl');
  socket.send(message(GENL_ID_CTRL, NLM_F_REQUEST, 1, body!, attrs));
  const d = await seen;
  t.equal(d.port, 0);
  t.equal(d.groups, 0);
});
