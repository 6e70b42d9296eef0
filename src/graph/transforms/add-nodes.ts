import { canonicalKey, type Graph } from '../graph.js';
import type { Tensor } from '../../tensor/tensor.js';
import { appendRows, batchSizesOf } from './mutation-util.js';
import { buildGraph, cooOf, copyFrame, nodeCounts } from './util.js';

/** Options of `addNodes` (DGL's `dgl.add_nodes`). */
export interface AddNodesOptions {
  /** Features of the new nodes (one row each); features they lack are zero (DGL). */
  data?: Readonly<Record<string, Tensor>>;
  /** Node type (needed when the graph has several). */
  ntype?: string;
}

/**
 * A new graph with `num` more nodes of one type, numbered after the existing ones (DGL's
 * g.add_nodes, which mutates; deepgraph's graphs are immutable). On a batched graph the nodes join
 * the last member, as in DGL.
 */
export function addNodes(g: Graph, num: number, opts: AddNodesOptions = {}): Graph {
  if (!Number.isInteger(num) || num < 0) throw new RangeError(`addNodes: num must be a non-negative integer, got ${num}`);
  if (g.isBlock) throw new RangeError('addNodes: a block cannot be mutated');
  const ntype = opts.ntype ?? (g.ntypes.length === 1 ? g.ntypes[0] : undefined);
  if (ntype === undefined) throw new RangeError(`addNodes: the graph has node types [${g.ntypes.join(', ')}]; pass ntype`);
  g.numNodes(ntype); // names an unknown type
  const counts = nodeCounts(g);
  counts.set(ntype, counts.get(ntype)! + num);
  const batch = batchSizesOf(g);
  if (batch !== undefined) {
    const sizes = Int32Array.from(batch.nodes.get(ntype)!);
    sizes[sizes.length - 1] += num;
    (batch.nodes as Map<string, Int32Array>).set(ntype, sizes);
  }
  const out = buildGraph(counts, g.canonicalEtypes.map((c) => ({ canonical: c, ...cooOf(g, c) })), batch, true);
  for (const t of g.ntypes) {
    if (t === ntype) appendRows(g.nodeFrame(t), out.nodeFrame(t), num, opts.data, `addNodes (type '${t}')`);
    else copyFrame(g.nodeFrame(t), out.nodeFrame(t));
  }
  for (const c of g.canonicalEtypes) copyFrame(g.edgeFrame(c), out.edgeFrame(canonicalKey(c)));
  return out;
}
