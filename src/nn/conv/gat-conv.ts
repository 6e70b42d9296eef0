import { Tensor } from '../../tensor/tensor.js';
import type { FloatDType } from '../../tensor/dtype.js';
import { zeros } from '../../tensor/creation.js';
import { add, mul } from '../../tensor/elementwise.js';
import { leakyRelu } from '../../tensor/activation.js';
import { sum } from '../../tensor/reduce.js';
import { dropout } from '../../tensor/dropout.js';
import { edgeSoftmax } from '../../message/edge-softmax.js';
import { uAddV, uMulESum } from '../../message/shortcuts.js';
import { sparseRowsDropoutLinear } from '../../message/sparse-rows.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { Linear } from '../linear.js';
import { calculateGain, constant, xavierNormal } from '../init.js';
import {
  type Activation, type ConvGraph, type ConvInput, adjOf, callableOf, checkRate, checkZeroInDegree, dstRowsOfBlock, edgeColumn, expandAsPair, featSizes, oneLine,
} from './util.js';

/** Options of `GATConv`. */
export interface GATConvOptions {
  /** Dropout on the input features (default 0). */
  featDrop?: number;
  /** Dropout on the attention coefficients (default 0). */
  attnDrop?: number;
  /** Slope of the LeakyReLU on attention logits (default 0.2). */
  negativeSlope?: number;
  /** Add the destination features (projected when their size differs from numHeads * outFeats). */
  residual?: boolean;
  activation?: Activation | null;
  allowZeroInDegree?: boolean;
  bias?: boolean;
  dtype?: FloatDType;
}

/** Per-call options of `GATConv.forward`. */
export interface GATConvForwardOptions {
  /** One scalar per edge ([E] or [E, 1]) multiplying the attention of that edge in every head. */
  edgeWeight?: Tensor;
}

/** The output of `forwardWithAttention`: node features and the attention weight of every edge. */
export interface GATConvResult {
  /** [numDst, numHeads, outFeats] ([numDst, *, numHeads, outFeats] for [N, *, inFeats] input). */
  output: Tensor;
  /** The attention of every edge, [E, numHeads, 1] ([E, *, numHeads, 1]; after attention dropout and edge weights). */
  attention: Tensor;
}

/**
 * Graph attention layer (Velickovic et al., DGL's GATConv): out_i = sum_j alpha_ij W h_j with
 * alpha = softmax over i's in-edges of LeakyReLU(a^T [W h_i || W h_j]). As in DGL, a is split
 * into a_l (sources) and a_r (destinations) so the logits are per-node scores added along edges
 * (one g-SDDMM); the weighted sum is one g-SpMM: no E x heads x F tensor is ever built.
 * forward returns [numDst, numHeads, outFeats]; forwardWithAttention also returns the attention.
 * Features may be [N, *, inFeats] as in DGL: the output is then [numDst, *, numHeads, outFeats],
 * each slice along * attended on its own.
 */
export class GATConv extends Module {
  readonly inSrcFeats: number;
  readonly inDstFeats: number;
  /** The shared projection (one input size), or null when sources and destinations differ. */
  readonly fc: Linear | null;
  readonly fcSrc: Linear | null;
  readonly fcDst: Linear | null;
  readonly attnL: Parameter;
  readonly attnR: Parameter;
  readonly bias: Parameter | null;
  /** The residual projection; null with no residual or when the residual is the identity. */
  readonly resFc: Linear | null;
  readonly residual: boolean;
  readonly featDrop: number;
  readonly attnDrop: number;
  readonly negativeSlope: number;
  allowZeroInDegree: boolean;
  private readonly activation: ((x: Tensor) => Tensor) | null;

  constructor(inFeats: number | readonly [number, number], readonly outFeats: number, readonly numHeads: number,
    opts: GATConvOptions = {}) {
    super();
    [this.inSrcFeats, this.inDstFeats] = featSizes(inFeats);
    const dtype = opts.dtype ?? 'float32';
    const hf = numHeads * outFeats;
    this.featDrop = checkRate('featDrop', opts.featDrop ?? 0);
    this.attnDrop = checkRate('attnDrop', opts.attnDrop ?? 0);
    this.negativeSlope = opts.negativeSlope ?? 0.2;
    const separate = typeof inFeats !== 'number';
    this.fc = separate ? null : this.registerModule('fc', new Linear(this.inSrcFeats, hf, { bias: false, dtype }));
    this.fcSrc = separate ? this.registerModule('fcSrc', new Linear(this.inSrcFeats, hf, { bias: false, dtype })) : null;
    this.fcDst = separate ? this.registerModule('fcDst', new Linear(this.inDstFeats, hf, { bias: false, dtype })) : null;
    this.attnL = this.registerParameter('attnL', new Parameter(zeros([1, numHeads, outFeats], { dtype })));
    this.attnR = this.registerParameter('attnR', new Parameter(zeros([1, numHeads, outFeats], { dtype })));
    this.bias = this.registerParameter('bias', (opts.bias ?? true) ? new Parameter(zeros([hf], { dtype })) : null);
    this.residual = opts.residual ?? false;
    this.resFc = this.residual && this.inDstFeats !== hf
      ? this.registerModule('resFc', new Linear(this.inDstFeats, hf, { bias: false, dtype })) : null;
    this.allowZeroInDegree = opts.allowZeroInDegree ?? false;
    this.activation = callableOf(this, 'activation', opts.activation);
    this.resetParameters();
  }

