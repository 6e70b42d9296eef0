import type { Tensor } from '../../tensor/tensor.js';
import type { FloatDType } from '../../tensor/dtype.js';
import { uMulESum } from '../../message/shortcuts.js';
import { DeepGraphError, ShapeError, formatShape } from '../../errors.js';
import { Module } from '../module.js';
import { Linear } from '../linear.js';
import { xavierUniform, zeros as zeroInit } from '../init.js';
import { type Activation, type ConvGraph, adjOf, callableOf, checkZeroInDegree, edgeColumn, edgeDegreeNorm, edgeWeightNorm, oneLine } from './util.js';

/** Options of `SGConv`. */
export interface SGConvOptions {
  /** Propagation steps K (default 1). */
  k?: number;
  /**
   * Keep the propagated features from the first call and reuse them (transductive training on one
   * graph: later calls ignore the graph and the features). The cache is detached from autograd.
   */
  cached?: boolean;
  bias?: boolean;
  /** Applied to the propagated features before the linear layer. */
  norm?: Activation | null;
  allowZeroInDegree?: boolean;
  dtype?: FloatDType;
}

/** Per-call options of `SGConv.forward`. */
export interface SGConvForwardOptions {
  /** Positive scalar edge weights; they replace the degree normalisation by edgeWeightNorm('both'). */
  edgeWeight?: Tensor;
}

/**
 * Simplified graph convolution (Wu et al., DGL's SGConv): (D^-1/2 A D^-1/2)^K X W + b, with A
 * expected to include self-loops. K g-SpMMs then one linear layer; `cached` computes the
 * propagation once. Degrees are in-degrees on both sides, as in DGL.
 */
export class SGConv extends Module {
  readonly k: number;
  readonly cached: boolean;
  readonly fc: Linear;
  allowZeroInDegree: boolean;
  private readonly normFn: ((x: Tensor) => Tensor) | null;
  private cache: Tensor | null = null;

  constructor(readonly inFeats: number, readonly outFeats: number, opts: SGConvOptions = {}) {
    super();
    this.k = opts.k ?? 1;
    if (!Number.isInteger(this.k) || this.k < 0) throw new RangeError(`SGConv: k must be a non-negative integer, got ${this.k}`);
    this.cached = opts.cached ?? false;
    this.fc = this.registerModule('fc', new Linear(inFeats, outFeats, { bias: opts.bias ?? true, dtype: opts.dtype }));
    this.allowZeroInDegree = opts.allowZeroInDegree ?? false;
    this.normFn = callableOf(this, 'norm', opts.norm);
    this.resetParameters();
  }

  /** Xavier-uniform weight, zero bias (DGL). The propagation cache is kept, as in DGL; see clearCache. */
  resetParameters(): void {
    xavierUniform(this.fc.weight);
    if (this.fc.bias !== null) zeroInit(this.fc.bias);
  }

  /** Forgets the cached propagation (for a new graph or new features). */
  clearCache(): void { this.cache = null; }

  forward(g: ConvGraph, feat: Tensor, opts: SGConvForwardOptions = {}): Tensor {
    const adj = adjOf(g);
    if (!this.allowZeroInDegree) checkZeroInDegree('SGConv', adj);
    if (this.cache !== null) return this.fc.forward(this.cache);
    if (adj.numSrc !== adj.numDst) {
      throw new DeepGraphError(`SGConv: needs a graph whose sources are its destinations, got ${adj.numSrc} sources and ${adj.numDst} destinations`);
    }
    if (feat.ndim !== 2 || feat.shape[0] !== adj.numSrc || feat.shape[1] !== this.inFeats) {
      throw new ShapeError(`SGConv: node features of shape ${formatShape(feat.shape)}, expected [${adj.numSrc}, ${this.inFeats}]`);
    }
    // 1 / sqrt(indeg(u) indeg(v)) on the edges (cached), or the given weights normalised.
    const edgeValues = opts.edgeWeight === undefined ? edgeDegreeNorm(adj, -0.5, -0.5, feat.dtype as FloatDType, 'in')
      : edgeWeightNorm(adj, edgeColumn(opts.edgeWeight, adj.numEdges), 'both');
    let h = feat;
    for (let step = 0; step < this.k; step++) h = uMulESum(adj, h, edgeValues);
    if (this.normFn !== null) h = this.normFn(h);
    if (this.cached) this.cache = h.detach();
    return this.fc.forward(h);
  }

  override extraRepr(): string {
    const extra = [`${this.inFeats}, ${this.outFeats}, k=${this.k}`];
    if (this.cached) extra.push('cached=true');
    if (this.fc.bias === null) extra.push('bias=false');
    return extra.join(', ');
  }

  override toString(): string { return oneLine(this); }
}
