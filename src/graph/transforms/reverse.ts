import type { Graph } from '../graph.js';
import { buildGraph, copyFrame, copyNodeFrames, cooOf, nodeCounts } from './util.js';

/**
 * Every relation s-e->d becomes d-e->s with edges reversed, edge ids and edge-type ids kept: relation
 * i of the result is relation i of g flipped (DGL reverse).
 */
export function reverse(g: Graph, opts: { copyNdata?: boolean; copyEdata?: boolean } = {}): Graph {
  const rels = g.canonicalEtypes.map((c) => {
    const { src, dst } = cooOf(g, c);
    return { canonical: [c[2], c[1], c[0]] as const, src: dst, dst: src };
  });
  const out = buildGraph(nodeCounts(g), rels, undefined, true);
  if (opts.copyNdata ?? true) copyNodeFrames(g, out);
  if (opts.copyEdata ?? false) {
    for (const c of g.canonicalEtypes) copyFrame(g.edgeFrame(c), out.edgeFrame([c[2], c[1], c[0]]));
  }
  return out;
}
