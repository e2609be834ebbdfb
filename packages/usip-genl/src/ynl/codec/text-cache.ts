/**
 * UTF-8 text of attribute values, with the short ASCII ones remembered by their bytes. Mount
 * records repeat a few values over and over (file-system types, sources, options, "/"): finding
 * the string already made costs a hash and a compare, where decoding costs a call into C++ and
 * an allocation, the largest share of decoding a mount. A JS string is a value (its identity
 * cannot be observed), so handing out the same one again changes nothing for the caller.
 */

type Utf8Slicer = { utf8Slice?: (start: number, end: number) => string };
const fastSlice = typeof (Buffer.prototype as Utf8Slicer).utf8Slice === 'function';

/** Plain decoding: Buffer#utf8Slice skips toString()'s argument handling. */
function utf8(b: Buffer, start: number, end: number): string {
  return fastSlice ? (b as Utf8Slicer).utf8Slice!(start, end) : b.toString('utf8', start, end);
}

// Direct-mapped: one string per slot, the newest wins. Longer values (paths) rarely repeat.
const SLOT_BITS = 9;
const MAX_CACHED_LENGTH = 64;
const slots: string[] = new Array<string>(1 << SLOT_BITS).fill('');

/** The text of b[start, end) as buf.toString('utf8', start, end) decodes it. */
export function decodeText(b: Buffer, start: number, end: number): string {
  const length = end - start;
  if (length <= 0 || length > MAX_CACHED_LENGTH) return length === 0 ? '' : utf8(b, start, end);
  // FNV-1a over the bytes; `seen` collects their high bits (ASCII only: one char per byte).
  let hash = 0x811c9dc5;
  let seen = 0;
  for (let i = start; i < end; i++) {
    const byte = b[i]!;
    seen |= byte;
    hash = Math.imul(hash ^ byte, 0x01000193);
  }
  if (seen >= 0x80) return utf8(b, start, end);
  const slot = hash >>> (32 - SLOT_BITS);
  const cached = slots[slot]!;
  if (cached.length === length) {
    let i = 0;
    while (i < length && cached.charCodeAt(i) === b[start + i]) i++;
    if (i === length) return cached;
  }
  const text = utf8(b, start, end);
  slots[slot] = text;
  return text;
}
