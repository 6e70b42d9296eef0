/**
 * Result allocation for the TypeScript kernels whose output size depends on the input (sampling,
 * walks): more than 2^31 - 1 entries, or an ArrayBuffer the engine cannot allocate, is a RangeError
 * naming the result and the bytes asked (the native kernels check the same before allocating).
 */
export function allocInt32(what: string, n: number, fill?: number): Int32Array<ArrayBuffer> {
  if (!(n <= 2 ** 31 - 1)) throw new RangeError(`${what} would have ${n} entries (at most 2^31 - 1)`);
  try {
    const a = new Int32Array(n);
    return fill === undefined || fill === 0 ? a : a.fill(fill);
  } catch (err) {
    throw new RangeError(`${what}: cannot allocate ${n * 4} bytes (${(err as Error).message})`);
  }
}
