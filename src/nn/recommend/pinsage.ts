import { ShapeError, formatShape } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { FloatDType } from '../../tensor/dtype.js';
import { relu } from '../../tensor/activation.js';
import { add, clamp, div, mul, sqrt } from '../../tensor/elementwise.js';
import { sum } from '../../tensor/reduce.js';
import { concat, narrow } from '../../tensor/movement.js';
import { dropout } from '../../tensor/dropout.js';
import { copyESum, uMulESum } from '../../message/shortcuts.js';
import { Module } from '../module.js';
import { ModuleList } from '../container.js';
import { Linear } from '../linear.js';
import { xavierUniform, calculateGain } from '../init.js';
import { type ConvGraph, adjOf, checkRate, dstRowsOfBlock, edgeColumn } from '../conv/util.js';
import { checkPositiveInt } from '../conv/helpers.js';

/**
 * PinSAGE's convolution (Ying et al. 2018; DGL's WeightedSAGEConv in examples/pytorch/pinsage):
 * n_v = Σ_u w_uv ReLU(Q h_u) / max(1, Σ_u w_uv) with w the random-walk visit counts (what
 * PinSAGESampler stores in edata 'weights'), z_v = ReLU(W [n_v || h_v]), out = z_v / ||z_v||
 * (rows of norm 0 stay 0). Works on a graph or a block (destinations = the first source rows).
 */
export class WeightedSAGEConv extends Module {
  readonly Q: Linear;
  readonly W: Linear;

  constructor(readonly inFeats: number, readonly hiddenFeats: number, readonly outFeats: number,
    readonly featDrop = 0, dtype: FloatDType = 'float32') {
    super();
    for (const [name, v] of [['inFeats', inFeats], ['hiddenFeats', hiddenFeats], ['outFeats', outFeats]] as const) checkPositiveInt('WeightedSAGEConv', name, v);
    checkRate('featDrop', featDrop);
    this.Q = this.registerModule('Q', new Linear(inFeats, hiddenFeats, { dtype }));
    this.W = this.registerModule('W', new Linear(inFeats + hiddenFeats, outFeats, { dtype }));
    const gain = calculateGain('relu');
    xavierUniform(this.Q.weight, gain);
    xavierUniform(this.W.weight, gain);
  }

  /** h [numSrc, inFeats], weights [E] or [E, 1] → [numDst, outFeats], unit rows. */
  forward(g: ConvGraph, h: Tensor, weights: Tensor): Tensor {
    const adj = adjOf(g);
    if (h.ndim !== 2 || h.shape[0] !== adj.numSrc || h.shape[1] !== this.inFeats) {
      throw new ShapeError(`WeightedSAGEConv: expects features [${adj.numSrc}, ${this.inFeats}], got ${formatShape(h.shape)}`);
    }
    const w = edgeColumn(weights.dtype === h.dtype ? weights : weights.to(h.dtype), adj.numEdges);
    const hs = dropout(h, this.featDrop, this.training);
    const n = uMulESum(adj, relu(this.Q.forward(hs)), w);
    const ws = clamp(copyESum(adj, w), 1);
    const z = relu(this.W.forward(concat([div(n, ws), dstRowsOfBlock(g, hs)], 1)));
    // A zero row stays zero; the clamp keeps sqrt's gradient finite there.
    return div(z, sqrt(clamp(sum(mul(z, z), 1, true), 1e-24)));
  }

  override extraRepr(): string { return `inFeats=${this.inFeats}, hiddenFeats=${this.hiddenFeats}, outFeats=${this.outFeats}`; }
}

/** Options of `PinSAGE`. */
export interface PinSAGEOptions {
  /** Convolution layers (default 2, as DGL's example). */
  numLayers?: number;
  /** Dropout on each convolution's input (default 0.5, as DGL's example). */
  dropout?: number;
  dtype?: FloatDType;
}

/**
 * The PinSAGE item model (DGL's PinSAGEModel without its per-column projector): item features are
 * projected to `hidden` (the residual representation), refined by numLayers WeightedSAGEConv
 * over item-item graphs from PinSAGESampler, and added: repr = proj(x_dst) + sage(x). Score item
 * pairs with a dot product (plus a per-item bias, `itemBias`, as DGL's ItemToItemScorer).
 */
export class PinSAGE extends Module {
  readonly proj: Linear;
  readonly layers: ModuleList<WeightedSAGEConv>;

  constructor(readonly inFeats: number, readonly hidden: number, opts: PinSAGEOptions = {}) {
    super();
    const numLayers = opts.numLayers ?? 2, dtype = opts.dtype ?? 'float32';
    checkPositiveInt('PinSAGE', 'numLayers', numLayers);
    this.proj = this.registerModule('proj', new Linear(inFeats, hidden, { dtype }));
    this.layers = this.registerModule('layers', new ModuleList(Array.from({ length: numLayers },
      () => new WeightedSAGEConv(hidden, hidden, hidden, opts.dropout ?? 0.5, dtype))));
  }

  /**
   * Item representations. `graphs` is one item-item graph (used by every layer) or one block per
   * layer, input side first; `weightColumn` names their edge weights (default 'weights').
   */
  forward(graphs: ConvGraph | readonly ConvGraph[], x: Tensor, weightColumn = 'weights'): Tensor {
    const L = this.layers.length;
    const list = Array.isArray(graphs) ? graphs as readonly ConvGraph[] : new Array<ConvGraph>(L).fill(graphs as ConvGraph);
    if (list.length !== L) throw new ShapeError(`PinSAGE: ${L} layers need ${L} blocks, got ${list.length}`);
    const hItem = this.proj.forward(x);
    let h = hItem;
    list.forEach((g, l) => {
      if (!('edata' in g)) throw new ShapeError('PinSAGE: graphs must be dg.Graph objects with edge weights in edata');
      h = this.layers.get(l).forward(g, h, g.edata.get(weightColumn));
    });
    // Blocks chain with destinations first, so the last block's destinations are hItem's first rows.
    return add(narrow(hItem, 0, 0, h.shape[0]), h);
  }
}
