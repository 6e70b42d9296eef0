import { canonicalKey, type EtypeKey, type Graph } from '../graph.js';
import type { Tensor } from '../../tensor/tensor.js';
import { type IdsLike, toIds } from '../ids.js';
import { appendRows, batchSizesOf } from './mutation-util.js';
import { addNodes } from './add-nodes.js';
import { buildGraph, concatIds, cooOf, copyFrame, copyNodeFrames, nodeCounts } from './util.js';

/** Options of `addEdges` (DGL's `dgl.add_edges`); `etype` picks the relation when the graph has several. */
export interface AddEdgesOptions {
  /** Features of the new edges (one row each); features they lack are zero (DGL). */
  data?: Readonly<Record<string, Tensor>>;
  etype?: EtypeKey;
}

/**
 * A new graph with the edges u[i] -> v[i] appended after the existing ones of one relation (DGL's
 * g.add_edges). A single id on one side pairs with every id on the other. As in DGL, an endpoint
 * beyond the current nodes adds the missing nodes first (with zero features); negative or
 * fractional ids are errors. On a batched graph the edges join the last member.
 */
export function addEdges(g: Graph, u: IdsLike, v: IdsLike, opts: AddEdgesOptions = {}): Graph {
  if (g.isBlock) throw new RangeError('addEdges: a block cannot be mutated');
  const c = g.toCanonicalEtype(opts.etype);
  let us = toIds(u, 2 ** 31 - 1, `addEdges: source node id of ${canonicalKey(c)}`);
  let vs = toIds(v, 2 ** 31 - 1, `addEdges: destination node id of ${canonicalKey(c)}`);
  if (us.length === 1 && vs.length > 1) us = new Int32Array(vs.length).fill(us[0]);
  if (vs.length === 1 && us.length > 1) vs = new Int32Array(us.length).fill(vs[0]);
  if (us.length !== vs.length) throw new RangeError(`addEdges: ${us.length} source ids but ${vs.length} destination ids`);
  let base = g;
  const grow = (ntype: string, ids: Int32Array): void => {
    const need = ids.reduce((m, x) => Math.max(m, x + 1), 0) - base.numNodes(ntype);
    if (need > 0) base = addNodes(base, need, { ntype });
  };
  grow(c[0], us);
  grow(c[2], vs);
  const key = canonicalKey(c);
  const batch = batchSizesOf(base);
  if (batch !== undefined) {
    const sizes = Int32Array.from(batch.edges.get(key)!);
    sizes[sizes.length - 1] += us.length;
    (batch.edges as Map<string, Int32Array>).set(key, sizes);
  }
  const rels = base.canonicalEtypes.map((r) => {
    const coo = cooOf(base, r);
    return canonicalKey(r) === key ? { canonical: r, src: concatIds(coo.src, us), dst: concatIds(coo.dst, vs) } : { canonical: r, ...coo };
  });
  const out = buildGraph(nodeCounts(base), rels, batch, true);
  copyNodeFrames(base, out);
  for (const r of base.canonicalEtypes) {
    if (canonicalKey(r) === key) appendRows(base.edgeFrame(r), out.edgeFrame(r), us.length, opts.data, `addEdges (${key})`);
    else copyFrame(base.edgeFrame(r), out.edgeFrame(r));
  }
  return out;
}
