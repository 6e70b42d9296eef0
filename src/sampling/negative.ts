import { type SparseAdj, type HasSparse, toAdj } from '../graph/sparse.js';
import { getBackend } from '../kernels/registry.js';
import { ItemStream } from '../kernels/js/sampling.js';
import { Tensor } from '../tensor/tensor.js';
import { type IdsLike, resolveSeed, toIds } from './common.js';

/** Negative pairs: src[i] -> dst[i] (int32 tensors). */
export interface NegativePairs {
  src: Tensor;
  dst: Tensor;
}

/** Options of `globalUniformNegativeSampling`. */
export interface GlobalNegativeOptions {
  /** Never return u -> u. Default true. */
  excludeSelfLoops?: boolean;
  /** Allow the same pair twice. Default false. */
  replace?: boolean;
  /** Candidates drawn = numSamples * redundancy; default grows with the graph's density. */
  redundancy?: number;
  seed?: number;
  etype?: string;
}

const pairs = (src: Int32Array, dst: Int32Array): NegativePairs =>
  ({ src: new Tensor(src, [src.length], 'int32'), dst: new Tensor(dst, [dst.length], 'int32') });

/** The raw structure a global negative draw needs (CSR rows = sources), e.g. from a worker's shared arrays. */
export interface GlobalNegativeInput {
  indptr: Int32Array;
  indices: Int32Array;
  numSrc: number;
  numDst: number;
  numEdges: number;
}

/** The candidate over-draw that makes running out of candidates rare: 1.3 / (share of free pairs). */
function defaultRedundancy(a: GlobalNegativeInput, excludeSelfLoops: boolean): number {
  const pairsTotal = a.numSrc * a.numDst;
  const selfLoops = excludeSelfLoops ? Math.min(a.numSrc, a.numDst) : 0;
  const free = pairsTotal === 0 ? 1 : Math.max(1e-3, 1 - (a.numEdges + selfLoops) / pairsTotal);
  return 1.3 / free;
}

/** globalUniformNegativeSampling on raw arrays (options already validated). */
export function globalNegativesOf(a: GlobalNegativeInput, numSamples: number, opts: GlobalUniformOptions,
  seed: number): { src: Int32Array; dst: Int32Array } {
  const excludeSelfLoops = opts.excludeSelfLoops ?? true;
  const r = getBackend().globalUniformNegative({
    indptr: a.indptr, indices: a.indices, eids: null, numSrc: a.numSrc, numDst: a.numDst, numSamples,
    excludeSelfLoops, replace: opts.replace ?? false, redundancy: opts.redundancy ?? defaultRedundancy(a, excludeSelfLoops), seed,
  });
  return { src: r.src, dst: r.dst };
}

function checkRedundancy(op: string, redundancy: number | undefined): void {
  if (redundancy !== undefined && !(redundancy >= 1 && redundancy < Infinity)) {
    throw new RangeError(`${op}: redundancy must be a finite number >= 1, got ${redundancy}`);
  }
}

function globalInput(adj: SparseAdj): GlobalNegativeInput {
  const c = adj.csr();
  return { indptr: c.indptr, indices: c.indices, numSrc: adj.numSrc, numDst: adj.numDst, numEdges: adj.numEdges };
}

/**
 * Uniformly drawn pairs (u, v) that are not edges of the relation (DGL's
 * global_uniform_negative_sampling), by rejection. May return fewer than numSamples when
 * candidates run out; raise redundancy to make that rarer.
 */
export function globalUniformNegativeSampling(g: SparseAdj | HasSparse, numSamples: number,
  opts: GlobalNegativeOptions = {}): NegativePairs {
  const op = 'globalUniformNegativeSampling';
  // Checked here for every backend (the native kernel's own limit): 10^12 would otherwise run for hours.
  if (!(Number.isInteger(numSamples) && numSamples >= 0 && numSamples <= 2 ** 31 - 1)) {
    throw new RangeError(`${op}: numSamples must be an integer in [0, 2^31 - 1], got ${numSamples}`);
  }
  checkRedundancy(op, opts.redundancy);
  const r = globalNegativesOf(globalInput(toAdj(g, opts.etype)), numSamples, opts, resolveSeed(op, opts.seed));
  return pairs(r.src, r.dst);
}

