import { Tensor } from '../../tensor/tensor.js';
import type { FloatDType } from '../../tensor/dtype.js';
import { zeros } from '../../tensor/creation.js';
import { add, mul } from '../../tensor/elementwise.js';
import { leakyRelu } from '../../tensor/activation.js';
import { sum } from '../../tensor/reduce.js';
import { dropout } from '../../tensor/dropout.js';
import { edgeSoftmax } from '../../message/edge-softmax.js';
import { uAddV, uMulESum } from '../../message/shortcuts.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { Linear } from '../linear.js';
import { calculateGain, xavierNormal, zeros as zeroInit } from '../init.js';
import {
  type Activation, type ConvGraph, type ConvInput, adjOf, callableOf, checkRate, checkZeroInDegree, dstRowsOfBlock, expandAsPair, featSizes, oneLine,
} from './util.js';
import type { GATConvResult } from './gat-conv.js';

/** Options of `GATv2Conv`. */
export interface GATv2ConvOptions {
  featDrop?: number;
  attnDrop?: number;
  negativeSlope?: number;
  /** Add the destination features (projected, with bias, when their size differs from numHeads * outFeats). */
  residual?: boolean;
  activation?: Activation | null;
  allowZeroInDegree?: boolean;
  /** Biases in the source, destination and residual projections (default true). */
  bias?: boolean;
  /** One projection for sources and destinations (default false); needs a single input size. */
  shareWeights?: boolean;
  dtype?: FloatDType;
}

/**
 * GATv2 (Brody et al., DGL's GATv2Conv): attention a^T LeakyReLU(W_s h_j + W_d h_i), which ranks
 * neighbours per query node ("dynamic" attention). The nonlinearity sits between W and a, so the
 * per-node split of GATConv does not apply: the logits need the E x heads x F sum of projected
 * endpoints (one g-SDDMM) before the dot with a. The weighted sum is one g-SpMM.
 */
export class GATv2Conv extends Module {
  readonly inSrcFeats: number;
  readonly inDstFeats: number;
  readonly fcSrc: Linear;
  /** The destination projection (the same module as fcSrc with shareWeights). */
  readonly fcDst: Linear;
  readonly attn: Parameter;
  readonly resFc: Linear | null;
  readonly residual: boolean;
  readonly shareWeights: boolean;
  readonly featDrop: number;
  readonly attnDrop: number;
  readonly negativeSlope: number;
  allowZeroInDegree: boolean;
  private readonly withBias: boolean;
  private readonly activation: ((x: Tensor) => Tensor) | null;

  constructor(inFeats: number | readonly [number, number], readonly outFeats: number, readonly numHeads: number,
    opts: GATv2ConvOptions = {}) {
    super();
    [this.inSrcFeats, this.inDstFeats] = featSizes(inFeats);
    const dtype = opts.dtype ?? 'float32';
    const hf = numHeads * outFeats;
    this.withBias = opts.bias ?? true;
    this.featDrop = checkRate('featDrop', opts.featDrop ?? 0);
    this.attnDrop = checkRate('attnDrop', opts.attnDrop ?? 0);
    this.negativeSlope = opts.negativeSlope ?? 0.2;
    // As in DGL, a pair of input sizes always gets two projections.
    this.shareWeights = (opts.shareWeights ?? false) && typeof inFeats === 'number';
    this.fcSrc = this.registerModule('fcSrc', new Linear(this.inSrcFeats, hf, { bias: this.withBias, dtype }));
    this.fcDst = this.shareWeights ? this.fcSrc : this.registerModule('fcDst', new Linear(this.inDstFeats, hf, { bias: this.withBias, dtype }));
    this.attn = this.registerParameter('attn', new Parameter(zeros([1, numHeads, outFeats], { dtype })));
    this.residual = opts.residual ?? false;
    this.resFc = this.residual && this.inDstFeats !== hf
      ? this.registerModule('resFc', new Linear(this.inDstFeats, hf, { bias: this.withBias, dtype })) : null;
    this.allowZeroInDegree = opts.allowZeroInDegree ?? false;
    this.activation = callableOf(this, 'activation', opts.activation);
    this.resetParameters();
  }

  /** Xavier-normal (ReLU gain) weights and attention, zero biases (DGL). */
  resetParameters(): void {
    const gain = calculateGain('relu');
    for (const lin of new Set([this.fcSrc, this.fcDst, this.resFc])) {
      if (lin === null) continue;
      xavierNormal(lin.weight, gain);
      if (lin.bias !== null) zeroInit(lin.bias);
    }
    xavierNormal(this.attn, gain);
  }

  forward(g: ConvGraph, feat: ConvInput): Tensor {
    return this.forwardWithAttention(g, feat).output;
  }

  /** The output [numDst, heads, F] and the attention [E, heads, 1]. */
  forwardWithAttention(g: ConvGraph, feat: ConvInput): GATConvResult {
    const adj = adjOf(g);
    if (!this.allowZeroInDegree) checkZeroInDegree('GATv2Conv', adj);
    const H = this.numHeads, F = this.outFeats;
    const pair = !(feat instanceof Tensor);
    const [xs, xd] = expandAsPair('GATv2Conv', g, feat, [this.inSrcFeats, pair ? this.inDstFeats : null]);
    const hSrc = dropout(xs, this.featDrop, this.training);
    let hDst: Tensor, featDst: Tensor;
    const featSrc = this.fcSrc.forward(hSrc).reshape([-1, H, F]);
    if (pair) {
      hDst = dropout(xd, this.featDrop, this.training);
      featDst = this.fcDst.forward(hDst).reshape([-1, H, F]);
    } else {
      // DGL projects every source row with fcDst, then keeps a block's destination rows.
      featDst = dstRowsOfBlock(g, this.shareWeights ? featSrc : this.fcDst.forward(hSrc).reshape([-1, H, F]));
      hDst = dstRowsOfBlock(g, hSrc);
    }
    const e = leakyRelu(uAddV(adj, featSrc, featDst), this.negativeSlope);
    const logits = sum(mul(e, this.attn), -1, true);
    const attention = dropout(edgeSoftmax(adj, logits), this.attnDrop, this.training);
    let rst = uMulESum(adj, featSrc, attention);
    if (this.residual) rst = add(rst, (this.resFc === null ? hDst : this.resFc.forward(hDst)).reshape([-1, H, F]));
    if (this.activation !== null) rst = this.activation(rst);
    return { output: rst, attention };
  }

  override extraRepr(): string {
    const inText = this.inSrcFeats === this.inDstFeats ? `${this.inSrcFeats}` : `(${this.inSrcFeats}, ${this.inDstFeats})`;
    const extra = [`${inText}, ${this.outFeats}, heads=${this.numHeads}`];
    if (this.featDrop > 0) extra.push(`featDrop=${this.featDrop}`);
    if (this.attnDrop > 0) extra.push(`attnDrop=${this.attnDrop}`);
    if (this.residual) extra.push('residual=true');
    if (this.shareWeights) extra.push('shareWeights=true');
    if (!this.withBias) extra.push('bias=false');
    return extra.join(', ');
  }

  override toString(): string { return oneLine(this); }
}
