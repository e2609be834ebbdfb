import { NetlinkConnection, NetlinkProtocol, NetlinkSocket } from '@usip/netlink-core';
import { GenlConnection } from '@usip/usip-genl';
import { UsipClient } from '../client.js';
import type { CliContext } from './context.js';
import type { FamilySummary } from './format/families.js';

/** Every generic netlink family of the running kernel, from nlctrl. */
export async function listGenlFamilies(): Promise<FamilySummary[]> {
  const genl = new GenlConnection(
    new NetlinkConnection(new NetlinkSocket({ protocol: NetlinkProtocol.GENERIC })),
  );
  try {
    const families = await genl.listFamilies();
    return families
      .map((f) => ({
        id: f.id,
        name: f.name,
        version: f.version,
        hdrsize: f.hdrsize,
        maxattr: f.maxattr,
        ops: f.ops.length,
        groups: f.mcastGroups.map((g) => ({ id: g.id, name: g.name })),
      }))
      .sort((a, b) => a.id - b.id);
  } finally {
    genl.close();
  }
}

/** The context of a real `usip` process: stdout/stderr, real sockets, Ctrl-C and SIGTERM. */
export function processContext(): CliContext {
  const interrupted = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    // The first signal ends the command cleanly (listeners unregistered); a second one kills.
    process.once(signal, () => {
      interrupted.abort();
      process.once(signal, () => process.exit(130));
    });
  }
  return {
    io: {
      out: (line) => process.stdout.write(`${line}\n`),
      err: (line) => process.stderr.write(`${line}\n`),
      progress: (text) => process.stderr.write(`\r\x1b[K${text}`),
      stderrIsTTY: Boolean(process.stderr.isTTY),
    },
    openClient: () => UsipClient.open(),
    listFamilies: listGenlFamilies,
    signal: interrupted.signal,
  };
}
