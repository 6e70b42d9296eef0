/**
 * GraphSAINT (Zeng et al. 2020; DGL's dgl.dataloading.SAINTSampler): each batch is the subgraph
 * induced by nodes drawn by a node, edge or random-walk sampler, carrying GraphSAINT's
 * normalisation coefficients estimated from pre-sampled subgraphs (as PyG's GraphSAINTSampler):
 * ndata `nodeNorm` (loss weight, numSamples / (count_v * N)) and edata `edgeNorm` (aggregation
 * weight count_v / count_uv for edge u->v).
 */
import type { Graph } from '../graph/graph.js';
import { EID, NID } from '../graph/ids.js';
import { nodeSubgraph } from '../graph/transforms/node-subgraph.js';
import { randomWalk } from '../sampling/randomwalk.js';
import { resolveSeed } from '../sampling/common.js';
import { Generator, defaultGenerator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import { checkOptionKeys } from './neighbor-sampler.js';
import { type SubgraphSampler, checkHomogeneous } from './subgraph-sampler.js';

/** Which GraphSAINT sampler: nodes by degree, edges by inverse degrees, or random walks from uniform roots. */
export type SAINTMode = 'node' | 'edge' | 'walk';

/** Options of `SAINTSampler`. */
export interface SAINTOptions {
  /** Attach nodeNorm / edgeNorm (default true). */
  normalize?: boolean;
  /** Subgraphs pre-sampled to estimate the coefficients (default 50). */
  numNormSamples?: number;
  /** Seed of the pre-sampling (default 0). */
  normSeed?: number;
}

/** Inclusive prefix sums of non-negative weights and a seeded draw from them. */
function drawCategorical(cum: Float64Array, count: number, gen: Generator): Int32Array {
  const total = cum[cum.length - 1], out = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const x = gen.nextFloat() * total;
    let lo = 0, hi = cum.length - 1;
    while (lo < hi) { const mid = (lo + hi) >>> 1; if (cum[mid] > x) hi = mid; else lo = mid + 1; }
    out[i] = lo;
  }
  return out;
}

function uniqueSorted(ids: Int32Array, bound: number): Int32Array {
  const seen = new Uint8Array(bound);
  let n = 0;
  for (const v of ids) if (v >= 0 && !seen[v]) { seen[v] = 1; n++; }
  const out = new Int32Array(n);
  let w = 0;
  for (let v = 0; v < bound; v++) if (seen[v]) out[w++] = v;
  return out;
}

/**
 * GraphSAINT subgraphs. mode 'node': budget nodes drawn with replacement, probability proportional
 * to out-degree; 'edge': budget edges drawn with probability proportional to 1/inDeg(dst) +
 * 1/outDeg(src), keeping their endpoints; 'walk': budget = [numRoots, walkLength], walks along
 * out-edges from uniform roots. Use with `new DataLoader(g, arange(numIterations), sampler)`
 * (the indices only count the batches).
 */
export class SAINTSampler implements SubgraphSampler<Graph> {
  readonly kind = 'subgraph' as const;
  readonly normalize: boolean;
  readonly numNormSamples: number;
  readonly normSeed: number;
  private norms: { graph: Graph; node: Float32Array; edge: Float32Array } | null = null;
  private cumCache: { graph: Graph; cum: Float64Array } | null = null;

  constructor(readonly mode: SAINTMode, readonly budget: number | readonly [number, number], opts: SAINTOptions = {}) {
    const op = 'SAINTSampler';
    checkOptionKeys(op, opts, ['normalize', 'numNormSamples', 'normSeed']);
    if (mode !== 'node' && mode !== 'edge' && mode !== 'walk') throw new RangeError(`${op}: mode must be 'node', 'edge' or 'walk', got '${String(mode)}'`);
    const positive = (v: unknown, what: string): void => {
      if (!(typeof v === 'number' && Number.isInteger(v) && v >= 1)) throw new RangeError(`${op}: ${what} must be a positive integer, got ${String(v)}`);
    };
    if (mode === 'walk') {
      if (!Array.isArray(budget) || budget.length !== 2) throw new RangeError(`${op}: mode 'walk' takes budget [numRoots, walkLength], got ${JSON.stringify(budget)}`);
      positive(budget[0], 'numRoots'); positive(budget[1], 'walkLength');
    } else {
      positive(budget, 'budget');
    }
    this.normalize = opts.normalize ?? true;
    this.numNormSamples = opts.numNormSamples ?? 50;
    positive(this.numNormSamples, 'numNormSamples');
    this.normSeed = resolveSeed(op, opts.normSeed ?? 0);
  }

