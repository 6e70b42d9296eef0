// Row gather / concat / split along the first dimension, with gradients, for carrying features
// through subgraphs, transforms and batching: thin names over the tensor ops, so the graph code
// reads as what it does to rows.
import { ShapeError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { allocate } from '../tensor/dtype.js';
import { indexAdd, indexSelect } from '../tensor/indexing.js';
import { concat, split } from '../tensor/movement.js';
import { zeros } from '../tensor/creation.js';

/** t[idx] along the first dimension (any dtype; differentiable for floats). */
export function gatherRows(t: Tensor, idx: Int32Array): Tensor {
  return indexSelect(t, 0, idx);
}

/** Zeros of n rows with g's rows added at idx (the adjoint of gatherRows; float tensors). */
export function scatterAddRows(g: Tensor, idx: Int32Array, n: number): Tensor {
  return indexAdd(zeros([n, ...g.shape.slice(1)], { dtype: g.dtype }), 0, idx, g);
}

/** Tensors stacked along the first dimension; the other dimensions and dtypes must agree. */
export function concatRows(ts: readonly Tensor[]): Tensor {
  return concat(ts, 0);
}

/** Consecutive row blocks of the given sizes. */
export function splitRows(t: Tensor, sizes: ArrayLike<number>): Tensor[] {
  let total = 0;
  for (let i = 0; i < sizes.length; i++) total += sizes[i];
  if (total !== t.shape[0]) throw new ShapeError(`splitRows: sizes add up to ${total} but the tensor has ${t.shape[0]} rows`);
  return split(t, Array.from(sizes), 0);
}

/** Rows of t at map, with -1 entries given the constant fill. */
export function gatherRowsOrFill(t: Tensor, map: Int32Array, fill: number): Tensor {
  if (!map.includes(-1)) return gatherRows(t, map);
  const width = t.shape.slice(1).reduce((a, b) => a * b, 1);
  const fillRow = new Tensor(allocate(t.dtype, width).fill(fill), [1, ...t.shape.slice(1)], t.dtype);
  const n = t.shape[0];
  return gatherRows(concatRows([t, fillRow]), map.map((i) => (i < 0 ? n : i)));
}
