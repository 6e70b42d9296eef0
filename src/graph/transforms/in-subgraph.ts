import { canonicalKey, type Graph } from '../graph.js';
import type { IdsLike } from '../ids.js';
import { induce } from './induce.js';
import { touchedNodes, type EdgeSubgraphOptions } from './edge-subgraph.js';
import { nodesPerType, type PerType } from './util.js';

/** Edge ids per relation into (dir 'in') or out of (dir 'out') the seed nodes: node by node in order, by edge id. */
export function incidentEdges(g: Graph, seeds: ReadonlyMap<string, Int32Array>, dir: 'in' | 'out'): Map<string, Int32Array> {
  const edges = new Map<string, Int32Array>();
  for (const c of g.canonicalEtypes) {
    const v = seeds.get(dir === 'in' ? c[2] : c[0]);
    if (v === undefined) continue;
    edges.set(canonicalKey(c), dir === 'in' ? g.inEdges(v, { form: 'eid', etype: c }) : g.outEdges(v, { form: 'eid', etype: c }));
  }
  return edges;
}

/**
 * Every edge into the given nodes, of every relation (DGL in_subgraph). All nodes stay unless
 * relabelNodes, which keeps only edge endpoints (as edgeSubgraph numbers them) and stores NID;
 * edata EID holds the original edge ids.
 */
export function inSubgraph(g: Graph, nodes: PerType<IdsLike>, opts: EdgeSubgraphOptions = {}): Graph {
  const edges = incidentEdges(g, nodesPerType(g, nodes, 'inSubgraph'), 'in');
  const relabel = opts.relabelNodes ?? false, store = opts.storeIds ?? true;
  const kept = relabel ? touchedNodes(g, edges) : new Map<string, Int32Array>();
  return induce(g, { nodes: kept, edges, storeNodeIds: store && relabel, storeEdgeIds: store });
}
