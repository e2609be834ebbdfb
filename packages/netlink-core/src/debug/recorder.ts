import { NlMsgType } from '../codec/constants.js';
import type { RecordedExchange } from '../socket/memory-transport.js';
import type { Datagram, Transport } from '../socket/transport.js';

/**
 * Records a live transport's requests and the unicast datagrams answering them, in the form
 * MemoryTransport's replay peer plays back. Answers are matched to requests by the seq of
 * their first message; multicast traffic is not part of an exchange and is left out.
 * Attach it before handing the transport to a NetlinkConnection.
 */
export function recordExchanges(transport: Transport): {
  exchanges: () => RecordedExchange[];
  stop: () => void;
} {
  const recorded: RecordedExchange[] = [];
  const bySeq = new Map<number, RecordedExchange>();
  const send = transport.send;
  transport.send = function recordingSend(data, to) {
    const buf = Buffer.from(data);
    // Control messages (the engine's overrun probe) are answered by MemoryTransport itself.
    if (buf.length >= 16 && buf.readUInt16LE(4) < NlMsgType.MIN_TYPE)
      return send.call(this, data, to);
    const ex: RecordedExchange = { request: buf.toString('hex'), replies: [] };
    recorded.push(ex);
    if (buf.length >= 16) bySeq.set(buf.readUInt32LE(8), ex);
    return send.call(this, data, to);
  };
  const onDatagram = (d: Datagram) => {
    if (d.groups !== 0 || d.data.length < 16) return;
    const ex = bySeq.get(d.data.readUInt32LE(8));
    ex?.replies.push({ data: d.data.toString('hex'), port: d.port });
  };
  // prependListener: the recording sees the datagram before the engine consumes it.
  transport.prependListener('datagram', onDatagram);
  return {
    exchanges: () => recorded,
    stop: () => {
      transport.send = send;
      transport.off('datagram', onDatagram);
    },
  };
}
