/**
 * A seeded power-law graph with communities, in the manner of the LFR benchmark (Lancichinetti,
 * Fortunato, Radicchi 2008): power-law degrees and community sizes, and a mixing fraction of each
 * node's edges leaving its community. Real graphs (social, product, citation) have such
 * communities, which is what graph partitioners exploit; R-MAT graphs have none.
 */
import { Generator } from '../tensor/random.js';
import type { EdgeList } from './generators.js';

/** Options of `powerLawCommunityGraph`. */
export interface CommunityGraphOptions {
  nodes: number;
  /** Mean number of (directed) edges per node; every undirected edge is stored in both directions. Default 10. */
  avgDegree?: number;
  /** Fraction of each node's edges drawn outside its community (LFR's mu). Default 0.1. */
  mixing?: number;
  /** Exponent of the degree distribution. Default 2.5. */
  degreeExponent?: number;
  /** Community sizes are power-law (exponent 1.5) in [minCommunity, maxCommunity]. Defaults 20 and 1000. */
  minCommunity?: number;
  maxCommunity?: number;
  seed?: number;
}

/** Index of the first cumulative weight above x in cum[lo, hi). */
function search(cum: Float64Array, lo: number, hi: number, x: number): number {
  while (lo < hi) { const mid = (lo + hi) >>> 1; if (cum[mid] > x) hi = mid; else lo = mid + 1; }
  return lo;
}

/** Pareto draw with exponent `exp` above `min`, capped at `max`. */
const pareto = (rng: Generator, min: number, max: number, exp: number): number => Math.min(max, min * (1 - rng.nextFloat()) ** (-1 / (exp - 1)));

/**
 * Edges of an LFR-style graph, both directions of every undirected edge (so dg.graph(...) gives
 * the symmetric graph a GNN uses); node ids are shuffled, so communities are not id ranges.
 * @example
 * ```ts
 * import * as dg from 'deepgraph';
 * const e = dg.data.powerLawCommunityGraph({ nodes: 10000, seed: 1 });
 * const g = dg.graph([e.src, e.dst], { numNodes: 10000 });
 * ```
 */
export function powerLawCommunityGraph(opts: CommunityGraphOptions): EdgeList & { community: Int32Array } {
  const op = 'powerLawCommunityGraph';
  const n = opts.nodes, avg = opts.avgDegree ?? 10, mu = opts.mixing ?? 0.1, exp = opts.degreeExponent ?? 2.5;
  const minC = opts.minCommunity ?? 20, maxC = opts.maxCommunity ?? 1000;
  if (!(Number.isInteger(n) && n >= 2 && n < 2 ** 30)) throw new RangeError(`${op}: nodes must be an integer in [2, 2^30), got ${n}`);
  if (!(avg > 0 && avg < n)) throw new RangeError(`${op}: avgDegree must be in (0, nodes), got ${avg}`);
  if (!(mu >= 0 && mu <= 1)) throw new RangeError(`${op}: mixing must be in [0, 1], got ${mu}`);
  if (!(exp > 2)) throw new RangeError(`${op}: degreeExponent must be above 2 (a finite mean), got ${exp}`);
  if (!(Number.isInteger(minC) && Number.isInteger(maxC) && minC >= 2 && maxC >= minC)) throw new RangeError(`${op}: need integers 2 <= minCommunity <= maxCommunity`);
  const rng = new Generator(opts.seed ?? 0);
  // Degrees: Pareto with the mean avg/2 undirected stubs per node (mean of Pareto = min (exp-1)/(exp-2)).
  const maxDeg = Math.max(2, Math.floor(Math.sqrt(n) * 4));
  const minDeg = (avg / 2) * (exp - 2) / (exp - 1);
  const stubs = Int32Array.from({ length: n }, () => Math.max(1, Math.round(pareto(rng, minDeg, maxDeg, exp))));
  // Communities over a random permutation of the ids.
  const perm = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) { const j = rng.nextInt(i + 1); const t = perm[i]; perm[i] = perm[j]; perm[j] = t; }
  const community = new Int32Array(n), starts: number[] = [0];
  for (let at = 0, c = 0; at < n; c++) {
    const size = Math.min(n - at, Math.round(pareto(rng, minC, maxC, 2.5)));
    for (let i = at; i < at + size; i++) community[perm[i]] = c;
    at += size;
    starts.push(at);
  }
  // Degree-proportional draws: cumulative stub counts in permutation order (each community is a run).
  const cum = new Float64Array(n);
  for (let i = 0; i < n; i++) cum[i] = (i > 0 ? cum[i - 1] : 0) + stubs[perm[i]];
  const runStart = new Int32Array(n), runEnd = new Int32Array(n);
  for (let c = 0; c + 1 < starts.length; c++) for (let i = starts[c]; i < starts[c + 1]; i++) { runStart[perm[i]] = starts[c]; runEnd[perm[i]] = starts[c + 1]; }
  const src: number[] = [], dst: number[] = [];
  for (let u = 0; u < n; u++) {
    for (let s = 0; s < stubs[u]; s++) {
      let lo = 0, hi = n;
      if (rng.nextFloat() >= mu) { lo = runStart[u]; hi = runEnd[u]; }
      const base = lo > 0 ? cum[lo - 1] : 0;
      const v = perm[search(cum, lo, hi - 1, base + rng.nextFloat() * (cum[hi - 1] - base))];
      if (v === u) continue;
      src.push(u, v); dst.push(v, u);
    }
  }
  return { src: Int32Array.from(src), dst: Int32Array.from(dst), community };
}
