/**
 * Random-walk neighbourhoods (DGL's RandomWalkNeighborSampler and PinSAGESampler, Ying et al.
 * 2018): the neighbours of a node are the nodes of its own type that walks from it visit most.
 */
import { DeepGraphError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { Generator } from '../tensor/random.js';
import { type CanonicalEtype, canonicalKey, type Graph } from '../graph/graph.js';
import { heterograph } from '../graph/construct.js';
import { type IdsLike, resolveSeed, toIds } from './common.js';
import { randomWalk } from './randomwalk.js';

/** Options of RandomWalkNeighborSampler (DGL's keyword arguments, camelCase). */
export interface RandomWalkNeighborOptions {
  /** Most metapath traversals in one walk. */
  numTraversals: number;
  /** Probability of ending a walk after each complete traversal (never inside one, as DGL). */
  terminationProb: number;
  /** Walks started from each seed. */
  numRandomWalks: number;
  /** Most neighbours kept per seed: the most visited nodes. */
  numNeighbors: number;
  /** Relations of one traversal; must start and end on the same node type. Default: the graph's only relation. */
  metapath?: readonly string[];
  /** Edge feature of the result holding the visit counts (default 'weights', as DGL). */
  weightColumn?: string;
  /** Seed of the walks; successive calls draw new walks from it. Default: the global generator. */
  seed?: number;
}

function checkCount(op: string, name: string, v: number, min: number): void {
  if (!(Number.isInteger(v) && v >= min)) throw new RangeError(`${op}: ${name} must be an integer >= ${min}, got ${v}`);
}

/**
 * Calls sample(seeds) to build a graph of one node type whose edges run from each seed's most
 * visited nodes to the seed, with the visit counts (float32, usable directly as edge weights)
 * in edata[weightColumn]. Each seed yields at most numNeighbors edges, most visited first, ties
 * by lower node id; the seed itself counts when a walk returns to it (DGL). Each listed seed is
 * sampled on its own, so a repeated seed gets its edges twice.
 */
export class RandomWalkNeighborSampler {
  readonly ntype: string;
  readonly metapath: readonly CanonicalEtype[];
  readonly weightColumn: string;
  private readonly rng: Generator;

  constructor(readonly g: Graph, readonly opts: RandomWalkNeighborOptions, op = 'RandomWalkNeighborSampler') {
    checkCount(op, 'numTraversals', opts.numTraversals, 1);
    checkCount(op, 'numRandomWalks', opts.numRandomWalks, 1);
    checkCount(op, 'numNeighbors', opts.numNeighbors, 1);
    if (!(opts.terminationProb >= 0 && opts.terminationProb <= 1)) {
      throw new RangeError(`${op}: terminationProb must be in [0, 1], got ${opts.terminationProb}`);
    }
    if (opts.metapath === undefined && g.canonicalEtypes.length !== 1) {
      throw new DeepGraphError(`${op}: a graph with ${g.canonicalEtypes.length} relations needs a metapath`);
    }
    this.metapath = (opts.metapath ?? [canonicalKey(g.canonicalEtypes[0])]).map((et) => g.toCanonicalEtype(et));
    if (this.metapath.length === 0) throw new DeepGraphError(`${op}: the metapath is empty`);
    const start = this.metapath[0][0], end = this.metapath[this.metapath.length - 1][2];
    if (start !== end) throw new DeepGraphError(`${op}: the metapath must start and end on one node type, got '${start}' and '${end}'`);
    this.ntype = start;
    this.weightColumn = opts.weightColumn ?? 'weights';
    this.rng = new Generator(resolveSeed(op, opts.seed));
  }

  /** The neighbour graph of the given seeds of type ntype (DGL's __call__). */
  sample(seeds: IdsLike): Graph {
    const { numTraversals, numRandomWalks, numNeighbors, terminationProb } = this.opts;
    const n = this.g.numNodes(this.ntype);
    const seedIds = toIds('RandomWalkNeighborSampler', `seed ${this.ntype}`, seeds, n);
    const W = seedIds.length * numRandomWalks;
    // visits[w * numTraversals + t]: where walk w stands after traversal t (-1 once it has ended).
    const visits = new Int32Array(W * numTraversals).fill(-1);
    let alive = Int32Array.from({ length: W }, (_, w) => w);
    let at = Int32Array.from(alive, (w) => seedIds[Math.floor(w / numRandomWalks)]);
    const path = this.metapath.map(canonicalKey);
    for (let t = 0; t < numTraversals && alive.length > 0; t++) {
      const traces = randomWalk(this.g, at, { metapath: path, seed: this.rng.nextUint32() }).traces;
      const last = traces.shape[1] - 1;
      const nextAlive: number[] = [], nextAt: number[] = [];
      alive.forEach((w, i) => {
        const v = traces.data[i * (last + 1) + last];
        if (v < 0) return;
        visits[w * numTraversals + t] = v;
        if (t + 1 < numTraversals && !(this.rng.nextFloat() < terminationProb)) { nextAlive.push(w); nextAt.push(v); }
      });
      alive = Int32Array.from(nextAlive);
      at = Int32Array.from(nextAt);
    }
    const src: number[] = [], dst: number[] = [], counts: number[] = [];
    const per = numRandomWalks * numTraversals;
    seedIds.forEach((s, i) => {
      const seen = new Map<number, number>();
      for (let j = i * per; j < (i + 1) * per; j++) if (visits[j] >= 0) seen.set(visits[j], (seen.get(visits[j]) ?? 0) + 1);
      const top = [...seen.entries()].sort((a, b) => (b[1] - a[1]) || (a[0] - b[0])).slice(0, numNeighbors);
      for (const [v, c] of top) { src.push(v); dst.push(s); counts.push(c); }
    });
    const out = heterograph({ [`${this.ntype}:_E:${this.ntype}`]: [src, dst] }, { numNodes: { [this.ntype]: n } });
    out.edata.set(this.weightColumn, new Tensor(Float32Array.from(counts), [counts.length], 'float32'));
    return out;
  }
}

/**
 * DGL's PinSAGESampler on a bidirectional bipartite graph: walks ntype → otherType → ntype (the
 * first relation each way), e.g. item → user → item, with numTraversals, terminationProb,
 * numRandomWalks and numNeighbors as in RandomWalkNeighborSampler.
 */
export class PinSAGESampler extends RandomWalkNeighborSampler {
  constructor(g: Graph, ntype: string, otherType: string, opts: Omit<RandomWalkNeighborOptions, 'metapath'>) {
    const find = (from: string, to: string): string => {
      const c = g.canonicalEtypes.find((r) => r[0] === from && r[2] === to);
      if (c === undefined) throw new DeepGraphError(`PinSAGESampler: the graph has no relation from '${from}' to '${to}'; relations are [${g.canonicalEtypes.map(canonicalKey).join(', ')}]`);
      return canonicalKey(c);
    };
    super(g, { ...opts, metapath: [find(ntype, otherType), find(otherType, ntype)] }, 'PinSAGESampler');
  }
}
