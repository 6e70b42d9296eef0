import { type SparseAdj, type HasSparse, toAdj } from '../graph/sparse.js';
import { getBackend } from '../kernels/registry.js';
import { Tensor } from '../tensor/tensor.js';
import { type Generator, defaultGenerator } from '../tensor/random.js';
import { type IdsLike, resolveSeed, toIds } from './common.js';

/** Negative pairs: src[i] -> dst[i] (int32 tensors). */
export interface NegativePairs {
  src: Tensor;
  dst: Tensor;
}

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

/**
 * Uniformly drawn pairs (u, v) that are not edges of the relation (DGL's
 * global_uniform_negative_sampling), by rejection. May return fewer than numSamples when
 * candidates run out; raise redundancy to make that rarer.
 */
export function globalUniformNegativeSampling(g: SparseAdj | HasSparse, numSamples: number,
  opts: GlobalNegativeOptions = {}): NegativePairs {
  const op = 'globalUniformNegativeSampling';
  if (!(Number.isInteger(numSamples) && numSamples >= 0)) {
    throw new RangeError(`${op}: numSamples must be a non-negative integer, got ${numSamples}`);
  }
  const adj = toAdj(g, opts.etype);
  const excludeSelfLoops = opts.excludeSelfLoops ?? true;
  let redundancy = opts.redundancy;
  if (redundancy === undefined) {
    // Expected acceptance is the share of pairs that are free; over-draw for it, plus 30% slack.
    const pairsTotal = adj.numSrc * adj.numDst;
    const selfLoops = excludeSelfLoops ? Math.min(adj.numSrc, adj.numDst) : 0;
    const free = pairsTotal === 0 ? 1 : Math.max(1e-3, 1 - (adj.numEdges + selfLoops) / pairsTotal);
    redundancy = 1.3 / free;
  } else if (!(redundancy >= 1 && redundancy < Infinity)) {
    throw new RangeError(`${op}: redundancy must be a finite number >= 1, got ${redundancy}`);
  }
  const c = adj.csr();
  const r = getBackend().globalUniformNegative({
    indptr: c.indptr, indices: c.indices, eids: c.eids, numSrc: adj.numSrc, numDst: adj.numDst, numSamples,
    excludeSelfLoops, replace: opts.replace ?? false, redundancy, seed: resolveSeed(op, opts.seed),
  });
  return pairs(r.src, r.dst);
}

/** A negative sampler: for the positive edges `eids` of a relation, the negative pairs to score. */
export interface NegativeSampler {
  sample(g: SparseAdj | HasSparse, eids: IdsLike, etype?: string): NegativePairs;
}

function checkK(name: string, k: number): void {
  if (!(Number.isInteger(k) && k >= 1)) throw new RangeError(`${name}: k must be a positive integer, got ${k}`);
}

/**
 * k negatives per positive edge, keeping its source and drawing destinations uniformly
 * (DGL's negative_sampler.PerSourceUniform); negatives may happen to be edges.
 */
export class PerSourceUniform implements NegativeSampler {
  constructor(readonly k: number, private readonly generator: Generator = defaultGenerator) {
    checkK(new.target.name, k);
  }

  sample(g: SparseAdj | HasSparse, eids: IdsLike, etype?: string): NegativePairs {
    const adj = toAdj(g, etype);
    const ids = toIds(`${this.constructor.name}.sample`, 'edge', eids, adj.numEdges, 'edges');
    const { src } = adj.coo();
    const k = this.k, n = ids.length;
    const negSrc = new Int32Array(n * k), negDst = new Int32Array(n * k);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < k; j++) {
        negSrc[i * k + j] = src[ids[i]];
        negDst[i * k + j] = adj.numDst > 0 ? this.generator.nextInt(adj.numDst) : 0;
      }
    }
    return pairs(negSrc, negDst);
  }
}

/** DGL's negative_sampler.Uniform: the same per-source uniform sampler. */
export class Uniform extends PerSourceUniform {}

export interface GlobalUniformOptions {
  excludeSelfLoops?: boolean;
  replace?: boolean;
  redundancy?: number;
}

/**
 * k * |eids| pairs drawn over the whole graph that are not edges (DGL's negative_sampler.GlobalUniform);
 * the seed of each call comes from the generator.
 */
export class GlobalUniform implements NegativeSampler {
  constructor(readonly k: number, private readonly opts: GlobalUniformOptions = {},
    private readonly generator: Generator = defaultGenerator) {
    checkK('GlobalUniform', k);
  }

  sample(g: SparseAdj | HasSparse, eids: IdsLike, etype?: string): NegativePairs {
    const adj = toAdj(g, etype);
    const ids = toIds('GlobalUniform.sample', 'edge', eids, adj.numEdges, 'edges');
    return globalUniformNegativeSampling(adj, ids.length * this.k, { ...this.opts, seed: this.generator.nextUint32() });
  }
}
