import type { Graph } from '../graph.js';
import { Tensor } from '../../tensor/tensor.js';
import { sameTypeRelation } from './util.js';

/**
 * A^k as a dense float32 [N, N] tensor with rows = sources: entry [u, v] counts the walks of k
 * edges from u to v (DGL's khop_adj, as its docstring shows); k = 0 gives the identity.
 */
export function khopAdj(g: Graph, k: number): Tensor {
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`khopAdj: k must be a non-negative integer, got ${k}`);
  const c = sameTypeRelation(g, 'khopAdj');
  const n = g.numNodes(c[0]);
  const { src, dst } = g.sparse(c).coo();
  // Row u of the walk counts from u, advanced one edge at a time (sparse A times a dense row block).
  let walks = new Float64Array(n * n);
  for (let u = 0; u < n; u++) walks[u * n + u] = 1;
  for (let step = 0; step < k; step++) {
    const next = new Float64Array(n * n);
    for (let e = 0; e < src.length; e++) {
      const a = src[e], b = dst[e];
      for (let u = 0; u < n; u++) next[u * n + b] += walks[u * n + a];
    }
    walks = next;
  }
  return new Tensor(Float32Array.from(walks), [n, n], 'float32');
}
