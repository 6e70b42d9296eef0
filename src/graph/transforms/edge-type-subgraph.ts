import { canonicalKey, type CanonicalEtype, type EtypeKey, type Graph } from '../graph.js';
import { buildGraph, cooOf, copyFrame } from './util.js';

/**
 * The relations named (in g's order), with the node types they use; structure and features are
 * kept as they are, no ids stored (DGL's edge_type_subgraph).
 */
export function edgeTypeSubgraph(g: Graph, etypes: readonly EtypeKey[]): Graph {
  const keys = new Set(etypes.map((et) => canonicalKey(g.toCanonicalEtype(et))));
  const rels = g.canonicalEtypes.filter((c) => keys.has(canonicalKey(c)));
  return keepTypes(g, g.ntypes.filter((t) => rels.some((c) => c[0] === t || c[2] === t)), rels);
}

/** g restricted to some node types and relations (features shared, in g's order). */
export function keepTypes(g: Graph, types: readonly string[], rels: readonly CanonicalEtype[]): Graph {
  const out = buildGraph(new Map(types.map((t) => [t, g.numNodes(t)])), rels.map((c) => ({ canonical: c, ...cooOf(g, c) })), undefined, true);
  for (const t of types) copyFrame(g.nodeFrame(t), out.nodeFrame(t));
  for (const c of rels) copyFrame(g.edgeFrame(c), out.edgeFrame(c));
  return out;
}
