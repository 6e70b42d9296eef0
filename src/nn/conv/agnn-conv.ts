import type { Tensor } from '../../tensor/tensor.js';
import type { FloatDType } from '../../tensor/dtype.js';
import { full } from '../../tensor/creation.js';
import { norm } from '../../tensor/reduce.js';
import { clamp } from '../../tensor/elementwise.js';
import { uDotV, uMulESum } from '../../message/shortcuts.js';
import { edgeSoftmax } from '../../message/edge-softmax.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { type ConvGraph, type ConvInput, adjOf, checkZeroInDegree, expandAsPair, oneLine } from './util.js';

/** Options of AGNNConv (DGL's `dgl.nn.AGNNConv`): the initial β (default 1), whether β is learnt (default true), whether nodes without in-edges are allowed (default false) and dtype. */
export interface AGNNConvOptions { initBeta?: number; learnBeta?: boolean; allowZeroInDegree?: boolean; dtype?: FloatDType }

/** Rows divided by their L2 norm (at least 1e-12), as torch's F.normalize. */
function l2normalize(x: Tensor): Tensor { return x.div(clamp(norm(x, 2, -1, true), 1e-12)); }

/**
 * Attention-based graph neural network layer (Thekumparampil et al.; DGL's AGNNConv):
 *   h_i' = Σ_{j ∈ N(i)} softmax_j(β cos(h_i, h_j)) h_j
 */
export class AGNNConv extends Module {
  readonly beta: Tensor;
  readonly initBeta: number;
  readonly learnBeta: boolean;
  allowZeroInDegree: boolean;

  constructor(opts: AGNNConvOptions = {}) {
    super();
    this.initBeta = opts.initBeta ?? 1;
    this.learnBeta = opts.learnBeta ?? true;
    this.allowZeroInDegree = opts.allowZeroInDegree ?? false;
    const beta = full([1], this.initBeta, { dtype: opts.dtype ?? 'float32' });
    this.beta = this.learnBeta ? this.registerParameter('beta', new Parameter(beta)) : this.registerBuffer('beta', beta);
  }

  /** Sets β back to initBeta. */
  resetParameters(): void { this.beta.data.fill(this.initBeta); }

  forward(g: ConvGraph, feat: ConvInput): Tensor {
    const adj = adjOf(g);
    if (!this.allowZeroInDegree) checkZeroInDegree('AGNNConv', adj);
    const [src, dst] = expandAsPair('AGNNConv', g, feat);
    const cos = uDotV(adj, l2normalize(src), l2normalize(dst));
    return uMulESum(adj, src, edgeSoftmax(adj, this.beta.mul(cos)));
  }

  override extraRepr(): string { return `initBeta=${this.initBeta}, learnBeta=${this.learnBeta}`; }
  override toString(): string { return oneLine(this); }
}
