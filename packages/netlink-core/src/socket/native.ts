import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Opaque handle of one native socket (a Node-API external). */
export type NativeHandle = { readonly __nativeSocket: unique symbol };

/** Event kinds the shim's reader reports; see native/shim.h (enum shim_event). */
export const NativeEvent = { DATAGRAM: 0, OVERRUN: 1, TRUNCATED: 2, ERROR: 3, DRAINED: 4 } as const;

/** DATAGRAM: (slab, offset, length, port, groups); OVERRUN: (); TRUNCATED: (length, newSize);
 * ERROR: (error); DRAINED: (). */
export type NativeEventCallback = (kind: number, ...args: unknown[]) => void;

/** The functions native/shim.c exports. Errors are thrown as Error with code = errno name. */
export interface NativeShim {
  open(protocol: number, netnsPath?: string): NativeHandle;
  bind(handle: NativeHandle, groups: number): void;
  portId(handle: NativeHandle): number;
  setOption(handle: NativeHandle, level: number, name: number, value: number): void;
  getOption(handle: NativeHandle, level: number, name: number): number;
  listMemberships(handle: NativeHandle): number[];
  send(handle: NativeHandle, data: Uint8Array, port: number, groups: number): number;
  start(handle: NativeHandle, onEvent: NativeEventCallback, maxPerWakeup?: number): void;
  pause(handle: NativeHandle): void;
  resume(handle: NativeHandle): void;
  setBufferSize(handle: NativeHandle, bytes: number): void;
  ref(handle: NativeHandle, on: boolean): void;
  close(handle: NativeHandle): void;
  readonly constants: NativeConstants;
}

export interface NativeConstants {
  readonly SOL_SOCKET: number;
  readonly SOL_NETLINK: number;
  readonly SO_RCVBUF: number;
  readonly SO_RCVBUFFORCE: number;
  readonly SO_SNDBUF: number;
  readonly SO_SNDBUFFORCE: number;
  readonly NETLINK_ADD_MEMBERSHIP: number;
  readonly NETLINK_DROP_MEMBERSHIP: number;
  readonly NETLINK_PKTINFO: number;
  readonly NETLINK_BROADCAST_ERROR: number;
  readonly NETLINK_NO_ENOBUFS: number;
  readonly NETLINK_LISTEN_ALL_NSID: number;
  readonly NETLINK_CAP_ACK: number;
  readonly NETLINK_EXT_ACK: number;
  readonly NETLINK_GET_STRICT_CHK: number;
  readonly DEFAULT_BUFFER_SIZE: number;
  readonly DEFAULT_MAX_PER_WAKEUP: number;
}

const ADDON = join('native', 'build', 'Release', 'netlink_shim.node');

/** This module's directory, in the ESM build, the CJS build and the TS sources alike. */
function moduleDir(): string {
  return typeof __dirname === 'string' ? __dirname : dirname(fileURLToPath(import.meta.url));
}

/** The package root is 1 (dist/) or 2 (src/socket/) levels up; search rather than assume. */
function findAddon(): string {
  let dir = moduleDir();
  for (let up = 0; up < 4; up++) {
    const candidate = join(dir, ADDON);
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new Error(
    `@usip/netlink-core: the native socket shim is not built (${ADDON} not found near ` +
      `${moduleDir()}). Run \`node native/install.mjs\` in the package, or reinstall it.`,
  );
}

let loaded: NativeShim | undefined;

/** Loads the addon on first use, so the pure codec works where the shim cannot be built. */
export function nativeShim(): NativeShim {
  if (!loaded) loaded = createRequire(join(moduleDir(), 'index.js'))(findAddon()) as NativeShim;
  return loaded;
}
