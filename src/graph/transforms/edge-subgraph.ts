import type { Graph } from '../graph.js';
import type { IdsLike } from '../ids.js';
import { induce, uniqueSorted } from './induce.js';
import { concatIds, edgesPerType, type PerType } from './util.js';

/**
 * The subgraph of the given edges (in the given order). With relabelNodes (default) only their
 * endpoints remain, in increasing original id; original ids go to NID/EID.
 */
export function edgeSubgraph(g: Graph, edges: PerType<IdsLike>, opts: { relabelNodes?: boolean; storeIds?: boolean } = {}): Graph {
  const kept = edgesPerType(g, edges, 'edgeSubgraph');
  const nodes = new Map<string, Int32Array>();
  if (opts.relabelNodes ?? true) {
    for (const t of g.ntypes) nodes.set(t, new Int32Array(0));
    for (const c of g.canonicalEtypes) {
      const eids = kept.get(c.join(':'));
      if (eids === undefined) continue;
      const { src, dst } = g.sparse(c).coo();
      nodes.set(c[0], concatIds(nodes.get(c[0])!, eids.map((e) => src[e])));
      nodes.set(c[2], concatIds(nodes.get(c[2])!, eids.map((e) => dst[e])));
    }
    for (const [t, ids] of nodes) nodes.set(t, uniqueSorted(ids));
  }
  return induce(g, { nodes, edges: kept, storeIds: opts.storeIds ?? true });
}
