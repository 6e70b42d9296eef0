import { DeepGraphError, ShapeError, formatShape } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { FloatDType } from '../../tensor/dtype.js';
import { add, mul } from '../../tensor/elementwise.js';
import { dropout } from '../../tensor/dropout.js';
import { ones } from '../../tensor/creation.js';
import { copyUSum, uMulESum } from '../../message/shortcuts.js';
import { Module } from '../module.js';
import { type ConvGraph, adjOf, checkRate, degreeNorm, edgeColumn, edgeWeightNorm, oneLine } from './util.js';

export interface APPNPConvOptions {
  /** Dropout on the (normalised) edge weights, redrawn at every propagation step (default 0). */
  edgeDrop?: number;
}

export interface APPNPConvForwardOptions {
  /** Positive scalar edge weights ([E] or [E, 1]); they replace the degree normalisation by edgeWeightNorm('both'). */
  edgeWeight?: Tensor;
}

/**
 * Approximate personalised propagation of neural predictions (Gasteiger et al., DGL's APPNPConv):
 * k steps of h <- (1 - alpha) D^-1/2 A D^-1/2 h + alpha h0. No parameters; runs on graphs whose
 * sources are their destinations. Each step is one g-SpMM plus row scalings.
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
    const dtype = feat.dtype as FloatDType;
    const weight = opts.edgeWeight === undefined ? null : edgeWeightNorm(adj, edgeColumn(opts.edgeWeight, adj.numEdges), 'both');
    const dropEdges = this.training && this.edgeDrop > 0;
    // Unweighted and undropped, a step is copy-sum between two degree scalings; otherwise the
    // (normalised, dropped) weights ride on the edges.
    const srcNorm = weight === null ? degreeNorm(adj, 'out', -0.5, dtype) : null;
    const dstNorm = weight === null ? degreeNorm(adj, 'in', -0.5, dtype) : null;
    const baseWeight = weight ?? (dropEdges ? ones([adj.numEdges, 1], { dtype }) : null);
    const shape = (col: Tensor): Tensor => (feat.ndim === 2 ? col : col.reshape([col.shape[0], ...new Array<number>(feat.ndim - 1).fill(1)]));
    const teleport = mul(feat, this.alpha);
    let h = feat;
    for (let step = 0; step < this.k; step++) {
      if (srcNorm !== null) h = mul(h, shape(srcNorm));
      const w = baseWeight === null ? null : dropout(baseWeight, this.edgeDrop, this.training);
      h = w === null ? copyUSum(adj, h) : uMulESum(adj, h, shape(w));
      if (dstNorm !== null) h = mul(h, shape(dstNorm));
      h = add(mul(h, 1 - this.alpha), teleport);
    }
    return h;
  }

  override extraRepr(): string {
    return `k=${this.k}, alpha=${this.alpha}${this.edgeDrop > 0 ? `, edgeDrop=${this.edgeDrop}` : ''}`;
  }

  override toString(): string { return oneLine(this); }
}
