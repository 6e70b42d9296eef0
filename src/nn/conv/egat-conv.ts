import type { Tensor } from '../../tensor/tensor.js';
import type { FloatDType } from '../../tensor/dtype.js';
import { zeros } from '../../tensor/creation.js';
import { leakyRelu } from '../../tensor/activation.js';
import { sum } from '../../tensor/reduce.js';
import { uAddV, uMulESum } from '../../message/shortcuts.js';
import { edgeSoftmax } from '../../message/edge-softmax.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { Linear } from '../linear.js';
import { calculateGain, xavierNormal, zeros as zeroInit } from '../init.js';
import { type ConvGraph, type ConvInput, adjOf, checkZeroInDegree, dstRowsOfBlock, featSizes, oneLine } from './util.js';

/** Options of EGATConv (DGL's `dgl.nn.EGATConv`): bias (default true) and dtype. */
export interface EGATConvOptions { bias?: boolean; dtype?: FloatDType }

/**
 * Graph attention with edge features (Kamiński et al.; DGL's EGATConv). Per head:
 *   f'_ij = LeakyReLU(A [h_i ‖ f_ij ‖ h_j] + b)  (as W_ni h_j + W_nj h_i + W_f f_ij + b)
 *   α_ij = softmax_j(a · f'_ij),  h_i' = Σ_j α_ij W_node h_j
 * Returns [node output [numDst, heads, outNode], edge output [E, heads, outEdge]] (and the
 * attention [E, heads, 1] with getAttention).
 */
export class EGATConv extends Module {
  readonly fcNodeSrc: Linear;
  readonly fcNi: Linear;
  readonly fcNj: Linear;
  readonly fcFij: Linear;
  readonly attn: Parameter;
  readonly bias: Parameter | null;
  readonly inSrcFeats: number;
  readonly inDstFeats: number;

  constructor(inNodeFeats: number | readonly [number, number], readonly inEdgeFeats: number, readonly outNodeFeats: number,
    readonly outEdgeFeats: number, readonly numHeads: number, opts: EGATConvOptions = {}) {
    super();
    [this.inSrcFeats, this.inDstFeats] = featSizes(inNodeFeats);
    const dtype = opts.dtype ?? 'float32';
    const lin = (i: number, o: number): Linear => new Linear(i, o * numHeads, { bias: false, dtype });
    this.fcNodeSrc = this.registerModule('fcNodeSrc', lin(this.inSrcFeats, outNodeFeats));
    this.fcNi = this.registerModule('fcNi', lin(this.inSrcFeats, outEdgeFeats));
    this.fcNj = this.registerModule('fcNj', lin(this.inDstFeats, outEdgeFeats));
    this.fcFij = this.registerModule('fcFij', lin(inEdgeFeats, outEdgeFeats));
    this.attn = this.registerParameter('attn', new Parameter(zeros([1, numHeads, outEdgeFeats], { dtype })));
    this.bias = this.registerParameter('bias', (opts.bias ?? true) ? new Parameter(zeros([numHeads * outEdgeFeats], { dtype })) : null);
    this.resetParameters();
  }

  /** Xavier-normal with ReLU gain for every weight, zero bias (DGL). */
  resetParameters(): void {
    const gain = calculateGain('relu');
    for (const l of [this.fcNodeSrc, this.fcNi, this.fcFij, this.fcNj]) xavierNormal(l.weight, gain);
    xavierNormal(this.attn, gain);
    if (this.bias !== null) zeroInit(this.bias);
  }

  forward(g: ConvGraph, nfeats: ConvInput, efeats: Tensor, opts: { edgeWeight?: Tensor; getAttention?: boolean } = {}): Tensor[] {
    const adj = adjOf(g);
    checkZeroInDegree('EGATConv', adj);
    const [src, dst] = Array.isArray(nfeats) ? nfeats as readonly [Tensor, Tensor] : [nfeats as Tensor, dstRowsOfBlock(g, nfeats as Tensor)];
    let fOut = uAddV(adj, this.fcNi.forward(src), this.fcNj.forward(dst)).add(this.fcFij.forward(efeats));
    if (this.bias !== null) fOut = fOut.add(this.bias);
    fOut = leakyRelu(fOut).reshape([adj.numEdges, this.numHeads, this.outEdgeFeats]);
    let a = edgeSoftmax(adj, sum(fOut.mul(this.attn), -1, true));
    if (opts.edgeWeight !== undefined) a = a.mul(opts.edgeWeight.reshape([adj.numEdges, 1, 1]));
    const hOut = uMulESum(adj, this.fcNodeSrc.forward(src).reshape([src.shape[0], this.numHeads, this.outNodeFeats]), a);
    return opts.getAttention ? [hOut, fOut, a] : [hOut, fOut];
  }

  override extraRepr(): string {
    return `${this.inSrcFeats}, ${this.inEdgeFeats}, ${this.outNodeFeats}, ${this.outEdgeFeats}, numHeads=${this.numHeads}`;
  }
  override toString(): string { return oneLine(this); }
}
