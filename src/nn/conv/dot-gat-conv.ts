import type { Tensor } from '../../tensor/tensor.js';
import type { FloatDType } from '../../tensor/dtype.js';
import { uDotV, uMulESum } from '../../message/shortcuts.js';
import { edgeSoftmax } from '../../message/edge-softmax.js';
import { Module } from '../module.js';
import { Linear } from '../linear.js';
import { type ConvGraph, type ConvInput, adjOf, checkZeroInDegree, dstRowsOfBlock, featSizes, oneLine, optionalModule } from './util.js';

/** Options of DotGatConv (DGL's `dgl.nn.DotGatConv`): whether nodes without in-edges are allowed (default false) and dtype. */
export interface DotGatConvOptions { allowZeroInDegree?: boolean; dtype?: FloatDType }

/**
 * Dot-product attention (DGL's DotGatConv): per head k,
 *   h_i' = Σ_{j ∈ N(i)} softmax_j((W h_i)·(W h_j) / sqrt(outFeats)) W h_j
 * Output [numDst, numHeads, outFeats]; with getAttention also the [E, numHeads, 1] attention.
 */
export class DotGatConv extends Module {
  readonly fc: Linear | null;
  readonly fcSrc: Linear | null;
  readonly fcDst: Linear | null;
  readonly inSrcFeats: number;
  readonly inDstFeats: number;
  allowZeroInDegree: boolean;

  constructor(inFeats: number | readonly [number, number], readonly outFeats: number, readonly numHeads = 1, opts: DotGatConvOptions = {}) {
    super();
    [this.inSrcFeats, this.inDstFeats] = featSizes(inFeats);
    const dtype = opts.dtype ?? 'float32';
    const pair = typeof inFeats !== 'number';
    this.fc = optionalModule(this, 'fc', pair ? null : new Linear(this.inSrcFeats, outFeats * numHeads, { bias: false, dtype }));
    this.fcSrc = optionalModule(this, 'fcSrc', pair ? new Linear(this.inSrcFeats, outFeats * numHeads, { bias: false, dtype }) : null);
    this.fcDst = optionalModule(this, 'fcDst', pair ? new Linear(this.inDstFeats, outFeats * numHeads, { bias: false, dtype }) : null);
    this.allowZeroInDegree = opts.allowZeroInDegree ?? false;
  }

  /** feat [N, inFeats] (or a src/dst pair); returns [numDst, numHeads, outFeats], and with getAttention also the [E, numHeads, 1] attention. */
  forward(g: ConvGraph, feat: ConvInput, opts: { getAttention?: false }): Tensor;
  forward(g: ConvGraph, feat: ConvInput, opts: { getAttention: true }): [Tensor, Tensor];
  forward(g: ConvGraph, feat: ConvInput): Tensor;
  forward(g: ConvGraph, feat: ConvInput, opts: { getAttention?: boolean } = {}): Tensor | [Tensor, Tensor] {
    const adj = adjOf(g);
    if (!this.allowZeroInDegree) checkZeroInDegree('DotGatConv', adj);
    const heads = (lin: Linear, x: Tensor): Tensor => lin.forward(x).reshape([x.shape[0], this.numHeads, this.outFeats]);
    let fs: Tensor, fd: Tensor;
    if (Array.isArray(feat)) {
      const [xs, xd] = feat as readonly [Tensor, Tensor];
      fs = heads(this.fcSrc ?? this.fc!, xs); fd = heads(this.fcDst ?? this.fc!, xd);
    } else {
      fs = heads(this.fc ?? this.fcSrc!, feat as Tensor); fd = dstRowsOfBlock(g, fs);
    }
    const attn = edgeSoftmax(adj, uDotV(adj, fs, fd).div(Math.sqrt(this.outFeats)));
    const rst = uMulESum(adj, fs, attn);
    return opts.getAttention ? [rst, attn] : rst;
  }

  override extraRepr(): string { return `${this.inSrcFeats}, ${this.outFeats}, numHeads=${this.numHeads}`; }
  override toString(): string { return oneLine(this); }
}
