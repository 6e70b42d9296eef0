import { ShapeError, formatShape } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { FloatDType } from '../../tensor/dtype.js';
import { zeros } from '../../tensor/creation.js';
import { sum } from '../../tensor/reduce.js';
import { unsqueeze } from '../../tensor/movement.js';
import { gspmm } from '../../message/gspmm.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { Linear } from '../linear.js';
import { calculateGain, xavierNormal, zeros as zeroInit } from '../init.js';
import { type Activation, type ConvGraph, type ConvInput, adjOf, callableOf, expandAsPair, featSizes, oneLine, optionalModule, sumMeanMax } from './util.js';
import { describeActivation } from './helpers.js';

/** How NNConv aggregates the per-edge messages (DGL's `aggregator_type`): sum, mean (default) or max. */
export type NNConvAggregator = 'sum' | 'mean' | 'max';

/** Options of NNConv (DGL's `dgl.nn.NNConv`): aggregator (default 'mean'), residual connection (default false), bias (default true) and dtype. */
export interface NNConvOptions { aggregatorType?: NNConvAggregator; residual?: boolean; bias?: boolean; dtype?: FloatDType }

/**
 * Edge-conditioned convolution (Gilmer et al., DGL's NNConv):
 *   h_i' = b + aggregate_{j ∈ N(i)} h_j · f_Θ(e_ij)
 * where edgeFunc maps edge features to an [inFeats * outFeats] weight per edge. One g-SpMM with
 * broadcasting ([in, 1] times [in, out] per edge) then a sum over in, as DGL does (so 'max' takes
 * the maximum per (in, out) entry before the sum).
 */
export class NNConv extends Module {
  readonly inSrcFeats: number;
  readonly inDstFeats: number;
  readonly aggregatorType: NNConvAggregator;
  readonly resFc: Linear | null;
  readonly bias: Parameter | null;
  private readonly residualIdentity: boolean;
  private readonly edgeFn: (e: Tensor) => Tensor;

  constructor(inFeats: number | readonly [number, number], readonly outFeats: number, readonly edgeFunc: Activation,
    opts: NNConvOptions = {}) {
    super();
    [this.inSrcFeats, this.inDstFeats] = featSizes(inFeats);
    this.aggregatorType = sumMeanMax('NNConv', opts.aggregatorType, 'mean');
    this.edgeFn = callableOf(this, 'edgeFunc', edgeFunc)!;
    const dtype = opts.dtype ?? 'float32';
    const residual = opts.residual ?? false;
    this.residualIdentity = residual && this.inDstFeats === outFeats;
    this.resFc = optionalModule(this, 'resFc', residual && !this.residualIdentity ? new Linear(this.inDstFeats, outFeats, { bias: false, dtype }) : null);
    this.bias = this.registerParameter('bias', (opts.bias ?? true) ? new Parameter(zeros([outFeats], { dtype })) : null);
    this.resetParameters();
  }

  /** Zero bias, Xavier-normal residual weight with ReLU gain (DGL); edgeFunc keeps its own init. */
  resetParameters(): void {
    if (this.bias !== null) zeroInit(this.bias);
    if (this.resFc !== null) xavierNormal(this.resFc.weight, calculateGain('relu'));
  }

  /** feat [N, inFeats] (or a pair), efeat [E, *] fed to edgeFunc; returns [numDst, outFeats]. */
  forward(g: ConvGraph, feat: ConvInput, efeat: Tensor): Tensor {
    const adj = adjOf(g);
    const [src, dst] = expandAsPair('NNConv', g, feat, [this.inSrcFeats, this.inDstFeats]);
    const w = this.edgeFn(efeat);
    if (w.shape[0] !== adj.numEdges || w.size !== adj.numEdges * this.inSrcFeats * this.outFeats) {
      throw new ShapeError(`NNConv: edgeFunc returned ${formatShape(w.shape)}; expected ${adj.numEdges} rows of ${this.inSrcFeats} x ${this.outFeats}`);
    }
    const weights = w.reshape([adj.numEdges, this.inSrcFeats, this.outFeats]);
    let rst = sum(gspmm(adj, 'mul', this.aggregatorType, unsqueeze(src, -1), weights), 1);
    if (this.resFc !== null) rst = rst.add(this.resFc.forward(dst));
    else if (this.residualIdentity) rst = rst.add(dst);
    return this.bias === null ? rst : rst.add(this.bias);
  }

  override extraRepr(): string {
    return `${this.inSrcFeats}, ${this.outFeats}, edgeFunc=${describeActivation(this.edgeFunc)}, aggregator=${this.aggregatorType}`;
  }

  override toString(): string { return oneLine(this); }
}
