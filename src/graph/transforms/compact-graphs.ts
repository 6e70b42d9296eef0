import type { Graph } from '../graph.js';
import { ShapeError } from '../../errors.js';
import type { IdsLike } from '../ids.js';
import { induce, uniqueSorted } from './induce.js';
import { concatIds, nodesPerType, type PerType } from './util.js';

/**
 * Drops the nodes no edge touches (across all the given graphs, which share node types and
 * counts, so they stay aligned); alwaysPreserve nodes are kept too. Kept nodes are renumbered in
 * increasing original id, recorded in ndata NID; edges keep their order and features.
 */
export function compactGraphs(graphs: Graph, opts?: { alwaysPreserve?: PerType<IdsLike> }): Graph;
export function compactGraphs(graphs: readonly Graph[], opts?: { alwaysPreserve?: PerType<IdsLike> }): Graph[];
export function compactGraphs(graphs: Graph | readonly Graph[], opts: { alwaysPreserve?: PerType<IdsLike> } = {}): Graph | Graph[] {
  const list = Array.isArray(graphs) ? graphs as readonly Graph[] : [graphs as Graph];
  if (list.length === 0) return [];
  const first = list[0];
  for (const g of list) {
    for (const t of first.ntypes) {
      if (!g.ntypes.includes(t) || g.numNodes(t) !== first.numNodes(t)) {
        throw new ShapeError(`compactGraphs: every graph must have the same node types and counts (node type '${t}')`);
      }
    }
  }
  const used = new Map<string, Int32Array>(first.ntypes.map((t) => [t, new Int32Array(0)]));
  if (opts.alwaysPreserve !== undefined) {
    for (const [t, ids] of nodesPerType(first, opts.alwaysPreserve, 'compactGraphs')) used.set(t, ids);
  }
  for (const g of list) {
    for (const c of g.canonicalEtypes) {
      const { src, dst } = g.sparse(c).coo();
      used.set(c[0], concatIds(used.get(c[0])!, src));
      used.set(c[2], concatIds(used.get(c[2])!, dst));
    }
  }
  const nodes = new Map([...used].map(([t, ids]) => [t, uniqueSorted(ids)]));
  const out = list.map((g) => {
    const edges = new Map(g.canonicalEtypes.map((c) => [c.join(':'), Int32Array.from({ length: g.numEdges(c) }, (_, i) => i)]));
    return induce(g, { nodes, edges, storeIds: true, storeEdgeIds: false });
  });
  return Array.isArray(graphs) ? out : out[0];
}
