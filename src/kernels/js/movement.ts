import type { DataArray } from '../backend.js';

export function permute(x: DataArray, shape: readonly number[], perm: readonly number[], out: DataArray): void {
  const nd = shape.length;
  const inStrides = new Array<number>(nd);
  let s = 1;
  for (let i = nd - 1; i >= 0; i--) { inStrides[i] = s; s *= shape[i]; }
  const outShape = perm.map((p) => shape[p]);
  const strides = perm.map((p) => inStrides[p]);
  const size = x.length;
  if (size === 0) return;
  if (nd === 0) { out[0] = x[0]; return; }
  if (nd === 2 && perm[0] === 1) { transpose2d(x, shape[0], shape[1], out); return; }
  const idx = new Array<number>(nd).fill(0);
  const inner = outShape[nd - 1], is = strides[nd - 1];
  let off = 0;
  for (let o = 0; o < size; o += inner) {
    for (let j = 0; j < inner; j++) out[o + j] = x[off + j * is];
    for (let d = nd - 2; d >= 0; d--) {
      idx[d]++; off += strides[d];
      if (idx[d] < outShape[d]) break;
      off -= strides[d] * outShape[d]; idx[d] = 0;
    }
  }
}

/** out (cols x rows) = x (rows x cols) transposed, in 32 x 32 tiles so both sides stay in cache lines. */
function transpose2d(x: DataArray, rows: number, cols: number, out: DataArray): void {
  const T = 32;
  for (let r0 = 0; r0 < rows; r0 += T) {
    const r1 = Math.min(rows, r0 + T);
    for (let c0 = 0; c0 < cols; c0 += T) {
      const c1 = Math.min(cols, c0 + T);
      for (let c = c0; c < c1; c++) {
        const o = c * rows;
        for (let r = r0; r < r1; r++) out[o + r] = x[r * cols + c];
      }
    }
  }
}
