import { canonicalKey, type Graph } from '../graph.js';
import { type IdsLike, toIds } from '../ids.js';
import { induce } from './induce.js';
import { batchSizesOf, countPerMember, markRows } from './mutation-util.js';

/** Options of `removeNodes` (DGL's `dgl.remove_nodes`); `ntype` picks the node type when the graph has several. */
export interface RemoveNodesOptions {
  ntype?: string;
  /** Record original ids in ndata NID / edata EID on every type (default false, as DGL). */
  storeIds?: boolean;
}

/**
 * A new graph without the given nodes of one type and every edge touching them; the rest keep
 * their order (renumbered consecutively) and features (DGL's g.remove_nodes). Batched graphs keep
 * their member sizes, reduced by what each member lost.
 */
export function removeNodes(g: Graph, nids: IdsLike, opts: RemoveNodesOptions = {}): Graph {
  if (g.isBlock) throw new RangeError('removeNodes: a block cannot be mutated');
  const ntype = opts.ntype ?? (g.ntypes.length === 1 ? g.ntypes[0] : undefined);
  if (ntype === undefined) throw new RangeError(`removeNodes: the graph has node types [${g.ntypes.join(', ')}]; pass ntype`);
  const n = g.numNodes(ntype);
  const removed = markRows(n, toIds(nids, n, `removeNodes: node id of type '${ntype}'`));
  const nodes = new Map(g.ntypes.map((t) => {
    const all = Int32Array.from({ length: g.numNodes(t) }, (_, i) => i);
    return [t, t === ntype ? all.filter((i) => !removed[i]) : all];
  }));
  const batch = batchSizesOf(g);
  const edges = new Map<string, Int32Array>();
  for (const c of g.canonicalEtypes) {
    const { src, dst } = g.sparse(c).coo();
    const gone = new Uint8Array(src.length);
    const keep: number[] = [];
    for (let e = 0; e < src.length; e++) {
      if ((c[0] === ntype && removed[src[e]]) || (c[2] === ntype && removed[dst[e]])) gone[e] = 1;
      else keep.push(e);
    }
    const key = canonicalKey(c);
    edges.set(key, Int32Array.from(keep));
    if (batch !== undefined) {
      const sizes = batch.edges.get(key)!, lost = countPerMember(sizes, gone);
      (batch.edges as Map<string, Int32Array>).set(key, sizes.map((s, b) => s - lost[b]));
    }
  }
  if (batch !== undefined) {
    const sizes = batch.nodes.get(ntype)!, lost = countPerMember(sizes, removed);
    (batch.nodes as Map<string, Int32Array>).set(ntype, sizes.map((s, b) => s - lost[b]));
  }
  const store = opts.storeIds ?? false;
  return induce(g, { nodes, edges, storeNodeIds: store, storeEdgeIds: store, batch });
}
