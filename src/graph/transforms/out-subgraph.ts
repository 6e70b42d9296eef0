import type { Graph } from '../graph.js';
import type { IdsLike } from '../ids.js';
import { induce } from './induce.js';
import { touchedNodes, type EdgeSubgraphOptions } from './edge-subgraph.js';
import { incidentEdges } from './in-subgraph.js';
import { nodesPerType, type PerType } from './util.js';

/**
 * Every edge out of the given nodes, of every relation (DGL out_subgraph). All nodes stay unless
 * relabelNodes, which keeps only edge endpoints and stores NID; edata EID holds the edge ids.
 */
export function outSubgraph(g: Graph, nodes: PerType<IdsLike>, opts: EdgeSubgraphOptions = {}): Graph {
  const edges = incidentEdges(g, nodesPerType(g, nodes, 'outSubgraph'), 'out');
  const relabel = opts.relabelNodes ?? false, store = opts.storeIds ?? true;
  const kept = relabel ? touchedNodes(g, edges) : new Map<string, Int32Array>();
  return induce(g, { nodes: kept, edges, storeNodeIds: store && relabel, storeEdgeIds: store });
}
