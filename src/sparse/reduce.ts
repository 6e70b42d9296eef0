// Reductions and softmax of dgl.sparse over the stored values, on the g-SpMM / edge-softmax kernels.
import { DeepGraphError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { sum as denseSum, max as denseMax, min as denseMin } from '../tensor/reduce.js';
import { gspmm } from '../message/gspmm.js';
import { edgeSoftmax } from '../message/edge-softmax.js';
import { SparseMatrix } from './matrix.js';

type Reducer = 'sum' | 'max' | 'min' | 'mean';

/**
 * Reduce the stored values: dim undefined over all (a scalar, or [h] for [nnz, h] values), dim 0
 * per column ([n] / [n, h]), dim 1 per row ([m] / [m, h]). Rows / columns without entries give 0.
 */
function reduce(name: string, a: SparseMatrix, how: Reducer, dim?: 0 | 1): Tensor {
  if (dim === undefined) {
    if (a.nnz === 0) throw new DeepGraphError(`${name}: the sparse matrix has no stored values to reduce`);
    const v = a.val;
    return how === 'sum' ? denseSum(v, 0) : how === 'mean' ? denseSum(v, 0).div(a.nnz) : how === 'max' ? denseMax(v, 0) : denseMin(v, 0);
  }
  if (dim !== 0 && dim !== 1) throw new DeepGraphError(`${name}: dim must be 0, 1 or undefined, got ${String(dim)}`);
  const adj = dim === 1 ? a.adj() : a.adj().reverse();
  const v = a.val.ndim === 1 ? a.val.reshape([a.nnz, 1]) : a.val;
  const out = gspmm(adj, 'copyRhs', how, null, v);
  return a.val.ndim === 1 ? out.reshape([out.shape[0]]) : out;
}

/** Sum of the stored values (DGL's A.sum(dim)). */
export const sum = (a: SparseMatrix, dim?: 0 | 1): Tensor => reduce('sum', a, 'sum', dim);
/** Maximum of the stored values (DGL's A.smax(dim)). */
export const smax = (a: SparseMatrix, dim?: 0 | 1): Tensor => reduce('smax', a, 'max', dim);
/** Minimum of the stored values (DGL's A.smin(dim)). */
export const smin = (a: SparseMatrix, dim?: 0 | 1): Tensor => reduce('smin', a, 'min', dim);
/** Mean of the stored values (DGL's A.smean(dim)). */
export const smean = (a: SparseMatrix, dim?: 0 | 1): Tensor => reduce('smean', a, 'mean', dim);

/** Softmax of the stored values of each row (dim 1, default) or column (dim 0), per head (DGL's softmax). */
export function softmax(a: SparseMatrix, dim: 0 | 1 = 1): SparseMatrix {
  if (dim !== 0 && dim !== 1) throw new DeepGraphError(`softmax: dim must be 0 or 1, got ${String(dim)}`);
  const v = a.val.ndim === 1 ? a.val.reshape([a.nnz, 1]) : a.val;
  const out = edgeSoftmax(a.adj(), v, { normBy: dim === 1 ? 'dst' : 'src' });
  return a.withVal(a.val.ndim === 1 ? out.reshape([a.nnz]) : out);
}
