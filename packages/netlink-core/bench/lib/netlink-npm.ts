// The `netlink` npm package, the comparison baseline, from this folder's own node_modules
// (bench/package.json; `node bench/setup.mjs` installs it). Typed loosely: only what we call.
import { createRequire } from 'node:module';

export interface NpmGenlSocket {
  ctrlRequest(cmd: number, msg: { familyName: string }): Promise<unknown[]>;
  socket: { socket: { close(): void } };
}
export interface NpmRtSocket {
  getLinks(): Promise<{ data: { index: number }; attrs: Record<string, unknown> }[]>;
  socket: { socket: { close(): void } };
}
export interface NetlinkNpm {
  createGenericNetlink(): NpmGenlSocket;
  createRtNetlink(): NpmRtSocket;
  genl: { Commands: { GET_FAMILY: number } };
}

export function loadNetlinkNpm(): NetlinkNpm | undefined {
  try {
    return createRequire(import.meta.url)('netlink') as NetlinkNpm;
  } catch {
    return undefined;
  }
}
