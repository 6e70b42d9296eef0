/** Bytes as the browser hands them over: a fetched or read ArrayBuffer, or a typed array. */
export type BytesInput = Uint8Array | ArrayBuffer;

/** A Uint8Array view of `b` (no copy). */
export function asBytes(b: BytesInput): Uint8Array {
  return b instanceof Uint8Array ? b : new Uint8Array(b);
}
