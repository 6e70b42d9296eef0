import type { Graph } from '../graph.js';
import type { IdsLike } from '../ids.js';
import { nodeSubgraph } from './node-subgraph.js';
import { nodesPerType, type PerType } from './util.js';

/** Options of `khopInSubgraph` / `khopOutSubgraph`, passed on to `nodeSubgraph`: `relabelNodes` and `storeIds`, both default true (DGL's `relabel_nodes`, `store_ids`). */
export interface KhopSubgraphOptions {
  relabelNodes?: boolean;
  storeIds?: boolean;
}

/** The subgraph and, per node type, where each seed landed in it (DGL's inverse_indices). */
export interface KhopSubgraph { graph: Graph; inverseIndices: Int32Array | Record<string, Int32Array> }

function khop(g: Graph, nodes: PerType<IdsLike>, k: number, dir: 'in' | 'out', opts: KhopSubgraphOptions, op: string): KhopSubgraph {
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`${op}: k must be a non-negative integer, got ${k}`);
  const seeds = nodesPerType(g, nodes, op);
  // Every node reached within k hops (seeds included), per type, sorted (DGL takes unique ids).
  const reached = new Map(g.ntypes.map((t) => [t, new Uint8Array(g.numNodes(t))]));
  for (const [t, ids] of seeds) for (const v of ids) reached.get(t)![v] = 1;
  let last = new Map([...seeds].map(([t, ids]) => [t, Array.from(ids)]));
  for (let hop = 0; hop < k; hop++) {
    const next = new Map<string, number[]>();
    for (const c of g.canonicalEtypes) {
      const [from, to] = dir === 'in' ? [c[2], c[0]] : [c[0], c[2]];
      const frontier = last.get(from);
      if (frontier === undefined || frontier.length === 0) continue;
      const { indptr, indices } = g.adj({ etype: c, transpose: dir === 'in' });
      const out = next.get(to) ?? [];
      for (const x of frontier) for (let p = indptr[x]; p < indptr[x + 1]; p++) out.push(indices[p]);
      next.set(to, out);
    }
    for (const [t, vs] of next) for (const v of vs) reached.get(t)![v] = 1;
    last = new Map([...next].map(([t, vs]) => [t, [...new Set(vs)]]));
  }
  const kept: Record<string, Int32Array> = {};
  const position = new Map<string, Int32Array>();
  for (const t of g.ntypes) {
    const mark = reached.get(t)!, pos = new Int32Array(mark.length).fill(-1), ids: number[] = [];
    mark.forEach((m, v) => { if (m) { pos[v] = ids.length; ids.push(v); } });
    kept[t] = Int32Array.from(ids);
    position.set(t, pos);
  }
  const graph = nodeSubgraph(g, kept, { relabelNodes: opts.relabelNodes ?? true, storeIds: opts.storeIds ?? true });
  const inverse = Object.fromEntries([...seeds].map(([t, ids]) => [t, ids.map((v) => position.get(t)![v])]));
  return { graph, inverseIndices: g.ntypes.length === 1 ? inverse[g.ntypes[0]] : inverse };
}

/**
 * The subgraph induced by the seeds and every node with a walk of at most k edges into a seed
 * (DGL's khop_in_subgraph); nodes sorted by id per type; inverseIndices locates the seeds.
 */
export function khopInSubgraph(g: Graph, nodes: PerType<IdsLike>, k: number, opts: KhopSubgraphOptions = {}): KhopSubgraph {
  return khop(g, nodes, k, 'in', opts, 'khopInSubgraph');
}

/** As khopInSubgraph along out-edges (DGL's khop_out_subgraph). */
export function khopOutSubgraph(g: Graph, nodes: PerType<IdsLike>, k: number, opts: KhopSubgraphOptions = {}): KhopSubgraph {
  return khop(g, nodes, k, 'out', opts, 'khopOutSubgraph');
}
