import { Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import type { Graph } from '../graph/graph.js';
import { heterograph } from '../graph/construct.js';
import { shuffled } from './sbm.js';

/** Options of syntheticRecommendation; every field has a default (SYNTHETIC_RECOMMENDATION_DEFAULTS). */
export interface SyntheticRecommendationOptions {
  users?: number;
  items?: number;
  /** Distinct user-item interactions (the generator stops early only when the graph cannot hold more). */
  interactions?: number;
  /** Planted communities; users and items are split evenly among them. */
  communities?: number;
  /** Probability that an interaction picks an item of the user's own community (else one of another). */
  affinity?: number;
  /** Exponent s of the Zipf popularity 1 / rank^s of items within their community. */
  popularityExponent?: number;
  numFeatures?: number;
  /** Scale of the community mean in item features (unit Gaussian noise is added). */
  featureSignal?: number;
  /** Fraction of the interactions held out for evaluation. */
  heldOutFraction?: number;
  seed?: number;
}

/** User-item pairs. */
export interface InteractionPairs { users: Int32Array; items: Int32Array }

/** A generated recommendation task: the training graph, the splits, the planted structure and the ideal scorer. */
export interface SyntheticRecommendation {
  /** The training interactions as 'user:buys:item' and the reverse 'item:boughtBy:user'; item ndata 'feat' and 'community', user ndata 'community'. */
  graph: Graph;
  train: InteractionPairs;
  heldOut: InteractionPairs;
  userCommunity: Int32Array;
  itemCommunity: Int32Array;
  itemFeatures: Tensor;
  /**
   * The generating probability P(item | user) for a block of items (row-major [users, itemEnd - itemStart]):
   * the ideal scorer, usable as evaluateRanking's `score`.
   */
  idealScore: (users: Int32Array, itemStart: number, itemEnd: number) => Float64Array;
}

/** The defaults of syntheticRecommendation: 1000 users, 500 items, 20000 interactions, 10 communities. */
export const SYNTHETIC_RECOMMENDATION_DEFAULTS: Required<SyntheticRecommendationOptions> = {
  users: 1000, items: 500, interactions: 20000, communities: 10, affinity: 0.8, popularityExponent: 0.8,
  numFeatures: 16, featureSignal: 1, heldOutFraction: 0.1, seed: 0,
};

function checkOptions(o: Required<SyntheticRecommendationOptions>): void {
  for (const name of ['users', 'items', 'interactions', 'communities', 'numFeatures'] as const) {
    if (!(Number.isInteger(o[name]) && o[name] >= 1)) throw new RangeError(`syntheticRecommendation: ${name} must be a positive integer, got ${o[name]}`);
  }
  if (o.communities > Math.min(o.users, o.items)) {
    throw new RangeError(`syntheticRecommendation: ${o.communities} communities need at least as many users and items, got ${o.users} and ${o.items}`);
  }
  if (o.interactions > o.users * o.items) throw new RangeError(`syntheticRecommendation: ${o.interactions} interactions exceed ${o.users} x ${o.items} pairs`);
  for (const name of ['affinity', 'heldOutFraction'] as const) {
    if (!(o[name] >= 0 && o[name] <= 1)) throw new RangeError(`syntheticRecommendation: ${name} must be in [0, 1], got ${o[name]}`);
  }
  if (!(o.popularityExponent >= 0 && o.featureSignal >= 0)) throw new RangeError('syntheticRecommendation: popularityExponent and featureSignal must be >= 0');
}

/** Community of each of n nodes: balanced, randomly placed. */
function balancedLabels(n: number, k: number, rng: Generator): Int32Array {
  const labels = new Int32Array(n), perm = shuffled(n, rng);
  for (let i = 0; i < n; i++) labels[perm[i]] = i % k;
  return labels;
}

/**
 * A seeded e-commerce-like bipartite graph with planted communities (the recommendation
 * counterpart of stochasticBlockModel). Each interaction draws a uniform user, then with
 * probability `affinity` the user's community (else a uniform other one), then an item of that
 * community by Zipf popularity. Item features are a Gaussian community mean times featureSignal
 * plus unit noise. Because the generating probability is known (`idealScore`), so is the ideal
 * ranking: models can be compared with it, with popularity and with each other.
 */
export function syntheticRecommendation(options: SyntheticRecommendationOptions = {}): SyntheticRecommendation {
  const o = { ...SYNTHETIC_RECOMMENDATION_DEFAULTS, ...options };
  checkOptions(o);
  const { users: U, items: I, communities: C } = o;
  const rng = new Generator(o.seed);
  const userCommunity = balancedLabels(U, C, rng), itemCommunity = balancedLabels(I, C, rng);
  // Items of each community in a random popularity order; popularity[i] = P(i | its community).
  const members: number[][] = Array.from({ length: C }, () => []);
  for (const i of shuffled(I, rng)) members[itemCommunity[i]].push(i);
  const popularity = new Float64Array(I);
  const cumulative = members.map((list) => {
    const w = list.map((_, r) => 1 / Math.pow(r + 1, o.popularityExponent));
    const total = w.reduce((a, b) => a + b, 0);
    list.forEach((i, r) => { popularity[i] = w[r] / total; });
    let acc = 0;
    return Float64Array.from(w, (x) => (acc += x / total));
  });
  const drawItem = (c: number): number => {
    const cum = cumulative[c], x = rng.nextFloat();
    let lo = 0, hi = cum.length - 1;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (cum[mid] > x) hi = mid; else lo = mid + 1; }
    return members[c][lo];
  };
  const seen = new Set<number>();
  const us: number[] = [], is: number[] = [];
  // A cap on attempts keeps a near-complete graph from looping forever.
  for (let attempts = 0; us.length < o.interactions && attempts < 50 * o.interactions; attempts++) {
    const u = rng.nextInt(U);
    let c = userCommunity[u];
    if (C > 1 && !(rng.nextFloat() < o.affinity)) c = (c + 1 + rng.nextInt(C - 1)) % C;
    // A repeat is redrawn in the same community, so deduplication does not dilute the affinity.
    let i = drawItem(c);
    for (let retry = 0; retry < 20 && seen.has(u * I + i); retry++) i = drawItem(c);
    if (seen.has(u * I + i)) continue;
    seen.add(u * I + i);
    us.push(u); is.push(i);
  }
  const order = shuffled(us.length, rng);
  const numHeld = Math.round(o.heldOutFraction * us.length);
  const pick = (from: number, to: number): InteractionPairs => ({
    users: Int32Array.from(order.subarray(from, to), (e) => us[e]), items: Int32Array.from(order.subarray(from, to), (e) => is[e]),
  });
  const heldOut = pick(0, numHeld), train = pick(numHeld, us.length);
  const means = Float32Array.from({ length: C * o.numFeatures }, () => rng.nextNormal() * o.featureSignal);
  const feat = new Float32Array(I * o.numFeatures);
  for (let i = 0; i < I; i++) {
    for (let f = 0; f < o.numFeatures; f++) feat[i * o.numFeatures + f] = means[itemCommunity[i] * o.numFeatures + f] + rng.nextNormal();
  }
  const itemFeatures = new Tensor(feat, [I, o.numFeatures], 'float32');
  const graph = heterograph({ 'user:buys:item': [train.users, train.items], 'item:boughtBy:user': [train.items, train.users] },
    { numNodes: { user: U, item: I } });
  graph.nodeFrame('item').set('feat', itemFeatures);
  graph.nodeFrame('item').set('community', new Tensor(itemCommunity, [I], 'int32'));
  graph.nodeFrame('user').set('community', new Tensor(userCommunity, [U], 'int32'));
  const other = C > 1 ? (1 - o.affinity) / (C - 1) : 0;
  const idealScore = (users: Int32Array, itemStart: number, itemEnd: number): Float64Array => {
    const w = itemEnd - itemStart, out = new Float64Array(users.length * w);
    users.forEach((u, r) => {
      for (let i = itemStart; i < itemEnd; i++) {
        out[r * w + i - itemStart] = popularity[i] * (itemCommunity[i] === userCommunity[u] ? (C > 1 ? o.affinity : 1) : other);
      }
    });
    return out;
  };
  return { graph, train, heldOut, userCommunity, itemCommunity, itemFeatures, idealScore };
}
