import { canonicalKey, type Graph } from '../graph.js';
import type { IdsLike } from '../ids.js';
import { induce } from './induce.js';
import { nodesPerType, type PerType } from './util.js';

/**
 * The subgraph induced by the given nodes (DGL node_subgraph; on a multi-type graph ids per type,
 * and an unlisted type keeps no nodes). Nodes keep the given order; edges come source by source in
 * that order, each source's out-edges by edge id (DGL slices the CSR). ndata NID / edata EID hold
 * the original ids. Without relabelNodes every node stays (no NID) and only the edges are induced.
 */
export function nodeSubgraph(g: Graph, nodes: PerType<IdsLike>, opts: { relabelNodes?: boolean; storeIds?: boolean } = {}): Graph {
  const kept = nodesPerType(g, nodes, 'nodeSubgraph');
  for (const t of g.ntypes) if (!kept.has(t)) kept.set(t, new Int32Array(0));
  const member = new Map([...kept].map(([t, ids]) => {
    const m = new Uint8Array(g.numNodes(t));
    for (let i = 0; i < ids.length; i++) {
      if (m[ids[i]]) throw new RangeError(`nodeSubgraph: node ${ids[i]} of type '${t}' is given twice`);
      m[ids[i]] = 1;
    }
    return [t, m];
  }));
  const edges = new Map<string, Int32Array>();
  for (const c of g.canonicalEtypes) {
    const { indptr, indices, eids } = g.adj({ etype: c });
    const md = member.get(c[2])!;
    const keep: number[] = [];
    for (const u of kept.get(c[0])!) {
      for (let p = indptr[u]; p < indptr[u + 1]; p++) if (md[indices[p]]) keep.push(eids === null ? p : eids[p]);
    }
    edges.set(canonicalKey(c), Int32Array.from(keep));
  }
  const relabel = opts.relabelNodes ?? true, store = opts.storeIds ?? true;
  return induce(g, { nodes: relabel ? kept : new Map(), edges, storeNodeIds: store && relabel, storeEdgeIds: store });
}
