import { canonicalKey, type Graph } from '../graph.js';
import { EID, arangeIds, idTensor } from '../ids.js';
import { concatIds, cooOf, editRelations, type RelationEdit } from './util.js';

/** Options of `addReverseEdges`. */
export interface AddReverseEdgesOptions {
  copyNdata?: boolean;
  /**
   * Keep edge features, each reverse edge taking its forward edge's, and record the original edge
   * id as EID on every relation (default false: no edge features, as DGL).
   */
  copyEdata?: boolean;
  /** Do not add a reverse copy of self-loops (default true, as DGL). */
  excludeSelf?: boolean;
  /** Leave relations between different node types alone instead of throwing. */
  ignoreBipartite?: boolean;
}

/** Appends v→u after the edges u→v of every same-type relation; reverse edge i+E mirrors edge i. */
export function addReverseEdges(g: Graph, opts: AddReverseEdgesOptions = {}): Graph {
  const edits = new Map<string, RelationEdit>();
  for (const c of g.canonicalEtypes) {
    if (c[0] !== c[2]) {
      if (opts.ignoreBipartite) continue;
      throw new RangeError(`addReverseEdges: relation ${canonicalKey(c)} joins different node types; pass ignoreBipartite`);
    }
    const { src, dst } = cooOf(g, c);
    const rev: number[] = [];
    for (let e = 0; e < src.length; e++) if (!(opts.excludeSelf ?? true) || src[e] !== dst[e]) rev.push(e);
    const revIds = Int32Array.from(rev);
    const edgeMap = concatIds(Int32Array.from({ length: src.length }, (_, i) => i), revIds);
    edits.set(canonicalKey(c), {
      src: concatIds(src, revIds.map((e) => dst[e])), dst: concatIds(dst, revIds.map((e) => src[e])), edgeMap,
    });
  }
  const out = editRelations(g, edits, { copyNdata: opts.copyNdata ?? true, copyEdata: opts.copyEdata ?? false });
  if (opts.copyEdata) {
    for (const c of g.canonicalEtypes) {
      const map = edits.get(canonicalKey(c))?.edgeMap ?? arangeIds(g.numEdges(c));
      out.edgeFrame(c).set(EID, idTensor(map));
    }
  }
  return out;
}
