import type { Tensor } from '../../tensor/tensor.js';
import type { FloatDType } from '../../tensor/dtype.js';
import { full, zeros } from '../../tensor/creation.js';
import { exp } from '../../tensor/elementwise.js';
import { sum } from '../../tensor/reduce.js';
import { gspmm } from '../../message/gspmm.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { Linear } from '../linear.js';
import { calculateGain, normal, xavierNormal, zeros as zeroInit } from '../init.js';
import { type ConvGraph, type ConvInput, adjOf, checkZeroInDegree, expandAsPair, featSizes, oneLine, optionalModule, sumMeanMax } from './util.js';

/** How GMMConv aggregates the weighted messages (DGL's `aggregator_type`): sum (default), mean or max. */
export type GMMAggregator = 'sum' | 'mean' | 'max';
/** Options of GMMConv (DGL's `dgl.nn.GMMConv`): aggregator (default 'sum'), residual connection (default false), bias (default true), whether nodes without in-edges are allowed (default false) and dtype. */
export interface GMMConvOptions { aggregatorType?: GMMAggregator; residual?: boolean; bias?: boolean; allowZeroInDegree?: boolean; dtype?: FloatDType }

/**
 * Gaussian mixture model convolution (MoNet, Monti et al.; DGL's GMMConv):
 *   u_ijk = exp(-1/2 Σ_d (p_ij,d - μ_k,d)^2 σ_k,d^-2),  h_i' = b + Σ_k aggregate_j u_ijk W_k h_j
 * (the sum over kernels after the reduction, without the paper's 1/K, as DGL).
 */
export class GMMConv extends Module {
  readonly mu: Parameter;
  readonly invSigma: Parameter;
  readonly fc: Linear;
  readonly resFc: Linear | null;
  readonly bias: Parameter | null;
  readonly inSrcFeats: number;
  readonly inDstFeats: number;
  readonly aggregatorType: GMMAggregator;
  allowZeroInDegree: boolean;
  private readonly residualIdentity: boolean;

  constructor(inFeats: number | readonly [number, number], readonly outFeats: number, readonly dim: number, readonly nKernels: number,
    opts: GMMConvOptions = {}) {
    super();
    [this.inSrcFeats, this.inDstFeats] = featSizes(inFeats);
    this.aggregatorType = sumMeanMax('GMMConv', opts.aggregatorType, 'sum');
    const dtype = opts.dtype ?? 'float32';
    this.mu = this.registerParameter('mu', new Parameter(zeros([nKernels, dim], { dtype })));
    this.invSigma = this.registerParameter('invSigma', new Parameter(full([nKernels, dim], 1, { dtype })));
    this.fc = this.registerModule('fc', new Linear(this.inSrcFeats, nKernels * outFeats, { bias: false, dtype }));
    const residual = opts.residual ?? false;
    this.residualIdentity = residual && this.inDstFeats === outFeats;
    this.resFc = optionalModule(this, 'resFc', residual && !this.residualIdentity ? new Linear(this.inDstFeats, outFeats, { bias: false, dtype }) : null);
    this.bias = this.registerParameter('bias', (opts.bias ?? true) ? new Parameter(zeros([outFeats], { dtype })) : null);
    this.allowZeroInDegree = opts.allowZeroInDegree ?? false;
    this.resetParameters();
  }

  /** Xavier-normal (ReLU gain) weights, μ ~ N(0, 0.1), σ^-1 = 1, zero bias (DGL). */
  resetParameters(): void {
    const gain = calculateGain('relu');
    xavierNormal(this.fc.weight, gain);
    if (this.resFc !== null) xavierNormal(this.resFc.weight, gain);
    normal(this.mu, 0, 0.1);
    this.invSigma.data.fill(1);
    if (this.bias !== null) zeroInit(this.bias);
  }

  /** feat [N, in] (or a pair), pseudo [E, dim] pseudo-coordinates; returns [numDst, outFeats]. */
  forward(g: ConvGraph, feat: ConvInput, pseudo: Tensor): Tensor {
    const adj = adjOf(g);
    if (!this.allowZeroInDegree) checkZeroInDegree('GMMConv', adj);
    const [src, dst] = expandAsPair('GMMConv', g, feat, [this.inSrcFeats, this.inDstFeats]);
    const E = adj.numEdges, K = this.nKernels, D = this.dim;
    const h = this.fc.forward(src).reshape([src.shape[0], K, this.outFeats]);
    const diff = pseudo.reshape([E, 1, D]).sub(this.mu.reshape([1, K, D]));
    const gaussian = exp(sum(diff.square().mul(-0.5).mul(this.invSigma.reshape([1, K, D]).square()), -1, true));
    let rst = sum(gspmm(adj, 'mul', this.aggregatorType, h, gaussian), 1);
    if (this.resFc !== null) rst = rst.add(this.resFc.forward(dst));
    else if (this.residualIdentity) rst = rst.add(dst);
    return this.bias === null ? rst : rst.add(this.bias);
  }

  override extraRepr(): string {
    return `${this.inSrcFeats}, ${this.outFeats}, dim=${this.dim}, nKernels=${this.nKernels}, aggregator=${this.aggregatorType}`;
  }
  override toString(): string { return oneLine(this); }
}
