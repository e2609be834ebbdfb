import { constants } from 'node:os';

/** errno number -> name, built once from node's table (which maps name -> number). */
const NAMES = new Map<number, string>();
for (const [name, value] of Object.entries(constants.errno)) {
  // Aliases such as EWOULDBLOCK/EAGAIN share a number: keep the first, canonical one.
  if (!NAMES.has(value)) NAMES.set(value, name);
}
// Where node lists an alias first, say what Linux (errno(3), strace, the kernel) says.
NAMES.set(95, 'EOPNOTSUPP');
// The kernel's internal ENOTSUPP (524) can leak through netlink; node does not know it.
NAMES.set(524, NAMES.get(524) ?? 'ENOTSUPP');

/** 22 -> 'EINVAL'. Accepts negative kernel-style values. Unknown numbers -> 'E<number>'. */
export function errnoName(errno: number): string {
  const n = Math.abs(errno);
  return NAMES.get(n) ?? `E${n}`;
}

/** 'EINVAL' -> 22, or undefined. */
export function errnoNumber(name: string): number | undefined {
  return (constants.errno as Record<string, number>)[name];
}
