/**
 * Graphs and tensors whose storage is a SharedArrayBuffer, so that DataLoader workers read them
 * in place. A loader copies ordinary arrays into shared memory once (and keeps the copy for as long
 * as the original lives); building the graph and features here instead avoids holding both.
 */
import { Graph } from '../graph/graph.js';
import { graph } from '../graph/construct.js';
import { Tensor } from '../tensor/tensor.js';
import { allocate, type DType, type AnyTypedArray } from '../tensor/dtype.js';
import { checkIndexRange } from '../errors.js';

/** A zeroed typed array of the dtype in shared memory. */
export function sharedArray(dtype: DType, length: number): AnyTypedArray {
  const Ctor = allocate(dtype, 0).constructor as new (b: SharedArrayBuffer) => AnyTypedArray;
  const bytes = (allocate(dtype, 0) as AnyTypedArray).BYTES_PER_ELEMENT;
  return new Ctor(new SharedArrayBuffer(length * bytes));
}

/** The same values in shared memory (t itself when already shared); the copy does not require grad. */
export function shareTensor(t: Tensor): Tensor {
  if (t.data.buffer instanceof SharedArrayBuffer) return t;
  const out = sharedArray(t.dtype, t.size);
  out.set(t.data as never);
  return new Tensor(out, t.shape, t.dtype);
}

/**
 * A homogeneous graph stored as a CSC (in-edges by destination) in shared memory, built from COO
 * edge lists by a counting sort; edge ids are the COO order, as dg.graph([src, dst]) would number
 * them. The COO arrays are not kept.
 */
export function sharedGraph(src: Int32Array, dst: Int32Array, numNodes: number): Graph {
  if (src.length !== dst.length) throw new RangeError(`sharedGraph: src has ${src.length} entries but dst has ${dst.length}`);
  checkIndexRange('sharedGraph: source node id', src, numNodes);
  checkIndexRange('sharedGraph: destination node id', dst, numNodes);
  const m = src.length;
  const indptr = sharedArray('int32', numNodes + 1) as Int32Array;
  for (let e = 0; e < m; e++) indptr[dst[e] + 1]++;
  for (let v = 0; v < numNodes; v++) indptr[v + 1] += indptr[v];
  const fill = indptr.slice(0, numNodes);
  const indices = sharedArray('int32', m) as Int32Array, eids = sharedArray('int32', m) as Int32Array;
  for (let e = 0; e < m; e++) {
    const p = fill[dst[e]]++;
    indices[p] = src[e];
    eids[p] = e;
  }
  return graph({ csc: [indptr, indices, eids] }, { numNodes });
}
