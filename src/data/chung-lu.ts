/**
 * Chung-Lu power-law graphs: node i gets the weight w_i = (i + 1)^-alpha and each edge draws its two
 * endpoints independently in proportion to the weights, so the expected degree of i is proportional
 * to w_i. alpha is solved for so the largest expected degree is `maxDegree` while the mean stays
 * edges / nodes; ids are then shuffled so degree does not follow id. Unlike R-MAT at high density,
 * the degree range is set directly (R-MAT's hubs grow with the edge count and repeat edges thousands
 * of times), which is what a stand-in for a dense real graph such as Reddit needs.
 */
import { Generator } from '../tensor/random.js';
import type { EdgeList } from './generators.js';

/** Options of `chungLuGraph`. */
export interface ChungLuOptions {
  nodes: number;
  /** Directed edges; with `symmetric` they come in u -> v, v -> u pairs, so the count must be even. */
  edges: number;
  /**
   * Expected degree of the heaviest node (default sqrt(edges), the largest that keeps every pair's
   * edge probability below 1, i.e. almost no repeated edges). At least the mean edges / nodes.
   */
  maxDegree?: number;
  /** Store both directions of every drawn pair (an undirected graph as DGL stores one; default true). */
  symmetric?: boolean;
  seed?: number;
}

/** Mean of (i + 1)^-alpha over i < n, the weight of node 0 being 1. */
function meanWeight(n: number, alpha: number): number {
  let s = 0;
  for (let i = 1; i <= n; i++) s += i ** -alpha;
  return s / n;
}

/** The exponent whose heaviest-to-mean weight ratio is `ratio` (bisection; the ratio grows with alpha). */
function exponentFor(n: number, ratio: number): number {
  if (ratio <= 1) return 0;
  let lo = 0, hi = 1;
  while (1 / meanWeight(n, hi) < ratio) {
    hi *= 2;
    if (hi > 64) throw new RangeError(`chungLuGraph: a maximum degree ${ratio}x the mean is out of reach with ${n} nodes`);
  }
  for (let k = 0; k < 40; k++) {
    const mid = (lo + hi) / 2;
    if (1 / meanWeight(n, mid) < ratio) lo = mid; else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Vose's alias table: one uniform index and one coin draw pick i with probability weight_i / sum. */
function aliasTable(weights: Float64Array): { prob: Float64Array; alias: Int32Array } {
  const n = weights.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += weights[i];
  const prob = new Float64Array(n), alias = new Int32Array(n);
  const scaled = Float64Array.from(weights, (w) => (w * n) / total);
  const small: number[] = [], large: number[] = [];
  for (let i = 0; i < n; i++) (scaled[i] < 1 ? small : large).push(i);
  while (small.length > 0 && large.length > 0) {
    const s = small.pop()!, l = large[large.length - 1];
    prob[s] = scaled[s];
    alias[s] = l;
    scaled[l] -= 1 - scaled[s];
    if (scaled[l] < 1) { large.pop(); small.push(l); }
  }
  for (const i of [...small, ...large]) { prob[i] = 1; alias[i] = i; }
  return { prob, alias };
}

/**
 * A seeded Chung-Lu graph with power-law expected degrees (mean edges / nodes, maximum `maxDegree`),
 * no self-loops; repeated edges are possible between hubs when maxDegree exceeds sqrt(edges).
 * Not in DGL or PyG (networkx's `expected_degree_graph` is the same model).
 */
export function chungLuGraph(opts: ChungLuOptions): EdgeList {
  const { nodes, edges } = opts;
  const symmetric = opts.symmetric ?? true;
  if (!Number.isInteger(nodes) || nodes < 2 || nodes > 2 ** 31 - 1) throw new RangeError(`chungLuGraph: nodes must be an integer in [2, 2^31), got ${nodes}`);
  if (!Number.isInteger(edges) || edges < 0) throw new RangeError(`chungLuGraph: edges must be a non-negative integer, got ${edges}`);
  if (symmetric && edges % 2 !== 0) throw new RangeError(`chungLuGraph: a symmetric graph has an even number of directed edges, got ${edges}`);
  const mean = edges / nodes;
  const maxDegree = opts.maxDegree ?? Math.sqrt(edges);
  if (!(Number.isFinite(maxDegree) && maxDegree >= mean && maxDegree <= edges)) {
    throw new RangeError(`chungLuGraph: maxDegree must lie between the mean degree ${mean} and the edge count ${edges}, got ${maxDegree}`);
  }
  const alpha = exponentFor(nodes, mean === 0 ? 1 : maxDegree / mean);
  const weights = Float64Array.from({ length: nodes }, (_, i) => (i + 1) ** -alpha);
  const { prob, alias } = aliasTable(weights);
  const rng = new Generator(opts.seed ?? 0);
  // Seeded Fisher-Yates: the weight rank of a node is not its id.
  const ids = Int32Array.from({ length: nodes }, (_, i) => i);
  for (let i = nodes - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    const t = ids[i]; ids[i] = ids[j]; ids[j] = t;
  }
  const draw = (): number => {
    const i = Math.floor((rng.nextUint32() / 4294967296) * nodes);
    return rng.nextUint32() / 4294967296 < prob[i] ? i : alias[i];
  };
  const src = new Int32Array(edges), dst = new Int32Array(edges);
  const step = symmetric ? 2 : 1;
  for (let e = 0; e < edges; e += step) {
    const u = draw();
    let v = draw();
    while (v === u) v = draw();
    src[e] = ids[u]; dst[e] = ids[v];
    if (symmetric) { src[e + 1] = ids[v]; dst[e + 1] = ids[u]; }
  }
  return { src, dst };
}

/** Reddit's size as DGL's RedditDataset ships it: nodes, directed edges (both directions), the largest degree. */
export const REDDIT_SHAPE = { nodes: 232_965, edges: 114_615_892, maxDegree: 21_657, feats: 602, classes: 41 } as const;
