import type { Graph } from '../graph.js';
import { buildGraph, copyFrame, sameTypeRelation } from './util.js';

/**
 * One node per edge of g and an edge e1→e2 whenever e1 ends where e2 starts (DGL line_graph);
 * without backtracking, e2 = (v, u) after e1 = (u, v) is skipped. With shared, g's edge features
 * become the node features.
 */
export function lineGraph(g: Graph, opts: { backtracking?: boolean; shared?: boolean } = {}): Graph {
  const c = sameTypeRelation(g, 'lineGraph');
  const adj = g.sparse(c);
  const { src, dst } = adj.coo();
  const csr = adj.csr();
  const backtracking = opts.backtracking ?? true;
  const ls: number[] = [], ld: number[] = [];
  for (let e1 = 0; e1 < src.length; e1++) {
    const v = dst[e1];
    for (let p = csr.indptr[v]; p < csr.indptr[v + 1]; p++) {
      const e2 = csr.eids === null ? p : csr.eids[p];
      if (!backtracking && dst[e2] === src[e1]) continue;
      ls.push(e1); ld.push(e2);
    }
  }
  const out = buildGraph(new Map([[c[0], src.length]]), [{ canonical: c, src: Int32Array.from(ls), dst: Int32Array.from(ld) }]);
  if (opts.shared) copyFrame(g.edgeFrame(c), out.nodeFrame(c[0]));
  return out;
}
