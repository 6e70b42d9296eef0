import { DeepGraphError, ShapeError, formatShape } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { FloatDType } from '../../tensor/dtype.js';
import { add, mul } from '../../tensor/elementwise.js';
import { dropout } from '../../tensor/dropout.js';
import { uMulESum } from '../../message/shortcuts.js';
import { Module } from '../module.js';
import { type ConvGraph, adjOf, checkRate, edgeColumn, edgeDegreeNorm, edgeWeightNorm, oneLine } from './util.js';

/** Options of `APPNPConv`. */
export interface APPNPConvOptions {
  /** Dropout on the (normalised) edge weights, redrawn at every propagation step (default 0). */
  edgeDrop?: number;
}

/** Per-call options of `APPNPConv.forward`. */
export interface APPNPConvForwardOptions {
  /** Positive scalar edge weights ([E] or [E, 1]); they replace the degree normalisation by edgeWeightNorm('both'). */
  edgeWeight?: Tensor;
}

/**
 * Approximate personalised propagation of neural predictions (Gasteiger et al., DGL's APPNPConv):
 * k steps of h <- (1 - alpha) D^-1/2 A D^-1/2 h + alpha h0. No parameters; runs on graphs whose
 * sources are their destinations. Each step is one g-SpMM with the normalisation on the edges.
 */
export class APPNPConv extends Module {
  readonly edgeDrop: number;

  constructor(readonly k: number, readonly alpha: number, opts: APPNPConvOptions = {}) {
    super();
    if (!Number.isInteger(k) || k < 0) throw new RangeError(`APPNPConv: k must be a non-negative integer, got ${k}`);
    if (!(alpha >= 0 && alpha <= 1)) throw new RangeError(`APPNPConv: alpha must be in [0, 1], got ${alpha}`);
    this.edgeDrop = checkRate('edgeDrop', opts.edgeDrop ?? 0);
  }

  /** Nothing to reset: the layer has no parameters. */
  resetParameters(): void {}

  forward(g: ConvGraph, feat: Tensor, opts: APPNPConvForwardOptions = {}): Tensor {
    const adj = adjOf(g);
    if (adj.numSrc !== adj.numDst) {
      throw new DeepGraphError(`APPNPConv: needs a graph whose sources are its destinations, got ${adj.numSrc} sources and ${adj.numDst} destinations`);
    }
    if (feat.ndim < 2 || feat.shape[0] !== adj.numSrc) {
      throw new ShapeError(`APPNPConv: node features of shape ${formatShape(feat.shape)} must have ${adj.numSrc} rows`);
    }
    // The edges carry the normalisation: given weights through edgeWeightNorm('both'), else
    // 1 / sqrt(outdeg(u) indeg(v)) (cached); edge dropout redraws a mask over them at every step.
    const edgeValues = opts.edgeWeight === undefined ? edgeDegreeNorm(adj, -0.5, -0.5, feat.dtype as FloatDType)
      : edgeWeightNorm(adj, edgeColumn(opts.edgeWeight, adj.numEdges), 'both');
    const onEdges = feat.ndim === 2 ? edgeValues : edgeValues.reshape([adj.numEdges, ...new Array<number>(feat.ndim - 1).fill(1)]);
    const teleport = mul(feat, this.alpha);
    let h = feat;
    for (let step = 0; step < this.k; step++) {
      h = uMulESum(adj, h, dropout(onEdges, this.edgeDrop, this.training));
      h = add(mul(h, 1 - this.alpha), teleport);
    }
    return h;
  }

  override extraRepr(): string {
    return `k=${this.k}, alpha=${this.alpha}${this.edgeDrop > 0 ? `, edgeDrop=${this.edgeDrop}` : ''}`;
  }

  override toString(): string { return oneLine(this); }
}
