/**
 * A DataView over a buffer's whole ArrayBuffer, cached for the last ArrayBuffer seen.
 * Creating a DataView costs more than decoding a small attribute, and the messages of one
 * datagram (and their nests) all share one ArrayBuffer, so a one-entry cache nearly always
 * hits. Offsets into the view are `buf.byteOffset + offset`. The cache keeps at most one
 * ArrayBuffer alive.
 */
let cachedBuffer: ArrayBufferLike | undefined;
let cachedView: DataView | undefined;

export function wholeView(buf: Uint8Array): DataView {
  const ab = buf.buffer;
  if (ab !== cachedBuffer || !cachedView) {
    cachedView = new DataView(ab);
    cachedBuffer = ab;
  }
  return cachedView;
}
