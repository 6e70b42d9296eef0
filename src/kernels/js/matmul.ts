import type { FloatArray } from '../backend.js';
import { sparseLeftMatmul } from './matmul-sparse.js';

// Block sizes: a K_BLOCK x J_BLOCK panel of b (128 x 256 floats = 128 KB in float32) stays in L2
// while four output row segments of J_BLOCK stay in L1.
const K_BLOCK = 128;
const J_BLOCK = 256;

/** Copies the m x k operand stored k x m (transposed) into row-major m x k. */
function untranspose(src: FloatArray, offset: number, rows: number, cols: number, into: FloatArray): void {
  // src holds cols x rows; into gets rows x cols.
  for (let c = 0; c < cols; c++) {
    const so = offset + c * rows;
    for (let r = 0; r < rows; r++) into[r * cols + c] = src[so + r];
  }
}

/** out (m x n) = a (m x k, row-major at aOff) @ b (k x n, row-major at bOff); out zeroed first. */
function gemmRowMajor(a: FloatArray, aOff: number, b: FloatArray, bOff: number, out: FloatArray, oOff: number,
  m: number, k: number, n: number): void {
  out.fill(0, oOff, oOff + m * n);
  for (let j0 = 0; j0 < n; j0 += J_BLOCK) {
    const j1 = Math.min(n, j0 + J_BLOCK);
    for (let p0 = 0; p0 < k; p0 += K_BLOCK) {
      const p1 = Math.min(k, p0 + K_BLOCK);
      let i = 0;
      // Four output rows at a time: each b row is loaded once for four multiply-adds.
      for (; i + 4 <= m; i += 4) {
        const r0 = oOff + i * n, r1 = r0 + n, r2 = r1 + n, r3 = r2 + n;
        const a0 = aOff + i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
        for (let p = p0; p < p1; p++) {
          const v0 = a[a0 + p], v1 = a[a1 + p], v2 = a[a2 + p], v3 = a[a3 + p];
          const bRow = bOff + p * n;
          for (let j = j0; j < j1; j++) {
            const bv = b[bRow + j];
            out[r0 + j] += v0 * bv;
            out[r1 + j] += v1 * bv;
            out[r2 + j] += v2 * bv;
            out[r3 + j] += v3 * bv;
          }
        }
      }
      for (; i < m; i++) {
        const r = oOff + i * n, ai = aOff + i * k;
        for (let p = p0; p < p1; p++) {
          const v = a[ai + p];
          const bRow = bOff + p * n;
          for (let j = j0; j < j1; j++) out[r + j] += v * b[bRow + j];
        }
      }
    }
  }
}

/** out (m x n) = a (m x k) @ b^T where b is stored n x k: row-by-row dot products, four accumulators. */
function gemmTransB(a: FloatArray, aOff: number, b: FloatArray, bOff: number, out: FloatArray, oOff: number,
  m: number, k: number, n: number): void {
  for (let i = 0; i < m; i++) {
    const ai = aOff + i * k;
    for (let j = 0; j < n; j++) {
      const bj = bOff + j * k;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      let p = 0;
      for (; p + 4 <= k; p += 4) {
        s0 += a[ai + p] * b[bj + p];
        s1 += a[ai + p + 1] * b[bj + p + 1];
        s2 += a[ai + p + 2] * b[bj + p + 2];
        s3 += a[ai + p + 3] * b[bj + p + 3];
      }
      for (; p < k; p++) s0 += a[ai + p] * b[bj + p];
      out[oOff + i * n + j] = (s0 + s1) + (s2 + s3);
    }
  }
}

/**
 * Batched matmul (see backend.ts for the contract). A transposed a is repacked row-major; a
 * transposed b uses contiguous dot products when the output is small, else is repacked too.
 */
export function matmul(a: FloatArray, b: FloatArray, out: FloatArray, batch: number, m: number, k: number, n: number,
  transA: boolean, transB: boolean, aBatchStride: number, bBatchStride: number): void {
  const Ctor = out.constructor as Float32ArrayConstructor | Float64ArrayConstructor;
  let aPacked: FloatArray | null = null;  // made on first use (the sparse path needs none)
  // Dot products are cache-friendly (both rows contiguous) but cannot reuse b rows across output rows;
  // repacking b pays off once a has more than a few rows.
  const dotPath = transB && m <= 8;
  const bPacked = transB && !dotPath ? new Ctor(k * n) : null;
  let packedB = -1;
  for (let bt = 0; bt < batch; bt++) {
    // A mostly-zero a (bag-of-words features) skips its zeros, with the same sums.
    if (!transB && sparseLeftMatmul(a, bt * aBatchStride, b, bt * bBatchStride, out, bt * m * n, m, k, n, transA)) continue;
    let aSrc = a, aOff = bt * aBatchStride;
    if (transA) {
      aPacked ??= new Ctor(m * k);
      untranspose(a, aOff, m, k, aPacked);
      aSrc = aPacked; aOff = 0;
    }
    let bSrc = b, bOff = bt * bBatchStride;
    if (dotPath) {
      gemmTransB(aSrc, aOff, b, bOff, out, bt * m * n, m, k, n);
      continue;
    }
    if (bPacked) {
      // A broadcast b (stride 0) is packed once.
      if (packedB !== bOff) { untranspose(b, bOff, k, n, bPacked); packedB = bOff; }
      bSrc = bPacked; bOff = 0;
    }
    gemmRowMajor(aSrc, aOff, bSrc, bOff, out, bt * m * n, m, k, n);
  }
}
