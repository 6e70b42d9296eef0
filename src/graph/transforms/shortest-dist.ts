import type { EtypeKey, Graph } from '../graph.js';
import { Tensor } from '../../tensor/tensor.js';

/**
 * Hop counts of shortest paths along out-edges (DGL's shortest_dist without paths): an int32
 * [N, N] tensor, [u, v] = edges on a shortest u -> v path, -1 when v is unreachable; with root, one row [N].
 */
export function shortestDist(g: Graph, opts: { root?: number; etype?: EtypeKey } = {}): Tensor {
  const adj = g.sparse(opts.etype);
  const n = adj.numSrc;
  const { indptr, indices } = adj.csr();
  const roots = opts.root === undefined ? Array.from({ length: n }, (_, i) => i) : [opts.root];
  if (opts.root !== undefined && !(Number.isInteger(opts.root) && opts.root >= 0 && opts.root < n)) {
    throw new RangeError(`shortestDist: root ${opts.root} is out of range for ${n} nodes`);
  }
  const out = new Int32Array(roots.length * n).fill(-1);
  roots.forEach((r, i) => {
    const d = out.subarray(i * n, (i + 1) * n);
    d[r] = 0;
    const queue = [r];
    for (let h = 0; h < queue.length; h++) {
      const u = queue[h];
      for (let p = indptr[u]; p < indptr[u + 1]; p++) if (d[indices[p]] < 0) { d[indices[p]] = d[u] + 1; queue.push(indices[p]); }
    }
  });
  return new Tensor(out, opts.root === undefined ? [n, n] : [n], 'int32');
}
