import { DeepGraphError, ShapeError, formatShape } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import type { FloatDType } from '../tensor/dtype.js';
import { clamp, div, mul } from '../tensor/elementwise.js';
import { norm, sum } from '../tensor/reduce.js';
import { concat } from '../tensor/movement.js';
import { Module } from './module.js';
import { Linear } from './linear.js';

/** How `EdgePredictor` combines the two end-point features: dot product, cosine, elementwise product or concatenation. */
export type EdgePredictorOp = 'dot' | 'cos' | 'ele' | 'cat';

/** Options of `EdgePredictor`. */
export interface EdgePredictorOptions {
  /** With outFeats: the size of h_src / h_dst; a Linear layer then maps the combined pair to outFeats. */
  inFeats?: number;
  outFeats?: number;
  /** Bias of that Linear layer (default false, as DGL). */
  bias?: boolean;
  dtype?: FloatDType;
}

/**
 * Scores node pairs for link prediction (DGL's EdgePredictor): h = op(h_src, h_dst) with op
 * 'dot' (sum of products, [E, 1]), 'cos' (cosine similarity, [E, 1]), 'ele' (elementwise product,
 * [E, D]) or 'cat' (concatenation, [E, 2D]); then W h (+ b) when inFeats and outFeats are given.
 */
export class EdgePredictor extends Module {
  readonly linear: Linear | null;

  constructor(readonly op: EdgePredictorOp, opts: EdgePredictorOptions = {}) {
    super();
    if (!['dot', 'cos', 'ele', 'cat'].includes(op)) {
      throw new DeepGraphError(`EdgePredictor: op must be 'dot', 'cos', 'ele' or 'cat', got '${String(op)}'`);
    }
    let linear: Linear | null = null;
    if (opts.inFeats !== undefined && opts.outFeats !== undefined) {
      const width = op === 'dot' || op === 'cos' ? 1 : op === 'cat' ? 2 * opts.inFeats : opts.inFeats;
      linear = new Linear(width, opts.outFeats, { bias: opts.bias ?? false, dtype: opts.dtype });
    }
    this.linear = linear === null ? null : this.registerModule('linear', linear);
  }

  /** Re-initialises the output projection, if any. */
  resetParameters(): void { this.linear?.resetParameters(); }

  /** hSrc, hDst [E, D]: features of each pair's source and destination. */
  forward(hSrc: Tensor, hDst: Tensor): Tensor {
    if (hSrc.ndim !== 2 || hSrc.shape.join() !== hDst.shape.join()) {
      throw new ShapeError(`EdgePredictor: hSrc ${formatShape(hSrc.shape)} and hDst ${formatShape(hDst.shape)} must both be [E, D]`);
    }
    let h: Tensor;
    switch (this.op) {
      case 'dot': h = sum(mul(hSrc, hDst), -1, true); break;
      case 'cos': {
        // torch's cosine_similarity: each norm clamped below by eps = 1e-8.
        const eps = 1e-8;
        const denom = mul(clamp(norm(hSrc, 2, -1, true), eps), clamp(norm(hDst, 2, -1, true), eps));
        h = div(sum(mul(hSrc, hDst), -1, true), denom);
        break;
      }
      case 'ele': h = mul(hSrc, hDst); break;
      case 'cat': h = concat([hSrc, hDst], -1); break;
    }
    return this.linear === null ? h : this.linear.forward(h);
  }

  override extraRepr(): string { return `op=${this.op}`; }
}
