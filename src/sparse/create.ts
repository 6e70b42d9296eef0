import { ShapeError, formatShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { ones } from '../tensor/creation.js';
import type { FloatDType } from '../tensor/dtype.js';
import { indexAdd } from '../tensor/indexing.js';
import { zeros } from '../tensor/creation.js';
import { toIds } from '../graph/ids.js';
import { SparseMatrix } from './matrix.js';

type IdArray = Int32Array | readonly number[] | Tensor;

function indexArray(x: IdArray, bound: number, what: string): Int32Array {
  return toIds(x instanceof Tensor ? x : Int32Array.from(x), bound, what);
}

/**
 * A sparse matrix from [row, col] indices and values (DGL's dgl.sparse.spmatrix): val is [nnz]
 * or [nnz, D] (default ones, float32); shape defaults to the largest indices + 1.
 */
export function spmatrix(indices: readonly [IdArray, IdArray], opts: { val?: Tensor; shape?: readonly [number, number]; dtype?: FloatDType } = {}): SparseMatrix {
  const rawRow = indices[0] instanceof Tensor ? indices[0].data : indices[0];
  const rawCol = indices[1] instanceof Tensor ? indices[1].data : indices[1];
  const maxOf = (a: ArrayLike<number>): number => { let m = -1; for (let i = 0; i < a.length; i++) m = Math.max(m, a[i]); return m + 1; };
  const shape = opts.shape ?? [maxOf(rawRow), maxOf(rawCol)];
  const row = indexArray(indices[0], shape[0], 'spmatrix: row index');
  const col = indexArray(indices[1], shape[1], 'spmatrix: column index');
  const val = opts.val ?? ones([row.length], { dtype: opts.dtype ?? 'float32' });
  return new SparseMatrix(row, col, val, shape);
}

/** A diagonal sparse matrix with val on the diagonal (DGL's diag); shape defaults to [n, n]. */
export function diag(val: Tensor, shape?: readonly [number, number]): SparseMatrix {
  const n = val.shape[0];
  const s = shape ?? [n, n];
  if (Math.min(s[0], s[1]) !== n) throw new ShapeError(`diag: ${n} diagonal values do not fit shape [${s.join(', ')}]`);
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  return new SparseMatrix(idx, idx, val, s);
}

/** The identity as a sparse matrix (DGL's identity); with d, [nnz, d] values of ones. */
export function identity(shape: readonly [number, number], opts: { d?: number; dtype?: FloatDType } = {}): SparseMatrix {
  const n = Math.min(shape[0], shape[1]);
  const val = ones(opts.d === undefined ? [n] : [n, opts.d], { dtype: opts.dtype ?? 'float32' });
  return diag(val, shape);
}

/** The dense [rows, cols] (or [rows, cols, D]) matrix, duplicates added; differentiable in val. */
export function toDense(a: SparseMatrix): Tensor {
  const [m, n] = a.shape;
  const rest = a.val.shape.slice(1);
  const flat = Int32Array.from(a.row, (r, i) => r * n + a.col[i]);
  const dense = indexAdd(zeros([m * n, ...rest], { dtype: a.val.dtype }), 0, flat, a.val);
  return dense.reshape([m, n, ...rest]);
}

/** A sparse matrix holding the nonzeros of a dense [m, n] (or [m, n, D]) tensor (rows with any nonzero entry). */
export function fromDense(x: Tensor): SparseMatrix {
  if (x.ndim !== 2 && x.ndim !== 3) throw new ShapeError(`fromDense: expected [m, n] or [m, n, D], got ${formatShape(x.shape)}`);
  const [m, n] = x.shape;
  const d = x.ndim === 3 ? x.shape[2] : 1;
  const row: number[] = [], col: number[] = [], pos: number[] = [];
  for (let i = 0; i < m * n; i++) {
    let any = false;
    for (let k = 0; k < d; k++) if (x.data[i * d + k] !== 0) any = true;
    if (any) { row.push(Math.floor(i / n)); col.push(i % n); pos.push(i); }
  }
  const val = x.reshape([m * n, ...x.shape.slice(2)]).indexSelect(0, Int32Array.from(pos));
  return new SparseMatrix(Int32Array.from(row), Int32Array.from(col), x.ndim === 2 ? val.reshape([pos.length]) : val, [m, n]);
}
