/**
 * Frontier-by-frontier message passing (DGL's prop_nodes / prop_edges and the traversal-ordered
 * variants): each frontier is one pull (nodes) or one sendAndRecv (edges), in generator order, so
 * later frontiers read what earlier ones wrote.
 */
import type { Graph, EtypeKey } from '../graph/graph.js';
import type { IdsLike } from '../graph/ids.js';
import type { MessageFn, ReduceFn } from './lower.js';
import type { NodeUdf } from './batch.js';
import { pull, sendAndRecv } from './update-all.js';
import { DeepGraphError } from '../errors.js';

/** Options of `propNodes` / `propEdges` and the traversal variants: `applyNode` runs on the updated nodes after each frontier, `etype` picks the relation (DGL's `apply_node_func`, `etype`). */
export interface PropOptions { applyNode?: NodeUdf; etype?: EtypeKey }

/** Pulls messages into each frontier of nodes in turn (DGL's prop_nodes). */
export function propNodes(g: Graph, nodesGenerator: Iterable<IdsLike>, msg: MessageFn, reduce: ReduceFn, o: PropOptions = {}): void {
  for (const frontier of nodesGenerator) pull(g, frontier, msg, reduce, o.applyNode, o.etype);
}

/** Sends along each frontier of edge ids in turn (DGL's prop_edges). */
export function propEdges(g: Graph, edgesGenerator: Iterable<IdsLike>, msg: MessageFn, reduce: ReduceFn, o: PropOptions = {}): void {
  for (const frontier of edgesGenerator) sendAndRecv(g, frontier, msg, reduce, o.applyNode, o.etype);
}

/**
 * Frontiers of a topological order (DGL's topological_nodes_generator): first the nodes without
 * in-edges, then those whose in-neighbours are all in earlier frontiers; a cycle is an error.
 * With reverse, along out-edges instead.
 */
export function topologicalNodesGenerator(g: Graph, o: { reverse?: boolean; etype?: EtypeKey } = {}): Int32Array[] {
  const adj = g.sparse(o.etype);
  if (adj.numSrc !== adj.numDst) throw new DeepGraphError('topologicalNodesGenerator: needs a relation within one node type');
  const n = adj.numSrc;
  const fwd = o.reverse ? adj.csc() : adj.csr();
  const pending = Int32Array.from(o.reverse ? adj.outDegrees() : adj.inDegrees());
  let frontier = Int32Array.from({ length: n }, (_, v) => v).filter((v) => pending[v] === 0);
  const out: Int32Array[] = [];
  let seen = 0;
  while (frontier.length > 0) {
    out.push(frontier);
    seen += frontier.length;
    const next: number[] = [];
    for (const u of frontier) {
      for (let p = fwd.indptr[u]; p < fwd.indptr[u + 1]; p++) if (--pending[fwd.indices[p]] === 0) next.push(fwd.indices[p]);
    }
    frontier = Int32Array.from(next).sort();
  }
  if (seen !== n) throw new DeepGraphError(`topologicalNodesGenerator: the graph has a cycle (${n - seen} nodes never become ready)`);
  return out;
}

/** Pulls along a topological order (DGL's prop_nodes_topo): each node after all its predecessors. */
export function propNodesTopo(g: Graph, msg: MessageFn, reduce: ReduceFn, o: PropOptions & { reverse?: boolean } = {}): void {
  propNodes(g, topologicalNodesGenerator(g, o), msg, reduce, o);
}
