/** Strides of `shape` seen through the broadcast `outShape` (0 along broadcast dimensions). */
export function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const nd = outShape.length;
  const strides = new Array<number>(nd).fill(0);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const o = nd - (shape.length - i);
    strides[o] = shape[i] === 1 ? 0 : s;
    s *= shape[i];
  }
  return strides;
}

/**
 * For every position of outShape, the flat offsets into each broadcast input.
 * Used by kernels that need random access; elementwise loops walk the odometer instead.
 */
export function broadcastOffsets(shapes: readonly (readonly number[])[], outShape: readonly number[]): Int32Array[] {
  const size = outShape.reduce((a, b) => a * b, 1);
  const strides = shapes.map((s) => broadcastStrides(s, outShape));
  const offs = shapes.map(() => new Int32Array(size));
  const nd = outShape.length;
  const idx = new Array<number>(nd).fill(0);
  const cur = shapes.map(() => 0);
  for (let i = 0; i < size; i++) {
    for (let k = 0; k < shapes.length; k++) offs[k][i] = cur[k];
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]++;
      for (let k = 0; k < shapes.length; k++) cur[k] += strides[k][d];
      if (idx[d] < outShape[d]) break;
      for (let k = 0; k < shapes.length; k++) cur[k] -= strides[k][d] * outShape[d];
      idx[d] = 0;
    }
  }
  return offs;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function numel(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/**
 * Calls body(i, ai, bi) for every output position with the offsets into a and b.
 * The innermost dimension runs as a tight loop so the common cases stay fast.
 */
export function forEachBroadcast2(aShape: readonly number[], bShape: readonly number[], outShape: readonly number[],
  body: (o: number, ai: number, bi: number, len: number, as: number, bs: number) => void): void {
  const nd = outShape.length;
  const size = numel(outShape);
  if (size === 0) return;
  if (nd === 0) { body(0, 0, 0, 1, 0, 0); return; }
  const sa = broadcastStrides(aShape, outShape);
  const sb = broadcastStrides(bShape, outShape);
  const inner = outShape[nd - 1];
  const ia = sa[nd - 1], ib = sb[nd - 1];
  const idx = new Array<number>(nd).fill(0);
  let offA = 0, offB = 0;
  for (let o = 0; o < size; o += inner) {
    body(o, offA, offB, inner, ia, ib);
    for (let d = nd - 2; d >= 0; d--) {
      idx[d]++;
      offA += sa[d]; offB += sb[d];
      if (idx[d] < outShape[d]) break;
      offA -= sa[d] * outShape[d]; offB -= sb[d] * outShape[d];
      idx[d] = 0;
    }
  }
}
