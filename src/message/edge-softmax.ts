import type { FloatArray } from '../kernels/backend.js';
import { getBackend } from '../kernels/registry.js';
import { Tensor } from '../tensor/tensor.js';
import { type TraceAttrs, record } from '../tensor/tape.js';
import { numel } from '../tensor/shape.js';
import { type EtypeKey, type HasSparse, type SparseAdj, toAdj } from '../graph/sparse.js';
import { checkRows, floatData, newFloatUninit } from './tensor-util.js';
import { Graph } from '../graph/graph.js';
import { DeepGraphError } from '../errors.js';
import { typedEdgeSoftmax } from './edge-softmax-typed.js';

/** Options of `edgeSoftmax`. */
export interface EdgeSoftmaxOptions {
  /** Normalise over the in-edges of each destination ('dst', default) or the out-edges of each source ('src'). */
  normBy?: 'dst' | 'src';
  etype?: EtypeKey;
}

/**
 * Softmax of edge logits [numEdges, ...] over the edges that share a destination (or source),
 * independently per feature column; fused forward and backward kernels, stable for large logits.
 */
export function edgeSoftmax(g: SparseAdj | HasSparse, logits: Tensor, opts?: EdgeSoftmaxOptions): Tensor;
/**
 * On a typed graph, logits per relation ({ etype: [numEdges, ...] }) normalised across all the
 * given relations that enter each destination (DGL's heterograph edge_softmax).
 */
export function edgeSoftmax(g: Graph, logits: Readonly<Record<string, Tensor>>, opts?: EdgeSoftmaxOptions): Record<string, Tensor>;
export function edgeSoftmax(g: SparseAdj | HasSparse, logits: Tensor | Readonly<Record<string, Tensor>>,
  opts: EdgeSoftmaxOptions = {}): Tensor | Record<string, Tensor> {
  const normBy = opts.normBy ?? 'dst';
  if (normBy !== 'dst' && normBy !== 'src') throw new RangeError(`edgeSoftmax: normBy must be 'dst' or 'src', got '${String(normBy)}'`);
  if (!(logits instanceof Tensor)) {
    if (!(g instanceof Graph)) throw new DeepGraphError('edgeSoftmax: per-relation logits need a Graph');
    return typedEdgeSoftmax(g, logits, normBy);
  }
  const adj = toAdj(g, opts.etype);
  floatData(logits, 'edgeSoftmax', 'logits');
  checkRows('edgeSoftmax', 'logits', logits, adj.numEdges, 'e');
  const groups = normBy === 'dst' ? adj.csc() : adj.csr();
  return groupSoftmax('edgeSoftmax', groups.indptr, groups.eids, logits, { adj, normBy });
}

/** Softmax over row groups given by a compressed structure (indptr, optional row permutation). */
export function groupSoftmax(name: string, indptr: Int32Array, eids: Int32Array | null, x: Tensor, attrs?: TraceAttrs): Tensor {
  const cols = numel(x.shape.slice(1));
  // Every edge is in exactly one group, so the kernels write every element: no zeroing pass.
  const out = newFloatUninit(x.dtype as 'float32' | 'float64', x.shape);
  getBackend().edgeSoftmax(indptr, eids, x.data as FloatArray, cols, out.data as FloatArray);
  return record(out, name, [x], (grad) => {
    const gx = newFloatUninit(x.dtype as 'float32' | 'float64', x.shape);
    getBackend().edgeSoftmaxBackward(indptr, eids, out.data as FloatArray, grad.data as FloatArray, cols, gx.data as FloatArray);
    return [gx];
  }, attrs);
}
