import { canonicalKey, type Graph } from '../graph.js';
import { coalesce, concatIds, cooOf, editRelations, sameTypeRelation } from './util.js';

/**
 * A simple graph with u→v and v→u for every edge u→v, edges sorted by (src, dst). As in DGL,
 * edge features are dropped and node features are copied only with copyNdata.
 */
export function toBidirected(g: Graph, opts: { copyNdata?: boolean } = {}): Graph {
  const edits = new Map(g.canonicalEtypes.map((c0) => {
    const c = sameTypeRelation(g, 'toBidirected', c0);
    const { src, dst } = cooOf(g, c);
    const s = coalesce(concatIds(src, dst), concatIds(dst, src));
    return [canonicalKey(c), { src: s.src, dst: s.dst, edgeMap: new Int32Array(0) }];
  }));
  return editRelations(g, edits, { copyNdata: opts.copyNdata ?? false, copyEdata: false });
}
