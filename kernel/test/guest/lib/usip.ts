// A thin test client for the USIP family over the real stack: requests with raw attribute
// writers (so tests can also send malformed ones), replies as attribute sets.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { type AttributeWriter, UsipClient } from './client.js';
import { Cmd } from './constants.js';
import { type AttrSet, NetlinkError, type NotificationEvent, parseAttrs } from './stack.js';

export const FAMILY = 'usip_family';

export function openUsip(): UsipClient {
  return new UsipClient();
}

export async function call(
  genl: UsipClient,
  cmd: number,
  write?: AttributeWriter,
): Promise<AttrSet[]> {
  return genl.request(FAMILY, cmd, write);
}

export async function dump(
  genl: UsipClient,
  cmd: number,
  write?: AttributeWriter,
): Promise<AttrSet[]> {
  return genl.dump(FAMILY, cmd, write);
}

/** The NetlinkError a request fails with (fails the test if it succeeds). */
export async function failure(pending: Promise<unknown>): Promise<NetlinkError> {
  try {
    await pending;
  } catch (err) {
    if (err instanceof NetlinkError) return err;
    throw err;
  }
  throw new Error('the request succeeded but should have failed');
}

export const u8 = (s: AttrSet, t: number): number | undefined => s.get(t)?.readUInt8(0);
export const u32 = (s: AttrSet, t: number): number | undefined => s.get(t)?.readUInt32LE(0);
export const s32 = (s: AttrSet, t: number): number | undefined => s.get(t)?.readInt32LE(0);
export const u64 = (s: AttrSet, t: number): bigint | undefined => s.get(t)?.readBigUInt64LE(0);
export const str = (s: AttrSet, t: number): string | undefined => {
  const v = s.get(t);
  return v ? v.toString('utf8').replace(/\0+$/, '') : undefined;
};
export const nest = (s: AttrSet, t: number): AttrSet | undefined => {
  const v = s.get(t);
  return v ? parseAttrs(v) : undefined;
};

/**
 * The next notification of one of `cmds` that `match` accepts (privileged listeners are
 * notified by multicast, so a group member also sees other listeners' notifications), or
 * undefined after `ms`.
 */
export async function nextNotification(
  genl: UsipClient,
  cmds: number[],
  match: (attrs: AttrSet) => boolean = () => true,
  ms = 20000,
): Promise<{ cmd: number; attrs: AttrSet; groups: number } | undefined> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), ms);
  try {
    for await (const ev of genl.netlink.notifications({
      signal: abort.signal,
    }) as AsyncIterable<NotificationEvent>) {
      if (ev.kind !== 'message') continue;
      const cmd = ev.message.payload.readUInt8(0);
      const attrs = parseAttrs(ev.message.payload, 4);
      if (cmds.includes(cmd) && match(attrs)) return { cmd, attrs, groups: ev.groups };
    }
  } finally {
    clearTimeout(timer);
  }
  return undefined;
}

/** The module's live-object counters (/sys/module/usip/parameters). */
export function counter(name: string): number {
  return Number(readFileSync(`/sys/module/usip/parameters/${name}`, 'utf8').trim());
}

export function mountNsInode(): number {
  return Number(execFileSync('stat', ['-L', '-c', '%i', '/proc/self/ns/mnt']).toString().trim());
}

/** Polls `check` until it holds (the kernel frees listeners asynchronously on socket close). */
export async function eventually(check: () => boolean, tries = 200): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

export { Cmd };
