import { DeepGraphError, DTypeError, ShapeError, formatShape } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';
import type { FloatDType } from '../../tensor/dtype.js';
import { arange, zeros } from '../../tensor/creation.js';
import { add, eq } from '../../tensor/elementwise.js';
import { max, min, sum } from '../../tensor/reduce.js';
import { cast } from '../../tensor/cast.js';
import { concat, reshape, transpose } from '../../tensor/movement.js';
import { matmul } from '../../tensor/matmul.js';
import type { SparseAdj } from '../../graph/sparse.js';
import { gspmm } from '../../message/gspmm.js';
import { Module } from '../module.js';
import { ModuleList } from '../container.js';
import { Linear } from '../linear.js';
import { GRUCell } from '../gru.js';
import { calculateGain, xavierNormal } from '../init.js';
import { type ConvGraph, oneLine } from './util.js';
import { checkFeatureSize, checkPositiveInt, homogeneousAdj } from './helpers.js';

/** Options of `GatedGraphConv`. */
export interface GatedGraphConvOptions {
  /** Bias of the GRU cell (default true; the per-type linears always have one, as in DGL). */
  bias?: boolean;
  dtype?: FloatDType;
}

/**
 * Gated Graph Sequence Neural Network layer (Li et al.), DGL's GatedGraphConv. Inputs are zero-padded
 * to outFeats, then nSteps times:
 *   a_i = Σ_{j -e-> i} W_{type(e)} h_j + b_{type(e)},   h_i = GRU(a_i, h_i)
 * One edge type: a = copyU-sum g-SpMM of the projected features. Several: one matmul projects every
 * node with every type's weight ([N, T, out]) and one u-mul-e g-SpMM with the edges' one-hot types
 * ([E, T, 1]) sums the messages, never materialising [E, out].
 */
export class GatedGraphConv extends Module {
  readonly linears: ModuleList;
  readonly gru: GRUCell;
  private readonly typeLinears: Linear[];

  constructor(readonly inFeats: number, readonly outFeats: number, readonly nSteps: number, readonly nEtypes: number,
    opts: GatedGraphConvOptions = {}) {
    super();
    checkPositiveInt('GatedGraphConv', 'nSteps', nSteps, 0);
    checkPositiveInt('GatedGraphConv', 'nEtypes', nEtypes, 1);
    if (inFeats > outFeats) {
      throw new RangeError(`GatedGraphConv: inFeats (${inFeats}) must not exceed outFeats (${outFeats}); inputs are zero-padded to outFeats`);
    }
    this.typeLinears = Array.from({ length: nEtypes }, () => new Linear(outFeats, outFeats, { dtype: opts.dtype }));
    this.linears = this.registerModule('linears', new ModuleList(this.typeLinears));
    this.gru = this.registerModule('gru', new GRUCell(outFeats, outFeats, { bias: opts.bias ?? true, dtype: opts.dtype }));
    this.resetParameters();
  }

  /** DGL's initialisation: GRU as PyTorch, linears Xavier normal (ReLU gain) with zero bias. */
  resetParameters(): void {
    this.gru.resetParameters();
    for (const lin of this.typeLinears) {
      xavierNormal(lin.weight, calculateGain('relu'));
      lin.bias?.data.fill(0);
    }
  }

  /**
   * feat: [N, inFeats]; etypes: the type id in [0, nEtypes) of every edge (int32 tensor, Int32Array or
   * numbers). It may be omitted when nEtypes is 1. Returns [N, outFeats].
   */
  forward(g: ConvGraph, feat: Tensor, etypes: Tensor | Int32Array | readonly number[] | null = null): Tensor {
    const adj = homogeneousAdj(g, 'GatedGraphConv');
    checkFeatureSize('GatedGraphConv', feat, adj.numDst, this.inFeats);
    let h = feat;
    if (this.inFeats < this.outFeats) {
      h = concat([feat, zeros([feat.shape[0], this.outFeats - this.inFeats], { dtype: feat.dtype })], 1);
    }
    const aggregate = etypes === null && this.nEtypes === 1
      ? (x: Tensor): Tensor => gspmm(adj, 'copyLhs', 'sum', this.typeLinears[0].forward(x), null)
      : this.typedAggregator(adj, etypes, h.dtype as FloatDType);
    for (let step = 0; step < this.nSteps; step++) h = this.gru.forward(aggregate(h), h);
    return h;
  }

  private typedAggregator(adj: SparseAdj, etypes: Tensor | Int32Array | readonly number[] | null, dtype: FloatDType): (x: Tensor) => Tensor {
    if (etypes === null) throw new DeepGraphError(`GatedGraphConv: etypes is required when nEtypes is ${this.nEtypes}`);
    const types = etypes instanceof Tensor ? etypes : new Tensor(Int32Array.from(etypes), [etypes.length], 'int32');
    if (types.dtype !== 'int32' && types.dtype !== 'uint8') throw new DTypeError(`GatedGraphConv: etypes must be integer ids, got ${types.dtype}`);
    if (types.ndim !== 1 || types.shape[0] !== adj.numEdges) {
      throw new ShapeError(`GatedGraphConv: etypes of shape ${formatShape(types.shape)} must be [${adj.numEdges}] (one per edge)`);
    }
    if (adj.numEdges > 0) {
      const lo = min(types).item(), hi = max(types).item();
      if (lo < 0 || hi >= this.nEtypes) throw new RangeError(`GatedGraphConv: edge type ids must be in [0, ${this.nEtypes}), got range [${lo}, ${hi}]`);
    }
    const T = this.nEtypes, D = this.outFeats;
    const oneHot = cast(eq(reshape(types, [adj.numEdges, 1, 1]), reshape(arange(0, T, 1, { dtype: 'int32' }), [1, T, 1])), dtype);
    const weights = transpose(concat(this.typeLinears.map((l) => l.weight), 0), 0, 1);
    const biases = concat(this.typeLinears.map((l) => l.bias!), 0);
    return (x) => {
      const projected = reshape(add(matmul(x, weights), biases), [x.shape[0], T, D]);
      return sum(gspmm(adj, 'mul', 'sum', projected, oneHot), 1);
    };
  }

  override extraRepr(): string {
    return `${this.inFeats}, ${this.outFeats}, nSteps=${this.nSteps}, nEtypes=${this.nEtypes}${this.gru.biasIh === null ? ', bias=false' : ''}`;
  }

  override toString(): string { return oneLine(this); }
}
