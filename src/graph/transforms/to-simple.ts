import { canonicalKey, type Graph } from '../graph.js';
import { Tensor } from '../../tensor/tensor.js';
import { div } from '../../tensor/elementwise.js';
import { gatherRows, scatterAddRows } from '../rows.js';
import { DTypeError } from '../../errors.js';
import { buildGraph, coalesce, copyNodeFrames, cooOf, nodeCounts } from './util.js';

/** Options of `toSimple`. */
export interface ToSimpleOptions {
  /** Edge feature that receives each new edge's multiplicity; null for none (default 'count'). */
  returnCounts?: string | null;
  copyNdata?: boolean;
  copyEdata?: boolean;
  /** How parallel edges' features combine: the first edge's, their sum, or their mean. */
  aggregator?: 'arbitrary' | 'sum' | 'mean';
}

/** The simple graph and, per original edge, the id of the edge it was merged into. */
export interface ToSimpleResult {
  graph: Graph;
  /** Per relation (canonical key): the new edge id of every old edge. */
  mapping: Map<string, Int32Array>;
}

/** One edge per distinct (src, dst), sorted by (src, dst), plus the old→new edge mapping. */
export function toSimpleWithMapping(g: Graph, opts: ToSimpleOptions = {}): ToSimpleResult {
  const parts = g.canonicalEtypes.map((c) => ({ c, ...coalesce(cooOf(g, c).src, cooOf(g, c).dst) }));
  const out = buildGraph(nodeCounts(g), parts.map((p) => ({ canonical: p.c, src: p.src, dst: p.dst })));
  if (opts.copyNdata ?? true) copyNodeFrames(g, out);
  const mapping = new Map<string, Int32Array>();
  for (const p of parts) {
    mapping.set(canonicalKey(p.c), p.mapping);
    const frame = out.edgeFrame(p.c);
    if (opts.copyEdata ?? false) {
      for (const [name, t] of g.edgeFrame(p.c)) frame.set(name, aggregate(t, p.mapping, p.counts, opts.aggregator ?? 'arbitrary'));
    }
    const countName = opts.returnCounts === undefined ? 'count' : opts.returnCounts;
    if (countName !== null) frame.set(countName, new Tensor(p.counts, [p.counts.length], 'int32'));
  }
  return { graph: out, mapping };
}

/** toSimpleWithMapping without the mapping (DGL to_simple). */
export function toSimple(g: Graph, opts: ToSimpleOptions = {}): Graph {
  return toSimpleWithMapping(g, opts).graph;
}

function aggregate(t: Tensor, mapping: Int32Array, counts: Int32Array, how: 'arbitrary' | 'sum' | 'mean'): Tensor {
  if (how === 'arbitrary') {
    const first = new Int32Array(counts.length).fill(-1);
    for (let e = 0; e < mapping.length; e++) if (first[mapping[e]] < 0) first[mapping[e]] = e;
    return gatherRows(t, first);
  }
  if (t.dtype !== 'float32' && t.dtype !== 'float64') throw new DTypeError(`toSimple: aggregator '${how}' needs float features, got ${t.dtype}`);
  const sum = scatterAddRows(t, mapping, counts.length);
  if (how === 'sum') return sum;
  const shape = [counts.length, ...t.shape.slice(1).map(() => 1)];
  return div(sum, new Tensor(t.dtype === 'float32' ? Float32Array.from(counts) : Float64Array.from(counts), shape, t.dtype));
}
