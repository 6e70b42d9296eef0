import type { Tensor } from '../../tensor/tensor.js';
import type { FloatDType } from '../../tensor/dtype.js';
import { sum } from '../../tensor/reduce.js';
import { matmul } from '../../tensor/matmul.js';
import { Module } from '../module.js';
import { Linear } from '../linear.js';
import { Dropout } from '../dropout.js';
import { calculateGain, xavierUniform } from '../init.js';
import { type Activation, callableOf, oneLine } from './util.js';
import { checkDenseAdj } from './dense-graph-conv.js';

/**
 * GraphSAGE (gcn aggregator) on a dense adjacency (DGL's DenseSAGEConv):
 *   h' = act(W ((A h + h) / (deg + 1)) + b), then norm; adj [N, N] with row = destination.
 */
export class DenseSAGEConv extends Module {
  readonly fc: Linear;
  readonly featDrop: Dropout;
  private readonly act: ((x: Tensor) => Tensor) | null;
  private readonly normFn: ((x: Tensor) => Tensor) | null;

  constructor(readonly inFeats: number, readonly outFeats: number,
    opts: { featDrop?: number; bias?: boolean; norm?: Activation | null; activation?: Activation | null; dtype?: FloatDType } = {}) {
    super();
    this.featDrop = this.registerModule('featDrop', new Dropout(opts.featDrop ?? 0));
    this.fc = this.registerModule('fc', new Linear(inFeats, outFeats, { bias: opts.bias ?? true, dtype: opts.dtype }));
    this.act = callableOf(this, 'activation', opts.activation);
    this.normFn = callableOf(this, 'norm', opts.norm);
    this.resetParameters();
  }

  /** Xavier-uniform fc weight with ReLU gain (as DGL). */
  resetParameters(): void { xavierUniform(this.fc.weight, calculateGain('relu')); }

  forward(adj: Tensor, feat: Tensor): Tensor {
    checkDenseAdj('DenseSAGEConv', adj, feat, this.inFeats);
    const a = adj.dtype === feat.dtype ? adj : adj.to(feat.dtype);
    const h = this.featDrop.forward(feat);
    let rst = this.fc.forward(matmul(a, h).add(h).div(sum(a, 1, true).add(1)));
    if (this.act !== null) rst = this.act(rst);
    return this.normFn === null ? rst : this.normFn(rst);
  }

  override extraRepr(): string { return `${this.inFeats}, ${this.outFeats}`; }
  override toString(): string { return oneLine(this); }
}
