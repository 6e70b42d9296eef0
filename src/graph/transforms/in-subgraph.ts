import { canonicalKey, type Graph } from '../graph.js';
import type { IdsLike } from '../ids.js';
import { induce, uniqueSorted } from './induce.js';
import { concatIds, nodesPerType, type PerType } from './util.js';

/**
 * Every edge into the given nodes (per relation, for each node in order, by edge id). All nodes
 * stay unless relabelNodes, which keeps only edge endpoints; original edge ids go to EID.
 */
export function inSubgraph(g: Graph, nodes: PerType<IdsLike>, opts: { relabelNodes?: boolean; storeIds?: boolean } = {}): Graph {
  const seeds = nodesPerType(g, nodes, 'inSubgraph');
  const edges = new Map<string, Int32Array>();
  const touched = new Map<string, Int32Array>(g.ntypes.map((t) => [t, new Int32Array(0)]));
  for (const c of g.canonicalEtypes) {
    const v = seeds.get(c[2]);
    if (v === undefined) continue;
    const [src, dst, eid] = g.inEdges(v, { form: 'all', etype: c });
    edges.set(canonicalKey(c), eid);
    touched.set(c[0], concatIds(touched.get(c[0])!, src));
    touched.set(c[2], concatIds(touched.get(c[2])!, dst));
  }
  const keptNodes = opts.relabelNodes ? new Map([...touched].map(([t, ids]) => [t, uniqueSorted(ids)])) : new Map();
  return induce(g, { nodes: keptNodes, edges, storeIds: opts.storeIds ?? true });
}
