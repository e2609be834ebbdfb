// Protocol numbers read from the generated UAPI header (kernel/include/uapi/linux/usip.h), so
// the tests never restate them. Unknown names throw, so a typo cannot pass as undefined.
import { readFileSync } from 'node:fs';

const HEADER = new URL('../../../include/uapi/linux/usip.h', import.meta.url);

function enumEntries(text: string): Map<string, bigint> {
  const values = new Map<string, bigint>();
  for (const block of text.matchAll(/enum(?:\s+\w+)?\s*\{([^}]*)\}/g)) {
    let next = 0n;
    for (const raw of (block[1] ?? '').split(',')) {
      const m = /^\s*(?:\/\*[\s\S]*?\*\/\s*)?(\w+)\s*(?:=\s*(\d+))?\s*$/.exec(raw);
      if (!m?.[1]) continue;
      const value = m[2] !== undefined ? BigInt(m[2]) : next;
      values.set(m[1], value);
      next = value + 1n;
    }
  }
  return values;
}

const ENTRIES = enumEntries(readFileSync(HEADER, 'utf8'));

function table<T>(prefix: string, convert: (v: bigint) => T, exclude?: string): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [name, value] of ENTRIES) {
    if (name.startsWith(prefix) && !(exclude && name.startsWith(exclude)))
      out[name.slice(prefix.length)] = convert(value);
  }
  return new Proxy(out, {
    get(target, key) {
      if (typeof key === 'string' && !(key in target)) throw new Error(`no ${prefix}${key}`);
      return target[key as string];
    },
  });
}

const num = (v: bigint): number => Number(v);
export const UsipAttr = table('USIP_A_', num);
export const NotifierAttr = table('USIP_NOTIFIER_A_', num);
export const MountAttr = table('USIP_MOUNT_A_', num);
export const FsUsageAttr = table('USIP_FS_USAGE_A_', num);
export const ChangeAttr = table('USIP_CHANGE_A_', num);
export const Cmd = table('USIP_CMD_', num);
export const EventType = table('USIP_EVENT_TYPE_', num);
export const NotifyAction = table('USIP_NOTIFY_', num);
export const NotifierFlags = table('USIP_FLAGS_NOTIFIER_', num);
export const ListenerFlags = table('USIP_FLAGS_LISTENER_', num);
export const MountFlags = table('USIP_MOUNT_', num, 'USIP_MOUNT_A_');
export const Features = table('USIP_FEATURE_', (v) => v);
