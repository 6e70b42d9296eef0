import type { Tensor } from '../../tensor/tensor.js';
import type { FloatDType } from '../../tensor/dtype.js';
import { add, mul, sub } from '../../tensor/elementwise.js';
import { matmul } from '../../tensor/matmul.js';
import { transpose } from '../../tensor/movement.js';
import type { SparseAdj } from '../../graph/sparse.js';
import { gspmm } from '../../message/gspmm.js';
import { gsddmm } from '../../message/gsddmm.js';
import { Module } from '../module.js';
import { Linear } from '../linear.js';
import { BatchNorm1d } from '../norm.js';
import { type ConvGraph, type ConvInput, adjOf, checkZeroInDegree, expandAsPair, oneLine } from './util.js';
import { hasInEdgesMask } from './helpers.js';

/** Options of `EdgeConv`. */
export interface EdgeConvOptions {
  /** Batch-normalise the per-edge Θ(x_j - x_i) before the max (default false). */
  batchNorm?: boolean;
  /** Skip the check that every destination has an in-edge (default false); such nodes output 0. */
  allowZeroInDegree?: boolean;
  dtype?: FloatDType;
}

/**
 * EdgeConv (Wang et al., "Dynamic Graph CNN for Learning on Point Clouds"), DGL's EdgeConv:
 *   h_i' = max_{j ∈ N(i)} Θ(x_j - x_i) + Φ(x_i)
 * Θ and Φ are Linear layers. Without batch norm the max never sees per-edge messages: Θ is affine,
 * so max_j Θ(x_j - x_i) = max_j (x_j Θ_W^T) - x_i Θ_W^T + Θ_b, one copyU-max g-SpMM on projected
 * source features plus a per-node term (argmax, hence gradients, are those of the edge form).
 * With batch norm the [E, out] messages are needed for the batch statistics: one g-SDDMM builds
 * them from projected features, then copyE-max reduces. Nodes without in-edges output 0, as in DGL.
 */
export class EdgeConv extends Module {
  readonly theta: Linear;
  readonly phi: Linear;
  readonly bn: BatchNorm1d | null;
  readonly allowZeroInDegree: boolean;

  constructor(readonly inFeats: number, readonly outFeats: number, opts: EdgeConvOptions = {}) {
    super();
    this.allowZeroInDegree = opts.allowZeroInDegree ?? false;
    this.theta = this.registerModule('theta', new Linear(inFeats, outFeats, { dtype: opts.dtype }));
    this.phi = this.registerModule('phi', new Linear(inFeats, outFeats, { dtype: opts.dtype }));
    this.bn = opts.batchNorm ? this.registerModule('bn', new BatchNorm1d(outFeats, { dtype: opts.dtype })) : null;
  }

  /** Θ and Φ as torch's Linear; batch norm back to unit scale, zero shift and fresh running statistics. */
  resetParameters(): void {
    this.theta.resetParameters();
    this.phi.resetParameters();
    if (this.bn !== null) {
      this.bn.weight?.data.fill(1);
      this.bn.bias?.data.fill(0);
      this.bn.runningMean?.data.fill(0);
      this.bn.runningVar?.data.fill(1);
      this.bn.numBatchesTracked?.data.fill(0);
    }
  }

  /** feat: [N, inFeats], or [srcFeat, dstFeat] on a bipartite graph / block. Returns [numDst, outFeats]. */
  forward(g: ConvGraph, feat: ConvInput): Tensor {
    const [src, dst] = expandAsPair('EdgeConv', g, feat, [this.inFeats, this.inFeats]);
    const adj = adjOf(g);
    if (!this.allowZeroInDegree) checkZeroInDegree('EdgeConv', adj);
    const wTheta = transpose(this.theta.weight, 0, 1);
    const srcProj = matmul(src, wTheta);
    return this.bn === null ? this.fused(adj, srcProj, dst) : this.withBatchNorm(adj, srcProj, dst, wTheta, this.bn);
  }

  private fused(adj: SparseAdj, srcProj: Tensor, dst: Tensor): Tensor {
    const neighMax = gspmm(adj, 'copyLhs', 'max', srcProj, null);
    // Φ(x_i) - x_i Θ_W^T + Θ_b in one matmul.
    let self = matmul(dst, transpose(sub(this.phi.weight, this.theta.weight), 0, 1));
    if (this.phi.bias !== null) self = add(self, this.phi.bias);
    if (this.theta.bias !== null) self = add(self, this.theta.bias);
    return add(neighMax, this.maskIsolated(adj, self));
  }

  private withBatchNorm(adj: SparseAdj, srcProj: Tensor, dst: Tensor, wTheta: Tensor, bn: BatchNorm1d): Tensor {
    let messages = gsddmm(adj, 'sub', srcProj, matmul(dst, wTheta), { lhsTarget: 'u', rhsTarget: 'v' });
    if (this.theta.bias !== null) messages = add(messages, this.theta.bias);
    const neighMax = gspmm(adj, 'copyRhs', 'max', null, bn.forward(messages));
    return add(neighMax, this.maskIsolated(adj, this.phi.forward(dst)));
  }

  /** The per-node term only where messages arrive, so nodes without in-edges stay 0 (DGL's max of nothing). */
  private maskIsolated(adj: SparseAdj, t: Tensor): Tensor {
    const deg = adj.inDegrees();
    return deg.every((d) => d > 0) ? t : mul(t, hasInEdgesMask(adj, t.dtype as FloatDType));
  }

  override extraRepr(): string {
    const parts = [`${this.inFeats}`, `${this.outFeats}`, `batchNorm=${this.bn !== null}`];
    if (this.allowZeroInDegree) parts.push('allowZeroInDegree=true');
    return parts.join(', ');
  }

  override toString(): string { return oneLine(this); }
}
