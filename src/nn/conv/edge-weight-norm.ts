import type { Tensor } from '../../tensor/tensor.js';
import { Module } from '../module.js';
import { type ConvGraph, type EdgeNorm, edgeWeightNorm, oneLine } from './util.js';

/** DGL's EdgeWeightNorm module: normalises scalar edge weights by weighted degrees (see edgeWeightNorm). */
export class EdgeWeightNorm extends Module {
  readonly norm: EdgeNorm;
  readonly eps: number;

  constructor(opts: { norm?: EdgeNorm; eps?: number } = {}) {
    super();
    this.norm = opts.norm ?? 'both';
    this.eps = opts.eps ?? 0;
    // Validate at construction, as the function would at the first call.
    if (!['both', 'right', 'none'].includes(this.norm)) {
      throw new RangeError(`EdgeWeightNorm: invalid norm '${String(this.norm)}'; expected one of 'both', 'right', 'none'`);
    }
  }

  forward(g: ConvGraph, edgeWeight: Tensor): Tensor { return edgeWeightNorm(g, edgeWeight, this.norm, this.eps); }

  override extraRepr(): string { return `norm=${this.norm}, eps=${this.eps}`; }
  override toString(): string { return oneLine(this); }
}
