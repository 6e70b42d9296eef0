import type { Graph } from '../graph.js';
import { buildGraph, copyNodeFrames, nodeCounts, sameTypeRelation } from './util.js';

/**
 * Edges u→v once per walk of exactly k edges from u to v (A^k as a multigraph, DGL khop_graph),
 * sorted by (u, v); k = 0 gives one self loop per node (A^0 = I). Node features are copied unless
 * copyNdata is false.
 */
export function khopGraph(g: Graph, k: number, opts: { copyNdata?: boolean } = {}): Graph {
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`khopGraph: k must be a non-negative integer, got ${k}`);
  const c = sameTypeRelation(g, 'khopGraph');
  const n = g.numNodes(c[0]);
  const { indptr, indices } = g.adj({ etype: c });
  const src: number[] = [], dst: number[] = [];
  for (let u = 0; u < n; u++) {
    let walks = new Map<number, number>([[u, 1]]);
    for (let step = 0; step < k; step++) {
      const next = new Map<number, number>();
      for (const [x, cnt] of walks) {
        for (let p = indptr[x]; p < indptr[x + 1]; p++) next.set(indices[p], (next.get(indices[p]) ?? 0) + cnt);
      }
      walks = next;
    }
    for (const v of [...walks.keys()].sort((a, b) => a - b)) {
      for (let r = 0; r < walks.get(v)!; r++) { src.push(u); dst.push(v); }
    }
  }
  const out = buildGraph(nodeCounts(g), [{ canonical: c, src: Int32Array.from(src), dst: Int32Array.from(dst) }]);
  if (opts.copyNdata ?? true) copyNodeFrames(g, out);
  return out;
}
