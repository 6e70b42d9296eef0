import type { Graph } from '../graph.js';
import { DeepGraphError } from '../../errors.js';
import { EID, NID, idTensor, toIds } from '../ids.js';
import { Generator } from '../../tensor/random.js';
import { nodeSubgraph } from './node-subgraph.js';
import { edgeSubgraph } from './edge-subgraph.js';
import { sameTypeRelation } from './util.js';

/** Options of `reorderGraph` (DGL's `dgl.reorder_graph`). */
export interface ReorderGraphOptions {
  /**
   * 'rcmk' (reverse Cuthill-McKee, DGL's default), 'degree' (in+out degree, highest first),
   * 'random' (a seeded shuffle), 'custom' (permuteConfig.nodesPerm); DGL's 'metis' is not
   * offered (no METIS in the browser-safe core).
   */
  nodePermuteAlgo?: 'rcmk' | 'degree' | 'random' | 'custom' | null;
  /** 'src' (edges by new source, DGL's default), 'dst' (stable by new destination) or 'custom' (permuteConfig.edgesPerm). */
  edgePermuteAlgo?: 'src' | 'dst' | 'custom';
  /** Record original ids in ndata NID / edata EID (default true). */
  storeIds?: boolean;
  permuteConfig?: { nodesPerm?: ArrayLike<number>; edgesPerm?: ArrayLike<number>; seed?: number };
}

/** Reverse Cuthill-McKee on the undirected view: BFS from a lowest-degree node per component, neighbours by degree. */
function rcmk(n: number, src: Int32Array, dst: Int32Array): Int32Array {
  const nbrs: number[][] = Array.from({ length: n }, () => []);
  for (let e = 0; e < src.length; e++) if (src[e] !== dst[e]) { nbrs[src[e]].push(dst[e]); nbrs[dst[e]].push(src[e]); }
  const deg = nbrs.map((l) => l.length);
  const byDegree = (a: number, b: number): number => deg[a] - deg[b] || a - b;
  const seen = new Uint8Array(n);
  const order: number[] = [];
  for (const start of Array.from({ length: n }, (_, i) => i).sort(byDegree)) {
    if (seen[start]) continue;
    seen[start] = 1;
    for (let head = order.push(start) - 1; head < order.length; head++) {
      for (const v of [...new Set(nbrs[order[head]])].sort(byDegree)) if (!seen[v]) { seen[v] = 1; order.push(v); }
    }
  }
  return Int32Array.from(order.reverse());
}

/**
 * The same graph with nodes renumbered (new node i = old node perm[i]) and edges reordered (DGL's
 * reorder_graph), features carried; NID / EID hold the original ids.
 */
export function reorderGraph(g: Graph, opts: ReorderGraphOptions = {}): Graph {
  const c = sameTypeRelation(g, 'reorderGraph');
  const n = g.numNodes(c[0]);
  const { src, dst } = g.sparse(c).coo();
  const algo = opts.nodePermuteAlgo === undefined ? 'rcmk' : opts.nodePermuteAlgo;
  let perm: Int32Array;
  if (algo === null) perm = Int32Array.from({ length: n }, (_, i) => i);
  else if (algo === 'rcmk') perm = rcmk(n, src, dst);
  else if (algo === 'degree') {
    const deg = new Int32Array(n);
    for (let e = 0; e < src.length; e++) { deg[src[e]]++; deg[dst[e]]++; }
    perm = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => deg[b] - deg[a] || a - b);
  } else if (algo === 'random') {
    const gen = new Generator(opts.permuteConfig?.seed ?? 0);
    perm = Int32Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) { const j = gen.nextInt(i + 1); [perm[i], perm[j]] = [perm[j], perm[i]]; }
  } else if (algo === 'custom') {
    const p = opts.permuteConfig?.nodesPerm;
    if (p === undefined) throw new DeepGraphError("reorderGraph: nodePermuteAlgo 'custom' needs permuteConfig.nodesPerm");
    perm = toIds(Array.from(p), n, 'reorderGraph: nodesPerm');
    if (perm.length !== n || new Set(perm).size !== n) throw new DeepGraphError(`reorderGraph: nodesPerm must be a permutation of the ${n} nodes`);
  } else {
    throw new DeepGraphError(`reorderGraph: unknown nodePermuteAlgo '${String(algo)}'; expected 'rcmk', 'degree', 'random' or 'custom' ('metis' is not available)`);
  }
  const store = opts.storeIds ?? true;
  let out = nodeSubgraph(g, perm, { storeIds: true });
  const edgeAlgo = opts.edgePermuteAlgo ?? 'src';
  if (edgeAlgo !== 'src') {
    let order: Int32Array;
    if (edgeAlgo === 'dst') {
      const d = out.edges()[1];
      order = Int32Array.from({ length: d.length }, (_, i) => i).sort((a, b) => d[a] - d[b] || a - b);
    } else if (edgeAlgo === 'custom') {
      const p = opts.permuteConfig?.edgesPerm;
      if (p === undefined) throw new DeepGraphError("reorderGraph: edgePermuteAlgo 'custom' needs permuteConfig.edgesPerm");
      order = toIds(Array.from(p), out.numEdges(), 'reorderGraph: edgesPerm');
      if (order.length !== out.numEdges() || new Set(order).size !== order.length) throw new DeepGraphError('reorderGraph: edgesPerm must be a permutation of the edges');
    } else {
      throw new DeepGraphError(`reorderGraph: unknown edgePermuteAlgo '${String(edgeAlgo)}'; expected 'src', 'dst' or 'custom'`);
    }
    const firstEids = out.edata.get(EID).data as Int32Array;
    out = edgeSubgraph(out, order, { relabelNodes: false, storeIds: true });
    out.edata.set(EID, idTensor(order.map((e) => firstEids[e])));
    out.ndata.set(NID, idTensor(perm));
  }
  if (!store) { out.ndata.delete(NID); out.edata.delete(EID); }
  return out;
}