  /** Xavier-normal with the ReLU gain for projections and attention vectors, zero bias (DGL). */
  resetParameters(): void {
    const gain = calculateGain('relu');
    for (const lin of [this.fc, this.fcSrc, this.fcDst, this.resFc]) if (lin !== null) xavierNormal(lin.weight, gain);
    xavierNormal(this.attnL, gain);
    xavierNormal(this.attnR, gain);
    if (this.bias !== null) constant(this.bias, 0);
  }

  forward(g: ConvGraph, feat: ConvInput, opts: GATConvForwardOptions = {}): Tensor {
    return this.forwardWithAttention(g, feat, opts).output;
  }

  /** As forward, also returning the attention weights [E, heads, 1] (DGL's `get_attention=True`). */
  forwardWithAttention(g: ConvGraph, feat: ConvInput, opts: GATConvForwardOptions = {}): GATConvResult {
    const adj = adjOf(g);
    if (!this.allowZeroInDegree) checkZeroInDegree('GATConv', adj);
    const H = this.numHeads, F = this.outFeats;
    const [xs, xd] = !(feat instanceof Tensor) ? expandAsPair('GATConv', g, feat, [this.inSrcFeats, this.inDstFeats], { extraDims: true })
      : [expandAsPair('GATConv', g, feat, [this.inSrcFeats, null], { extraDims: true })[0], null];
    // DGL's [N, *, inFeats] input: the extra dimensions stay between the node and the head axes.
    const headShape = [-1, ...xs.shape.slice(1, -1), H, F];
    let hDst: Tensor | null = null, featSrc: Tensor, featDst: Tensor;
    if (xd !== null) {
      const hSrc = dropout(xs, this.featDrop, this.training);
      hDst = dropout(xd, this.featDrop, this.training);
      featSrc = (this.fcSrc ?? this.fc!).forward(hSrc).reshape(headShape);
      featDst = (this.fcDst ?? this.fc!).forward(hDst).reshape(headShape);
    } else {
      // Read-only bag-of-words features: dropout and projection from their cached nonzeros.
      const projected = this.residual || xs.ndim !== 2 ? null : sparseRowsDropoutLinear(xs, this.featDrop, this.training, this.fc!.weight);
      if (projected !== null) {
        featSrc = projected.reshape(headShape);
      } else {
        const hSrc = dropout(xs, this.featDrop, this.training);
        featSrc = this.fc!.forward(hSrc).reshape(headShape);
        hDst = dstRowsOfBlock(g, hSrc);
      }
      featDst = dstRowsOfBlock(g, featSrc);
    }
    // a^T [Wh_i || Wh_j] = a_l . Wh_j + a_r . Wh_i: per-node scores [N, H, 1], added along edges.
    const el = sum(mul(featSrc, this.attnL), -1, true);
    const er = sum(mul(featDst, this.attnR), -1, true);
    const logits = leakyRelu(uAddV(adj, el, er), this.negativeSlope);
    let attention = dropout(edgeSoftmax(adj, logits), this.attnDrop, this.training);
    if (opts.edgeWeight !== undefined) attention = mul(attention, edgeColumn(opts.edgeWeight, adj.numEdges).reshape(headShape.map((d, i) => (i === 0 ? -1 : 1))));
    let rst = uMulESum(adj, featSrc, attention);
    if (this.residual) {
      const res = this.resFc === null ? hDst! : this.resFc.forward(hDst!);
      rst = add(rst, res.reshape(headShape));
    }
    if (this.bias !== null) rst = add(rst, this.bias.reshape([1, H, F]));
    if (this.activation !== null) rst = this.activation(rst);
    return { output: rst, attention };
  }

  override extraRepr(): string {
    const inText = this.fc !== null ? `${this.inSrcFeats}` : `(${this.inSrcFeats}, ${this.inDstFeats})`;
    const extra: string[] = [`${inText}, ${this.outFeats}, heads=${this.numHeads}`];
    if (this.featDrop > 0) extra.push(`featDrop=${this.featDrop}`);
    if (this.attnDrop > 0) extra.push(`attnDrop=${this.attnDrop}`);
    if (this.residual) extra.push('residual=true');
    if (this.bias === null) extra.push('bias=false');
    return extra.join(', ');
  }

  override toString(): string { return oneLine(this); }
}
