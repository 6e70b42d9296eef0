/**
 * x W for a read-only, mostly-zero x (bag-of-words node features: Cora's 2708 x 1433 is 1.3 %
 * nonzero) from x's nonzeros, found once and cached on x's storage. A dense product, even one that
 * skips zeros, reads all of x on every call (15.5 MB on Cora, forward and again for the weight
 * gradient); the nonzeros are a bipartite graph from x's columns to its rows whose edge weights are
 * the values, so x W is one g-SpMM and its weight gradient the g-SpMM on the reversed graph. Only
 * tensors promised unchanging by `markReadOnly` are cached: JavaScript cannot see a write into a
 * typed array. Same function as the dense product (sums in another order).
 */
import { SparseAdj } from '../graph/sparse.js';
import { isReadOnly } from '../kernels/read-only.js';
import { hashUint32 } from '../kernels/js/rng.js';
import { Tensor } from '../tensor/tensor.js';
import { defaultGenerator, type Generator } from '../tensor/random.js';
import { transpose } from '../tensor/movement.js';
import { uMulESum } from './shortcuts.js';

/** Above this fraction of nonzeros the dense product (BLAS) is faster than the g-SpMM. */
const MAX_DENSITY = 0.05;

interface Nonzeros {
  readonly rows: number;
  readonly cols: number;
  /** Columns (sources) -> rows (destinations); edge j is the j-th nonzero in row-major order. */
  readonly adj: SparseAdj;
  readonly values: Float32Array;
  /** Row-major flat index of each nonzero (what a dense dropout mask is drawn by). */
  readonly flat: Int32Array;
}

const cache = new WeakMap<ArrayBufferView, Nonzeros | null>();

function build(d: Float32Array, rows: number, cols: number): Nonzeros | null {
  let nnz = 0;
  for (let i = 0; i < d.length; i++) if (d[i] !== 0) nnz++;
  if (nnz > MAX_DENSITY * d.length) return null;
  const indptr = new Int32Array(rows + 1), indices = new Int32Array(nnz), flat = new Int32Array(nnz), values = new Float32Array(nnz);
  let k = 0;
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let c = 0; c < cols; c++) {
      const v = d[base + c];
      if (v !== 0) { indices[k] = c; flat[k] = base + c; values[k] = v; k++; }
    }
    indptr[r + 1] = k;
  }
  return { rows, cols, adj: SparseAdj.fromCsc(indptr, indices, null, cols, rows, 'sparse features'), values, flat };
}

/** The cached nonzeros of x when x qualifies (2-d float32, read-only, no gradient, sparse enough). */
function nonzerosOf(x: Tensor): Nonzeros | null {
  if (x.ndim !== 2 || x.requiresGrad || !(x.data instanceof Float32Array) || x.size >= 2 ** 31 || !isReadOnly(x.data)) return null;
  const [rows, cols] = x.shape;
  let nz = cache.get(x.data);
  if (nz === undefined) {
    nz = build(x.data, rows, cols);
    cache.set(x.data, nz);
  }
  return nz !== null && nz.rows === rows && nz.cols === cols ? nz : null;
}

function allFinite(w: Tensor): boolean {
  const d = w.data;
  for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i])) return false;
  return true;
}

/** How many nonzeros the sparse-rows path multiplies for x, or null when x does not qualify (dense products). */
export function sparseRowsNonzeros(x: Tensor): number | null {
  return nonzerosOf(x)?.values.length ?? null;
}

/**
 * x w ([N, F] @ [F, out]) from x's cached nonzeros, or null when x does not qualify (then the caller
 * multiplies densely). A non-finite w also gives null: 0 * Inf must stay NaN as in the dense product.
 */
export function sparseRowsMatmul(x: Tensor, w: Tensor): Tensor | null {
  if (w.ndim !== 2 || w.dtype !== 'float32' || x.ndim !== 2 || x.shape[1] !== w.shape[0]) return null;
  const nz = nonzerosOf(x);
  if (nz === null || !allFinite(w)) return null;
  return uMulESum(nz.adj, w, new Tensor(nz.values, [nz.values.length, 1], 'float32'));
}

/**
 * dropout(x, p) W^T for Linear's weight [out, F]: the dropout drawn only at x's nonzeros, by the
 * same counter-based rule as `dropout` (element i kept iff hash(seed, i, 0) >= p 2^32, one seed from
 * the generator), so it is the same random function of the same generator state as the dense
 * chain. Null when x does not qualify.
 */
export function sparseRowsDropoutLinear(x: Tensor, p: number, training: boolean, weight: Tensor,
  generator: Generator = defaultGenerator): Tensor | null {
  if (weight.ndim !== 2 || weight.dtype !== 'float32' || x.ndim !== 2 || x.shape[1] !== weight.shape[1] || !(p >= 0 && p < 1)) return null;
  const nz = nonzerosOf(x);
  if (nz === null || !allFinite(weight)) return null;
  let values = nz.values;
  if (training && p > 0) {
    const seed = generator.nextUint32();
    const threshold = Math.ceil(p * 4294967296), keep = Math.fround(1 / (1 - p));
    values = new Float32Array(values.length);
    const src = nz.values, flat = nz.flat;
    for (let j = 0; j < values.length; j++) values[j] = hashUint32(seed, flat[j], 0) >= threshold ? keep * src[j] : 0;
  }
  return uMulESum(nz.adj, transpose(weight, 0, 1), new Tensor(values, [values.length, 1], 'float32'));
}
