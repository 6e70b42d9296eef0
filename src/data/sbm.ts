import { Generator } from '../tensor/random.js';
import type { NodeClassificationArrays } from './planetoid-raw.js';

/** Options of the synthetic node-classification graph (a stochastic block model with class-correlated features). */
export interface SyntheticNodeOptions {
  numNodes?: number;
  numClasses?: number;
  numFeatures?: number;
  /** Mean number of neighbours per node (after symmetrisation). */
  avgDegree?: number;
  /** Fraction of edges that join two nodes of the same class. */
  homophily?: number;
  /** Distance scale of the class means relative to the unit Gaussian feature noise. */
  featureSignal?: number;
  trainPerClass?: number;
  numVal?: number;
  numTest?: number;
  seed?: number;
}

/** The defaults of `SyntheticNodeOptions` (what `deepgraph train` uses). */
export const SYNTHETIC_DEFAULTS: Required<SyntheticNodeOptions> = {
  numNodes: 2000, numClasses: 5, numFeatures: 64, avgDegree: 10, homophily: 0.8,
  featureSignal: 0.15, trainPerClass: 20, numVal: 500, numTest: 1000, seed: 0,
};

/**
 * A planted-partition stochastic block model with class-correlated features.
 * Classes are balanced and randomly placed; each undirected edge picks a uniform endpoint u and,
 * with probability `homophily`, a partner of u's class, otherwise one of another class.
 * Features are a per-class Gaussian mean (scaled by featureSignal) plus unit Gaussian noise, so one
 * node's features say little about its class while averages over its neighbourhood say a lot:
 * a GCN learns it well, an MLP does not.
 * Splits follow Planetoid: trainPerClass nodes of each class, then numVal and numTest others.
 */
export function stochasticBlockModel(options: SyntheticNodeOptions = {}): NodeClassificationArrays {
  const o = { ...SYNTHETIC_DEFAULTS, ...options };
  const { numNodes: n, numClasses: k, numFeatures: f } = o;
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(k) || k < 2 || k > n || !Number.isInteger(f) || f < 1) {
    throw new RangeError(`SyntheticNodeDataset: need integers numNodes >= numClasses >= 2 and numFeatures >= 1, got ${n}, ${k}, ${f}`);
  }
  if (!(o.homophily >= 0 && o.homophily <= 1)) throw new RangeError(`SyntheticNodeDataset: homophily must be in [0, 1], got ${o.homophily}`);
  if (k * o.trainPerClass + o.numVal + o.numTest > n) {
    throw new RangeError(`SyntheticNodeDataset: ${k} x ${o.trainPerClass} train + ${o.numVal} val + ${o.numTest} test exceeds ${n} nodes`);
  }
  const rng = new Generator(o.seed);
  const labels = new Int32Array(n);
  const perm = shuffled(n, rng);
  for (let i = 0; i < n; i++) labels[perm[i]] = i % k;
  const members: number[][] = Array.from({ length: k }, () => []);
  for (let v = 0; v < n; v++) members[labels[v]].push(v);

  const numPairs = Math.round((n * o.avgDegree) / 2);
  const keys = new Float64Array(2 * numPairs);
  let m = 0;
  for (let e = 0; e < numPairs; e++) {
    const u = rng.nextInt(n);
    let cls = labels[u];
    if (rng.nextFloat() >= o.homophily) cls = (cls + 1 + rng.nextInt(k - 1)) % k;
    const group = members[cls];
    const v = group[rng.nextInt(group.length)];
    if (u === v) continue;
    keys[m++] = u * n + v;
    keys[m++] = v * n + u;
  }
  const sorted = keys.subarray(0, m).sort();
  let unique = 0;
  for (let i = 0; i < m; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[unique++] = sorted[i];
  const src = new Int32Array(unique), dst = new Int32Array(unique);
  for (let i = 0; i < unique; i++) {
    src[i] = Math.floor(sorted[i] / n);
    dst[i] = sorted[i] - src[i] * n;
  }

  const means = new Float32Array(k * f);
  for (let i = 0; i < means.length; i++) means[i] = o.featureSignal * rng.nextNormal();
  const features = new Float32Array(n * f);
  for (let v = 0; v < n; v++) {
    for (let j = 0; j < f; j++) features[v * f + j] = means[labels[v] * f + j] + rng.nextNormal();
  }

  const trainMask = new Uint8Array(n), valMask = new Uint8Array(n), testMask = new Uint8Array(n);
  const taken = new Int32Array(k);
  const rest: number[] = [];
  for (const v of shuffled(n, rng)) {
    if (taken[labels[v]] < o.trainPerClass) { trainMask[v] = 1; taken[labels[v]]++; } else rest.push(v);
  }
  for (let i = 0; i < o.numVal; i++) valMask[rest[i]] = 1;
  for (let i = o.numVal; i < o.numVal + o.numTest; i++) testMask[rest[i]] = 1;
  return { numNodes: n, src, dst, numFeatures: f, features, labels, numClasses: k, trainMask, valMask, testMask };
}

/** A uniformly random permutation of 0..n-1 (Fisher-Yates). */
export function shuffled(n: number, rng: Generator): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    const t = p[i]; p[i] = p[j]; p[j] = t;
  }
  return p;
}
