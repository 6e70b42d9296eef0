import { canonicalKey, type Graph } from '../graph.js';
import type { IdsLike } from '../ids.js';
import { induce, uniqueInOrder } from './induce.js';
import { edgesPerType, type PerType } from './util.js';

/** Options of `edgeSubgraph`: keep all nodes or only the edges' end points, and whether to store original ids. */
export interface EdgeSubgraphOptions { relabelNodes?: boolean; storeIds?: boolean }

/**
 * Nodes touched by the given edges of each relation, per node type, in DGL's relabelling order:
 * relation by relation (canonical order), the sources, then the destinations, first appearance wins.
 */
export function touchedNodes(g: Graph, edges: ReadonlyMap<string, Int32Array>): Map<string, Int32Array> {
  const parts = new Map<string, Int32Array[]>(g.ntypes.map((t) => [t, []]));
  for (const c of g.canonicalEtypes) {
    const eids = edges.get(canonicalKey(c));
    if (eids === undefined) continue;
    const { src, dst } = g.sparse(c).coo();
    parts.get(c[0])!.push(eids.map((e) => src[e]));
    parts.get(c[2])!.push(eids.map((e) => dst[e]));
  }
  return new Map([...parts].map(([t, arrays]) => [t, uniqueInOrder(...arrays)]));
}

/**
 * The subgraph of the given edges, in the given order (DGL edge_subgraph). With relabelNodes
 * (default) only their endpoints remain, numbered by first appearance (sources before
 * destinations), and ndata NID holds the original node ids; edata EID holds the edge ids.
 * Without relabelNodes every node stays and no NID is stored.
 */
export function edgeSubgraph(g: Graph, edges: PerType<IdsLike>, opts: EdgeSubgraphOptions = {}): Graph {
  const kept = edgesPerType(g, edges, 'edgeSubgraph');
  const relabel = opts.relabelNodes ?? true, store = opts.storeIds ?? true;
  const nodes = relabel ? touchedNodes(g, kept) : new Map<string, Int32Array>();
  return induce(g, { nodes, edges: kept, storeNodeIds: store && relabel, storeEdgeIds: store });
}
