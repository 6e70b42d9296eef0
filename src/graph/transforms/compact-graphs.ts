import { canonicalKey, type Graph } from '../graph.js';
import { ShapeError } from '../../errors.js';
import type { IdsLike } from '../ids.js';
import { induce, uniqueInOrder } from './induce.js';
import { nodesPerType, type PerType } from './util.js';

/** Options of `compactGraphs`. */
export interface CompactGraphsOptions {
  /** Nodes kept even when no edge touches them; they are numbered first. */
  alwaysPreserve?: PerType<IdsLike>;
  copyNdata?: boolean;
  copyEdata?: boolean;
}

/**
 * Drops the nodes no edge touches in any of the given graphs (DGL compact_graphs; the graphs share
 * node types and counts, so they stay aligned). Kept nodes are numbered as DGL's hash map meets
 * them: alwaysPreserve first, then graph by graph, relation by relation, sources then
 * destinations. ndata NID maps new ids to old (stored with the node features, so not with
 * copyNdata false, as in DGL); edges keep their order and features (no EID).
 */
export function compactGraphs(graphs: Graph, opts?: CompactGraphsOptions): Graph;
export function compactGraphs(graphs: readonly Graph[], opts?: CompactGraphsOptions): Graph[];
export function compactGraphs(graphs: Graph | readonly Graph[], opts: CompactGraphsOptions = {}): Graph | Graph[] {
  const list = Array.isArray(graphs) ? graphs as readonly Graph[] : [graphs as Graph];
  if (list.length === 0) return [];
  const first = list[0];
  for (const g of list) {
    if (g.isBlock) throw new RangeError('compactGraphs: a block cannot be compacted');
    if (g.ntypes.join() !== first.ntypes.join()) {
      throw new ShapeError(`compactGraphs: every graph must have the same node types, got [${first.ntypes}] and [${g.ntypes}]`);
    }
    for (const t of first.ntypes) {
      if (g.numNodes(t) !== first.numNodes(t)) {
        throw new ShapeError(`compactGraphs: node type '${t}' has ${first.numNodes(t)} nodes in one graph and ${g.numNodes(t)} in another`);
      }
    }
  }
  const seen = new Map<string, Int32Array[]>(first.ntypes.map((t) => [t, []]));
  if (opts.alwaysPreserve !== undefined) {
    for (const [t, ids] of nodesPerType(first, opts.alwaysPreserve, 'compactGraphs')) seen.get(t)!.push(ids);
  }
  for (const g of list) {
    for (const c of g.canonicalEtypes) {
      const { src, dst } = g.sparse(c).coo();
      seen.get(c[0])!.push(src);
      seen.get(c[2])!.push(dst);
    }
  }
  const nodes = new Map([...seen].map(([t, arrays]) => [t, uniqueInOrder(...arrays)]));
  const out = list.map((g) => {
    const edges = new Map(g.canonicalEtypes.map((c) => [canonicalKey(c), Int32Array.from({ length: g.numEdges(c) }, (_, i) => i)]));
    return induce(g, {
      nodes, edges, storeNodeIds: opts.copyNdata ?? true, storeEdgeIds: false, copyNdata: opts.copyNdata ?? true, copyEdata: opts.copyEdata ?? true,
    });
  });
  return Array.isArray(graphs) ? out : out[0];
}
