/**
 * The sum of per-column embedding rows (OGB's AtomEncoder / BondEncoder) as one op over the
 * distinct feature rows. A batch of molecules has ~1000 atoms but only ~100 distinct atom feature
 * rows (and at most 60 distinct bond rows), so each distinct row's sum is built once from the
 * tables and the output is one row gather; the backward scatters the gradient onto the distinct
 * rows and from there onto the tables. The composed form (a gather and an add per column) walks
 * and allocates an [N, dim] array per column, forward and backward.
 */
import { Tensor } from '../tensor/tensor.js';
import { allocate, allocateUninit, type FloatDType } from '../tensor/dtype.js';
import { record } from '../tensor/tape.js';
import { getBackend } from '../kernels/registry.js';
import type { FloatArray } from '../kernels/backend.js';

/** Distinct rows of an int32 [n, k] matrix of categories below dims: each row's slot, and each slot's first row. */
function distinctRows(x: Int32Array, n: number, dims: readonly number[]): { slotOfRow: Int32Array; firstRow: number[] } {
  const k = dims.length;
  const slots = new Map<number, number>(), firstRow: number[] = [], slotOfRow = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    // Mixed-radix code of the row: exact while the product of dims stays below 2^53 (the caller checks).
    let code = 0;
    for (let j = 0; j < k; j++) code = code * dims[j] + x[i * k + j];
    let s = slots.get(code);
    if (s === undefined) { s = firstRow.length; slots.set(code, s); firstRow.push(i); }
    slotOfRow[i] = s;
  }
  return { slotOfRow, firstRow };
}

/** Whether embeddingSum's row codes are exact for these column sizes. */
export function embeddingSumFits(dims: readonly number[]): boolean {
  return dims.reduce((a, b) => a * b, 1) <= Number.MAX_SAFE_INTEGER;
}

/**
 * out[i] = Σ_j tables[j][x[i, j]] for int32 x [n, k] with values already checked against the
 * tables' row counts (dims); every table [dims[j], d] of one float dtype. Differentiable in the tables.
 */
export function embeddingSum(tables: readonly Tensor[], x: Int32Array, n: number, dims: readonly number[]): Tensor {
  const k = dims.length, d = tables[0].shape[1], dtype = tables[0].dtype as FloatDType;
  const { slotOfRow, firstRow } = distinctRows(x, n, dims);
  const u = firstRow.length;
  const sums = allocate(dtype, u * d) as FloatArray;
  for (let s = 0; s < u; s++) {
    const i = firstRow[s], o = s * d;
    for (let j = 0; j < k; j++) {
      const t = tables[j].data, r = x[i * k + j] * d;
      for (let c = 0; c < d; c++) sums[o + c] += t[r + c];
    }
  }
  const out = allocateUninit(dtype, n * d);
  getBackend().gatherRows(sums, u, d, slotOfRow, out);
  return record(new Tensor(out, [n, d], dtype), 'embeddingSum', tables, (g) => {
    const perSlot = allocate(dtype, u * d) as FloatArray;
    getBackend().scatterAddRows(g.data as FloatArray, d, slotOfRow, perSlot, u);
    return tables.map((table, j) => {
      if (!table.requiresGrad) return null;
      const grad = allocate(dtype, table.size);
      for (let s = 0; s < u; s++) {
        const r = x[firstRow[s] * k + j] * d, o = s * d;
        for (let c = 0; c < d; c++) grad[r + c] += perSlot[o + c];
      }
      return new Tensor(grad, table.shape, dtype);
    });
  });
}