  /** Any number of batches: the indices only count them. */
  indexBound(): number { return 2 ** 31 - 1; }

  private cumulative(g: Graph): Float64Array {
    if (this.cumCache?.graph === g) return this.cumCache.cum;
    let w: Float64Array;
    if (this.mode === 'node') {
      w = Float64Array.from(g.outDegrees(), (d) => Math.max(d, 1));
    } else {
      const inDeg = g.inDegrees(), outDeg = g.outDegrees();
      const [s, d] = g.edges();
      w = Float64Array.from(s, (u, e) => 1 / Math.max(inDeg[d[e]], 1) + 1 / Math.max(outDeg[u], 1));
    }
    for (let i = 1; i < w.length; i++) w[i] += w[i - 1];
    this.cumCache = { graph: g, cum: w };
    return w;
  }

  /** Sorted node ids of one GraphSAINT draw. */
  sampleNodes(g: Graph, seed: number): Int32Array {
    const n = g.numNodes(), gen = new Generator(seed);
    if (this.mode === 'walk') {
      const [numRoots, length] = this.budget as readonly [number, number];
      const roots = Int32Array.from({ length: numRoots }, () => gen.nextInt(n));
      const traces = randomWalk(g, roots, { length, seed: gen.nextUint32() }).traces.data as Int32Array;
      return uniqueSorted(traces, n);
    }
    if (this.mode === 'node') return uniqueSorted(drawCategorical(this.cumulative(g), this.budget as number, gen), n);
    if (g.numEdges() === 0) return new Int32Array(0);
    const edges = drawCategorical(this.cumulative(g), this.budget as number, gen);
    const [s, d] = g.edges();
    const ends = new Int32Array(2 * edges.length);
    edges.forEach((e, i) => { ends[2 * i] = s[e]; ends[2 * i + 1] = d[e]; });
    return uniqueSorted(ends, n);
  }

  /** GraphSAINT's coefficients for g, estimated once from numNormSamples draws. */
  coefficients(g: Graph): { node: Float32Array; edge: Float32Array } {
    if (this.norms?.graph === g) return this.norms;
    const n = g.numNodes(), nodeCount = new Float64Array(n), edgeCount = new Float64Array(g.numEdges());
    const seeds = new Generator(this.normSeed);
    const { indptr, indices, eids } = g.adj();
    const member = new Uint8Array(n);
    // The induced edges counted straight from the CSR: no subgraph (and no feature copy) per draw.
    for (let i = 0; i < this.numNormSamples; i++) {
      const nodes = this.sampleNodes(g, seeds.nextUint32());
      for (const v of nodes) { member[v] = 1; nodeCount[v]++; }
      for (const u of nodes) {
        for (let q = indptr[u]; q < indptr[u + 1]; q++) if (member[indices[q]]) edgeCount[eids === null ? q : eids[q]]++;
      }
      for (const v of nodes) member[v] = 0;
    }
    // An item never drawn gets a small count (as PyG): its weight stays finite.
    const node = Float32Array.from(nodeCount, (c) => this.numNormSamples / (c === 0 ? 0.1 : c) / n);
    const [, d] = g.edges();
    const edge = Float32Array.from(edgeCount, (c, e) => Math.min((nodeCount[d[e]] === 0 ? 0.1 : nodeCount[d[e]]) / (c === 0 ? 0.1 : c), 1e4));
    this.norms = { graph: g, node, edge };
    return this.norms;
  }

  /** One GraphSAINT subgraph (indices are ignored; `seed` decides the draw). */
  sample(g: Graph, _indices?: Int32Array, opts: { seed?: number } = {}): Graph {
    const op = 'SAINTSampler.sample';
    checkHomogeneous(op, g);
    const seed = opts.seed === undefined ? defaultGenerator.nextUint32() : resolveSeed(op, opts.seed);
    const sub = nodeSubgraph(g, this.sampleNodes(g, seed));
    if (this.normalize) {
      const { node, edge } = this.coefficients(g);
      const nid = sub.ndata.get(NID).data as Int32Array, eid = sub.edata.get(EID).data as Int32Array;
      sub.ndata.set('nodeNorm', new Tensor(Float32Array.from(nid, (v) => node[v]), [nid.length], 'float32'));
      sub.edata.set('edgeNorm', new Tensor(Float32Array.from(eid, (e) => edge[e]), [eid.length], 'float32'));
    }
    return sub;
  }
}
