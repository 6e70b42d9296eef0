import type { Tensor } from '../../tensor/tensor.js';
import type { FloatDType } from '../../tensor/dtype.js';
import { add } from '../../tensor/elementwise.js';
import { concat, narrow, permute, reshape } from '../../tensor/movement.js';
import { matmul } from '../../tensor/matmul.js';
import { Module } from '../module.js';
import { Linear } from '../linear.js';
import { calculateGain, xavierNormal } from '../init.js';
import { type Activation, type ConvGraph, callableOf, oneLine } from './util.js';
import { checkFeatureSize, checkPositiveInt, describeActivation, homogeneousAdj, symmetricPropagator } from './helpers.js';

/** Options of `TAGConv`. */
export interface TAGConvOptions {
  /** Number of hops K (default 2). */
  k?: number;
  bias?: boolean;
  activation?: Activation | null;
  dtype?: FloatDType;
}

/**
 * Topology Adaptive Graph Convolution (Du et al.), DGL's TAGConv:
 *   H = Σ_{k=0..K} (D^-1/2 A D^-1/2)^k X Θ_k
 * computed as one Linear over the concatenated hops [X, ÂX, ..., Â^K X] (weight [out, in (K+1)]).
 * When outFeats < inFeats the same sum is evaluated in Horner form on projected features,
 * X Θ_0 + Â(X Θ_1 + Â(...)), so every propagation moves outFeats columns instead of inFeats.
 * With edge weights, Â uses DGL's EdgeWeightNorm('both').
 */
export class TAGConv extends Module {
  readonly k: number;
  readonly lin: Linear;
  readonly activation: Activation | null;
  private readonly activationFn: ((x: Tensor) => Tensor) | null;

  constructor(readonly inFeats: number, readonly outFeats: number, opts: TAGConvOptions = {}) {
    super();
    this.k = opts.k ?? 2;
    checkPositiveInt('TAGConv', 'k', this.k, 0);
    this.activation = opts.activation ?? null;
    this.lin = this.registerModule('lin', new Linear(inFeats * (this.k + 1), outFeats, { bias: opts.bias ?? true, dtype: opts.dtype }));
    this.activationFn = callableOf(this, 'activation', this.activation);
    this.resetParameters();
  }

  /** DGL's initialisation: Xavier normal with the ReLU gain on the weight (bias as torch's Linear). */
  resetParameters(): void {
    this.lin.resetParameters();
    xavierNormal(this.lin.weight, calculateGain('relu'));
  }

  /** feat: [N, inFeats]; edgeWeight: optional positive [E] or [E, 1]. Returns [N, outFeats]. */
  forward(g: ConvGraph, feat: Tensor, edgeWeight: Tensor | null = null): Tensor {
    const adj = homogeneousAdj(g, 'TAGConv');
    checkFeatureSize('TAGConv', feat, adj.numDst, this.inFeats);
    const propagate = symmetricPropagator(adj, feat.dtype as FloatDType, edgeWeight);
    const rst = this.outFeats < this.inFeats ? this.projectFirst(feat, propagate) : this.propagateFirst(feat, propagate);
    return this.activationFn === null ? rst : this.activationFn(rst);
  }

  private propagateFirst(feat: Tensor, propagate: (h: Tensor) => Tensor): Tensor {
    const hops = [feat];
    for (let i = 0; i < this.k; i++) hops.push(propagate(hops[hops.length - 1]));
    return this.lin.forward(hops.length === 1 ? feat : concat(hops, 1));
  }

  private projectFirst(feat: Tensor, propagate: (h: Tensor) => Tensor): Tensor {
    const { inFeats: fin, outFeats: fout, k } = this;
    // weight [out, (K+1) in] viewed as [out, K+1, in] -> [in, K+1, out]: one matmul gives every X Θ_k.
    const w = reshape(permute(reshape(this.lin.weight, [fout, k + 1, fin]), [2, 1, 0]), [fin, (k + 1) * fout]);
    const projected = matmul(feat, w);
    const term = (i: number): Tensor => narrow(projected, 1, i * fout, fout);
    let acc = term(k);
    for (let i = k - 1; i >= 0; i--) acc = add(term(i), propagate(acc));
    return this.lin.bias === null ? acc : add(acc, this.lin.bias);
  }

  override extraRepr(): string {
    const parts = [`${this.inFeats}`, `${this.outFeats}`, `k=${this.k}`];
    if (this.lin.bias === null) parts.push('bias=false');
    if (this.activation !== null) parts.push(`activation=${describeActivation(this.activation)}`);
    return parts.join(', ');
  }

  override toString(): string { return oneLine(this); }
}
