/**
 * Matmul whose left operand is mostly zeros (bag-of-words node features: Cora's X is 2708 x 1433
 * with 1.3% non-zeros), for X @ W and, in the backward, X^T @ G. Zeros of op(A) are skipped:
 * each output row is a sum of axpys over the non-zeros in increasing k, which is the dense
 * kernel's order, so the result is the dense one bit for bit except for the sign of zero sums.
 * That holds only when B is all-finite (0 * Inf = NaN must not be skipped), so B is checked
 * first. The native addon makes the same decision in native/matmul_sparse.cc.
 */
import type { FloatArray } from '../backend.js';

export type SparseMatmulMode = 'auto' | 'never' | 'always';
let mode: SparseMatmulMode = 'auto';

/** Test hook: 'auto' (decide by sampled density), 'never' (always dense), 'always' (whenever exact). */
export function setSparseMatmulMode(m: SparseMatmulMode): void {
  if (m !== 'auto' && m !== 'never' && m !== 'always') throw new RangeError(`setSparseMatmulMode: unknown mode '${String(m)}'`);
  mode = m;
}

/** Fraction of non-zeros (NaN included) in 64 runs of 16 values at fixed pseudo-random places. */
function sampledDensity(a: FloatArray, offset: number, len: number): number {
  let h = 0x9e3779b9, nz = 0;
  for (let s = 0; s < 64; s++) {
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b); h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35); h ^= h >>> 16;
    const p0 = offset + ((h >>> 0) % (len - 15));
    for (let t = 0; t < 16; t++) if (a[p0 + t] !== 0) nz++;
  }
  return nz / 1024;
}

function allFinite(b: FloatArray, offset: number, len: number): boolean {
  for (let i = offset; i < offset + len; i++) if (!Number.isFinite(b[i])) return false;
  return true;
}

/**
 * Largest sampled density at which zeros are skipped, for n output columns: the scan for zeros
 * costs about as much as 1-2 dense output columns, each non-zero one axpy of n. Measured on Cora's
 * shape (2708 x 1433) against the dense kernel (node native/tools/small-bench.mjs sparse, with
 * SPARSE_JS=1): at n = 16 skipping wins up to ~30% density (7x at Cora's 1.3%), at n = 4 up to
 * ~15%, at n = 1 hardly ever.
 */
function maxDensity(n: number): number {
  return n < 2 ? 0 : n < 8 ? 0.08 : n < 32 ? 0.2 : 0.3;
}

/**
 * Whether a (m x k) might take the zero-skipping path in front of n output columns on some backend:
 * false only when it is too small or clearly too dense for any of them (the native and wasm limits
 * are at most this one's). Callers that would otherwise prepare a layout only the sparse path needs
 * (linear's materialised W^T) ask this first.
 */
export function mayTakeSparsePath(a: FloatArray, m: number, k: number, n: number): boolean {
  if (mode !== 'auto') return mode === 'always';
  const len = m * k;
  return len >= 1 << 14 && sampledDensity(a, 0, len) <= maxDensity(n);
}

/**
 * Whether op(a) @ b should skip the zeros of a: a sparse enough (or the test mode says so) and b
 * all-finite (0 * Inf = NaN must not be skipped). The wasm backend asks this too.
 */
export function skipsZeros(a: FloatArray, aOff: number, b: FloatArray, bOff: number, m: number, k: number, n: number): boolean {
  if (mode === 'never') return false;
  const len = m * k;
  if (mode === 'auto' && (len < 1 << 14 || sampledDensity(a, aOff, len) > maxDensity(n))) return false;
  return allFinite(b, bOff, k * n);
}

/**
 * out (m x n) = op(a) @ b (b k x n, row-major) when op(a) is sparse enough and b all-finite;
 * false (nothing written) when the dense kernel should run.
 */
export function sparseLeftMatmul(a: FloatArray, aOff: number, b: FloatArray, bOff: number, out: FloatArray, oOff: number,
  m: number, k: number, n: number, transA: boolean): boolean {
  if (!skipsZeros(a, aOff, b, bOff, m, k, n)) return false;
  out.fill(0, oOff, oOff + m * n);
  if (!transA) {
    for (let i = 0; i < m; i++) {
      const o = oOff + i * n, ai = aOff + i * k;
      for (let q = 0; q < k; q++) {
        const v = a[ai + q];
        if (v === 0) continue;
        const bq = bOff + q * n;
        for (let j = 0; j < n; j++) out[o + j] += v * b[bq + j];
      }
    }
    return true;
  }
  // a stored k x m: row q of a scatters into the output rows of its non-zeros.
  for (let q = 0; q < k; q++) {
    const row = aOff + q * m, bq = bOff + q * n;
    for (let i = 0; i < m; i++) {
      const v = a[row + i];
      if (v === 0) continue;
      const o = oOff + i * n;
      for (let j = 0; j < n; j++) out[o + j] += v * b[bq + j];
    }
  }
  return true;
}
