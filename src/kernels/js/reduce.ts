import type { ArgReduceOp, FloatArray, IndexArray, ReduceOp } from '../backend.js';

export function reduce(op: ReduceOp, x: FloatArray, outer: number, size: number, inner: number, out: FloatArray): void {
  const init = op === 'sum' ? 0 : op === 'prod' ? 1 : op === 'max' ? -Infinity : Infinity;
  for (let o = 0; o < outer; o++) {
    const base = o * size * inner;
    const ob = o * inner;
    for (let i = 0; i < inner; i++) out[ob + i] = init;
    for (let s = 0; s < size; s++) {
      const row = base + s * inner;
      if (op === 'sum') for (let i = 0; i < inner; i++) out[ob + i] += x[row + i];
      else if (op === 'prod') for (let i = 0; i < inner; i++) out[ob + i] *= x[row + i];
      else if (op === 'max') for (let i = 0; i < inner; i++) { const v = x[row + i]; if (v > out[ob + i] || Number.isNaN(v)) out[ob + i] = v; }
      else for (let i = 0; i < inner; i++) { const v = x[row + i]; if (v < out[ob + i] || Number.isNaN(v)) out[ob + i] = v; }
    }
  }
}

/** First index of the extreme value along the axis (ties go to the lowest index, as in PyTorch). */
export function argReduce(op: ArgReduceOp, x: FloatArray, outer: number, size: number, inner: number, out: IndexArray): void {
  const isMax = op === 'argmax';
  for (let o = 0; o < outer; o++) {
    const base = o * size * inner;
    for (let i = 0; i < inner; i++) {
      let best = size > 0 ? x[base + i] : NaN, arg = size > 0 ? 0 : -1;
      for (let s = 1; s < size; s++) {
        const v = x[base + s * inner + i];
        if (isMax ? v > best : v < best) { best = v; arg = s; }
      }
      out[o * inner + i] = arg;
    }
  }
}
