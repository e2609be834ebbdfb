/**
 * UTF-8 decoding of a byte range. Buffer#toString dispatches on the encoding name on every
 * call; Node's Buffer prototype also has the direct utf8Slice (what toString ends up calling),
 * noticeably cheaper for the short strings netlink carries. Falls back if it ever goes away.
 */
interface Utf8Sliceable {
  utf8Slice(start: number, end: number): string;
}
const HAS_UTF8_SLICE =
  typeof (Buffer.prototype as unknown as Partial<Utf8Sliceable>).utf8Slice === 'function';

export function utf8(buf: Buffer, start: number, end: number): string {
  return HAS_UTF8_SLICE
    ? (buf as unknown as Utf8Sliceable).utf8Slice(start, end)
    : buf.toString('utf8', start, end);
}
