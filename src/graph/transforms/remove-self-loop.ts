import { canonicalKey, type EtypeKey, type Graph } from '../graph.js';
import { cooOf, editRelations, sameTypeRelation } from './util.js';

/** The graph without edges u→u in one relation; remaining edges keep their order and features. */
export function removeSelfLoop(g: Graph, opts: { etype?: EtypeKey } = {}): Graph {
  const c = sameTypeRelation(g, 'removeSelfLoop', opts.etype);
  const { src, dst } = cooOf(g, c);
  const keep: number[] = [];
  for (let e = 0; e < src.length; e++) if (src[e] !== dst[e]) keep.push(e);
  const edgeMap = Int32Array.from(keep);
  return editRelations(g, new Map([[canonicalKey(c), {
    src: edgeMap.map((e) => src[e]), dst: edgeMap.map((e) => dst[e]), edgeMap,
  }]]));
}
