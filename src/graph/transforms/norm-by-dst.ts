import type { EtypeKey, Graph } from '../graph.js';
import { Tensor } from '../../tensor/tensor.js';

/** Per edge 1 / in-degree of its destination, float32 [E] (DGL's norm_by_dst). */
export function normByDst(g: Graph, etype?: EtypeKey): Tensor {
  const adj = g.sparse(etype);
  const deg = adj.inDegrees();
  const { dst } = adj.coo();
  return new Tensor(Float32Array.from(dst, (v) => 1 / deg[v]), [dst.length], 'float32');
}
