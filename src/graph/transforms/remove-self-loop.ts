import { canonicalKey, type EtypeKey, type Graph } from '../graph.js';
import { cooOf, editRelations, sameTypeRelation } from './util.js';

/**
 * The graph without edges u→u in one relation (all of them, for repeated loops); the remaining
 * edges keep their order and features. Unlike the other transforms it keeps the batch sizes, with
 * each member's edge count reduced by its loops (DGL remove_self_loop preserves batch information).
 */
export function removeSelfLoop(g: Graph, opts: { etype?: EtypeKey } = {}): Graph {
  const c = sameTypeRelation(g, 'removeSelfLoop', opts.etype);
  const key = canonicalKey(c);
  const { src, dst } = cooOf(g, c);
  const keep: number[] = [];
  for (let e = 0; e < src.length; e++) if (src[e] !== dst[e]) keep.push(e);
  const edgeMap = Int32Array.from(keep);
  const sizes = g.batchNumEdges(c), kept = new Int32Array(sizes.length);
  for (let b = 0, e = 0; b < sizes.length; b++) {
    for (const end = e + sizes[b]; e < end; e++) if (src[e] !== dst[e]) kept[b]++;
  }
  const batch = {
    nodes: new Map(g.ntypes.map((t) => [t, g.batchNumNodes(t)])),
    edges: new Map(g.canonicalEtypes.map((r) => [canonicalKey(r), canonicalKey(r) === key ? kept : g.batchNumEdges(r)])),
  };
  return editRelations(g, new Map([[key, { src: edgeMap.map((e) => src[e]), dst: edgeMap.map((e) => dst[e]), edgeMap }]]), { batch });
}
