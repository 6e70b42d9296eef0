import type { Graph } from '../graph.js';
import { DeepGraphError } from '../../errors.js';
import { keepTypes } from './edge-type-subgraph.js';

/**
 * The given node types with every relation between them; structure and features kept as they
 * are, no ids stored (DGL's node_type_subgraph).
 */
export function nodeTypeSubgraph(g: Graph, ntypes: readonly string[]): Graph {
  for (const t of ntypes) {
    if (!g.ntypes.includes(t)) throw new DeepGraphError(`nodeTypeSubgraph: unknown node type '${t}'; valid: [${g.ntypes.join(', ')}]`);
  }
  const keep = new Set(ntypes);
  const types = g.ntypes.filter((t) => keep.has(t));
  const rels = g.canonicalEtypes.filter((c) => keep.has(c[0]) && keep.has(c[2]));
  return keepTypes(g, types, rels);
}