/**
 * Per-source uniform negatives on raw arrays: for positive edge ids[i], k pairs (src[ids[i]], v)
 * with v uniform in [0, numDst), drawn from stream i of `seed` (so any split of the edges agrees).
 */
export function perSourceNegativesOf(srcOfEdge: Int32Array, ids: Int32Array, numDst: number, k: number,
  seed: number): { src: Int32Array; dst: Int32Array } {
  if (numDst === 0) return { src: new Int32Array(0), dst: new Int32Array(0) };
  const n = ids.length;
  const negSrc = new Int32Array(n * k), negDst = new Int32Array(n * k);
  const rng = new ItemStream();
  for (let i = 0; i < n; i++) {
    rng.reset(seed, i);
    const u = srcOfEdge[ids[i]];
    for (let j = 0; j < k; j++) {
      negSrc[i * k + j] = u;
      negDst[i * k + j] = rng.int(numDst);
    }
  }
  return { src: negSrc, dst: negDst };
}

export interface NegativeSampleOptions {
  /** uint32 seed; default: drawn from the global generator (dg.manualSeed makes it reproducible). */
  seed?: number;
  etype?: string;
}

/** A plain description of a built-in negative sampler, rebuilt inside loader worker threads. */
export type NegativeSamplerSpec =
  | { kind: 'perSourceUniform'; k: number }
  | { kind: 'globalUniform'; k: number; opts: GlobalUniformOptions };

/** A negative sampler: for the positive edges `eids` of a relation, the negative pairs to score. */
export interface NegativeSampler {
  /** Negative (source, destination) pairs for the positive edges `eids`. */
  sample(g: SparseAdj | HasSparse, eids: IdsLike, opts?: NegativeSampleOptions): NegativePairs;
  /** Built-in samplers describe themselves so that DataLoader workers can run them. */
  toSpec?(): NegativeSamplerSpec;
}

function checkK(name: string, k: number): void {
  if (!(Number.isInteger(k) && k >= 1)) throw new RangeError(`${name}: k must be a positive integer, got ${k}`);
}

/**
 * k negatives per positive edge, keeping its source and drawing destinations uniformly
 * (DGL's negative_sampler.PerSourceUniform); negatives may happen to be edges.
 */
export class PerSourceUniform implements NegativeSampler {
  constructor(readonly k: number) {
    checkK(new.target.name, k);
  }

  sample(g: SparseAdj | HasSparse, eids: IdsLike, opts: NegativeSampleOptions = {}): NegativePairs {
    const op = `${this.constructor.name}.sample`;
    const adj = toAdj(g, opts.etype);
    const ids = toIds(op, 'edge', eids, adj.numEdges, 'edges');
    const r = perSourceNegativesOf(adj.coo().src, ids, adj.numDst, this.k, resolveSeed(op, opts.seed));
    return pairs(r.src, r.dst);
  }

  toSpec(): NegativeSamplerSpec { return { kind: 'perSourceUniform', k: this.k }; }
}

/** DGL's negative_sampler.Uniform: the same per-source uniform sampler. */
export class Uniform extends PerSourceUniform {}

/** Options of `GlobalUniform`. */
export interface GlobalUniformOptions {
  excludeSelfLoops?: boolean;
  replace?: boolean;
  redundancy?: number;
}

/**
 * k * |eids| pairs drawn over the whole graph that are not edges (DGL's negative_sampler.GlobalUniform).
 */
export class GlobalUniform implements NegativeSampler {
  constructor(readonly k: number, private readonly opts: GlobalUniformOptions = {}) {
    checkK('GlobalUniform', k);
    checkRedundancy('GlobalUniform', opts.redundancy);
  }

  sample(g: SparseAdj | HasSparse, eids: IdsLike, opts: NegativeSampleOptions = {}): NegativePairs {
    const op = 'GlobalUniform.sample';
    const adj = toAdj(g, opts.etype);
    const ids = toIds(op, 'edge', eids, adj.numEdges, 'edges');
    const r = globalNegativesOf(globalInput(adj), ids.length * this.k, this.opts, resolveSeed(op, opts.seed));
    return pairs(r.src, r.dst);
  }

  toSpec(): NegativeSamplerSpec { return { kind: 'globalUniform', k: this.k, opts: { ...this.opts } }; }
}
