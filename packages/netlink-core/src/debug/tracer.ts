import type { Datagram } from '../socket/transport.js';
import { formatDatagram } from './format.js';
import type { PcapWriter } from './pcap-writer.js';

/** Where the engine reports each datagram it sends or receives. */
export interface Tracer {
  sent(data: Buffer): void;
  received(d: Datagram): void;
}

export interface TraceOptions {
  /** Print decoded traffic (default: NLDEBUG set to anything but '' or '0'). */
  debug?: boolean;
  /** Where printed traffic goes (default: process.stderr). */
  debugWrite?: (text: string) => void;
  pcap?: PcapWriter;
}

export function nldebugEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env.NLDEBUG;
  return v !== undefined && v !== '' && v !== '0';
}

/** A tracer for the enabled outputs, or undefined when tracing is off (zero cost). */
export function createTracer(protocol: number, options: TraceOptions): Tracer | undefined {
  const debug = options.debug ?? nldebugEnabled();
  const pcap = options.pcap;
  if (!debug && !pcap) return undefined;
  const write = options.debugWrite ?? ((text: string) => process.stderr.write(text));
  return {
    sent(data) {
      pcap?.write(data, 'send', protocol);
      if (debug)
        write(`${formatDatagram(data, `nl send proto=${protocol} (${data.length} bytes)`)}\n`);
    },
    received(d) {
      pcap?.write(d.data, 'recv', protocol);
      if (debug) {
        const from = `port=${d.port}${d.groups ? ` groups=0x${d.groups.toString(16)}` : ''}`;
        write(
          `${formatDatagram(d.data, `nl recv proto=${protocol} ${from} (${d.data.length} bytes)`)}\n`,
        );
      }
    },
  };
}
