import t from 'tap';
import { NetlinkSocket } from '../../src/socket/netlink-socket.js';
import { DatagramTruncatedError } from '../../src/socket/socket-errors.js';
import { exchange } from './fixtures/exchange.js';
import { decodeFamily, GENL_ID_CTRL, getFamilyBody } from './fixtures/genl-family.js';
import { message, NLM_F_ACK, NLM_F_REQUEST } from './fixtures/nl-bytes.js';

const NETLINK_GENERIC = 16;

t.test('a datagram larger than the buffer is reported, never delivered cut short', async (t) => {
  const socket = new NetlinkSocket({ protocol: NETLINK_GENERIC, receiveBufferSize: 64 });
  t.teardown(() => socket.close());
  let delivered = 0;
  socket.on('datagram', () => delivered++);
  const failure = new Promise<DatagramTruncatedError>((resolve) => socket.once('error', resolve));
  const [body, ...attrs] = getFamilyBody('nlctrl');
  socket.send(message(GENL_ID_CTRL, NLM_F_REQUEST, 1, body!, attrs));
  const err = await failure;
  t.type(err, DatagramTruncatedError);
  t.equal(err.code, 'EMSGSIZE');
  t.ok(err.datagramLength > 64, `the full length is known (${err.datagramLength})`);
  t.ok(err.bufferSize >= err.datagramLength, 'the buffer grew to fit it');
  t.equal(socket.receiveBufferSize, err.bufferSize);
  t.equal(delivered, 0, 'the truncated datagram was not delivered');

  const [reply] = await exchange(
    socket,
    message(GENL_ID_CTRL, NLM_F_REQUEST | NLM_F_ACK, 2, body!, attrs),
    2,
  );
  t.equal(decodeFamily(reply!).name, 'nlctrl', 'the same reply fits now');
});
