import { canonicalKey, type EtypeKey, type Graph } from '../graph.js';
import { cooOf, concatIds, editRelations, sameTypeRelation } from './util.js';

/**
 * One self-loop per node appended after the existing edges of a relation whose endpoints share a
 * type (DGL add_self_loop). Features are kept; the new edges' features are filled with fillData.
 */
export function addSelfLoop(g: Graph, opts: { etype?: EtypeKey; fillData?: number } = {}): Graph {
  const c = sameTypeRelation(g, 'addSelfLoop', opts.etype);
  const n = g.numNodes(c[0]);
  const { src, dst } = cooOf(g, c);
  const loops = Int32Array.from({ length: n }, (_, i) => i);
  const edgeMap = concatIds(Int32Array.from({ length: src.length }, (_, i) => i), new Int32Array(n).fill(-1));
  return editRelations(g, new Map([[canonicalKey(c), { src: concatIds(src, loops), dst: concatIds(dst, loops), edgeMap }]]),
    { fill: opts.fillData ?? 1 });
}
