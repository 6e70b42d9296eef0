import type { Graph } from '../graph.js';
import type { IdsLike } from '../ids.js';
import { induce } from './induce.js';
import { nodesPerType, type PerType } from './util.js';

/**
 * The subgraph induced by the given nodes (per type on multi-type graphs; unlisted types keep no
 * nodes): nodes renumbered in the given order, edges among them in increasing original id,
 * features sliced, original ids in ndata/edata NID/EID.
 */
export function nodeSubgraph(g: Graph, nodes: PerType<IdsLike>, opts: { storeIds?: boolean } = {}): Graph {
  const kept = nodesPerType(g, nodes, 'nodeSubgraph');
  for (const t of g.ntypes) if (!kept.has(t)) kept.set(t, new Int32Array(0));
  const member = new Map([...kept].map(([t, ids]) => {
    const m = new Uint8Array(g.numNodes(t));
    for (const i of ids) m[i] = 1;
    return [t, m];
  }));
  const edges = new Map<string, Int32Array>();
  for (const c of g.canonicalEtypes) {
    const { src, dst } = g.sparse(c).coo();
    const ms = member.get(c[0])!, md = member.get(c[2])!;
    const keep: number[] = [];
    for (let e = 0; e < src.length; e++) if (ms[src[e]] && md[dst[e]]) keep.push(e);
    edges.set(c.join(':'), Int32Array.from(keep));
  }
  return induce(g, { nodes: kept, edges, storeIds: opts.storeIds ?? true });
}
