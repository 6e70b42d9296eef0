import { canonicalKey, type EtypeKey, type Graph } from '../graph.js';
import { type IdsLike, toIds } from '../ids.js';
import { induce } from './induce.js';
import { batchSizesOf, countPerMember, markRows } from './mutation-util.js';

/** Options of `removeEdges` (DGL's `dgl.remove_edges`); `etype` picks the relation when the graph has several. */
export interface RemoveEdgesOptions {
  etype?: EtypeKey;
  /** Record the original edge ids in edata EID on every relation (default false, as DGL). */
  storeIds?: boolean;
}

/**
 * A new graph without the given edges of one relation; every node and the other edges stay, in
 * their order, with their features (DGL's g.remove_edges). Batched graphs keep their member sizes.
 */
export function removeEdges(g: Graph, eids: IdsLike, opts: RemoveEdgesOptions = {}): Graph {
  if (g.isBlock) throw new RangeError('removeEdges: a block cannot be mutated');
  const key = canonicalKey(g.toCanonicalEtype(opts.etype));
  const m = g.numEdges(key);
  const removed = markRows(m, toIds(eids, m, `removeEdges: edge id of ${key}`));
  const edges = new Map(g.canonicalEtypes.map((c) => {
    const k = canonicalKey(c), n = g.numEdges(k);
    const keep: number[] = [];
    for (let e = 0; e < n; e++) if (k !== key || !removed[e]) keep.push(e);
    return [k, Int32Array.from(keep)];
  }));
  const batch = batchSizesOf(g);
  if (batch !== undefined) {
    const sizes = batch.edges.get(key)!;
    const gone = countPerMember(sizes, removed);
    (batch.edges as Map<string, Int32Array>).set(key, sizes.map((s, b) => s - gone[b]));
  }
  return induce(g, { nodes: new Map(), edges, storeNodeIds: false, storeEdgeIds: opts.storeIds ?? false, batch });
}
