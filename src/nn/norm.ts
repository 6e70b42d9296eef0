import { DeepGraphError, ShapeError, formatShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import type { FloatDType } from '../tensor/dtype.js';
import { ones, zeros } from '../tensor/creation.js';
import { add, div, mul, sqrt, square, sub } from '../tensor/elementwise.js';
import { mean } from '../tensor/reduce.js';
import { reshape } from '../tensor/movement.js';
import { isTracing, noGrad } from '../tensor/tape.js';
import { batchNorm } from '../tensor/batch-norm.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';

/** Options of `LayerNorm`. */
export interface LayerNormOptions {
  eps?: number;
  elementwiseAffine?: boolean;
  /** Learn a bias too (only with elementwiseAffine). */
  bias?: boolean;
  dtype?: FloatDType;
}

/** Normalises over the trailing `normalizedShape` dimensions (biased variance), then scales and shifts. */
export class LayerNorm extends Module {
  readonly normalizedShape: readonly number[];
  readonly eps: number;
  readonly weight: Parameter | null;
  readonly bias: Parameter | null;

  constructor(normalizedShape: number | readonly number[], opts: LayerNormOptions = {}) {
    super();
    this.normalizedShape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    this.eps = opts.eps ?? 1e-5;
    const dtype = opts.dtype ?? 'float32';
    const affine = opts.elementwiseAffine ?? true;
    this.weight = this.registerParameter('weight', affine ? new Parameter(ones(this.normalizedShape, { dtype })) : null);
    this.bias = this.registerParameter('bias',
      affine && (opts.bias ?? true) ? new Parameter(zeros(this.normalizedShape, { dtype })) : null);
  }

  forward(x: Tensor): Tensor {
    const k = this.normalizedShape.length;
    const tail = x.shape.slice(x.ndim - k);
    if (x.ndim < k || tail.some((d, i) => d !== this.normalizedShape[i])) {
      throw new ShapeError(`LayerNorm: input shape ${formatShape(x.shape)} does not end in normalizedShape ` +
        `${formatShape(this.normalizedShape)}`);
    }
    const axes = this.normalizedShape.map((_, i) => x.ndim - k + i);
    const centred = sub(x, mean(x, axes, true));
    const variance = mean(square(centred), axes, true);
    let y = div(centred, sqrt(add(variance, this.eps)));
    if (this.weight !== null) y = mul(y, this.weight);
    if (this.bias !== null) y = add(y, this.bias);
    return y;
  }

  override extraRepr(): string {
    return `${formatShape(this.normalizedShape)}, eps=${this.eps}, elementwiseAffine=${this.weight !== null}`;
  }
}

/** Options of `BatchNorm1d`. */
export interface BatchNormOptions {
  eps?: number;
  /** Weight of the new batch in the running averages; null means a cumulative average. */
  momentum?: number | null;
  affine?: boolean;
  trackRunningStats?: boolean;
  dtype?: FloatDType;
}

/**
 * Batch normalisation of [N, C] or [N, C, L] over N (and L) per channel. Training normalises with
 * the batch statistics (biased variance) and folds them into runningMean / runningVar (unbiased
 * variance); eval mode uses the running statistics when they are tracked.
 */
export class BatchNorm1d extends Module {
  readonly eps: number;
  readonly momentum: number | null;
  readonly weight: Parameter | null;
  readonly bias: Parameter | null;
  readonly runningMean: Tensor | null;
  readonly runningVar: Tensor | null;
  readonly numBatchesTracked: Tensor | null;

  constructor(readonly numFeatures: number, opts: BatchNormOptions = {}) {
    super();
    this.eps = opts.eps ?? 1e-5;
    this.momentum = opts.momentum === undefined ? 0.1 : opts.momentum;
    const dtype = opts.dtype ?? 'float32';
    const affine = opts.affine ?? true;
    this.weight = this.registerParameter('weight', affine ? new Parameter(ones([numFeatures], { dtype })) : null);
    this.bias = this.registerParameter('bias', affine ? new Parameter(zeros([numFeatures], { dtype })) : null);
    const track = opts.trackRunningStats ?? true;
    this.runningMean = this.registerBuffer('runningMean', track ? zeros([numFeatures], { dtype }) : null);
    this.runningVar = this.registerBuffer('runningVar', track ? ones([numFeatures], { dtype }) : null);
    this.numBatchesTracked = this.registerBuffer('numBatchesTracked', track ? zeros([], { dtype: 'int32' }) : null);
  }

  forward(x: Tensor): Tensor {
    if ((x.ndim !== 2 && x.ndim !== 3) || x.shape[1] !== this.numFeatures) {
      throw new ShapeError(`BatchNorm1d: expected input [N, ${this.numFeatures}] or [N, ${this.numFeatures}, L], ` +
        `got ${formatShape(x.shape)}`);
    }
    if (this.training && x.size / this.numFeatures <= 1) {
      throw new DeepGraphError(`BatchNorm1d: expected more than 1 value per channel when training, got input ${formatShape(x.shape)}`);
    }
    if (x.ndim === 2 && !isTracing() && [this.weight, this.bias, this.runningMean, this.runningVar].every((t) => t === null || t.dtype === x.dtype)) {
      return this.fused(x);
    }
    // Per-channel tensors broadcast against [N, C] as [C] and against [N, C, L] as [C, 1].
    const channel = (t: Tensor): Tensor => (x.ndim === 3 ? reshape(t, [this.numFeatures, 1]) : t);
    const useBatchStats = this.training || this.runningMean === null;
    let y: Tensor;
    if (useBatchStats) {
      const axes = x.ndim === 3 ? [0, 2] : [0];
      const count = x.size / this.numFeatures;
      const mu = mean(x, axes, true);
      const centred = sub(x, mu);
      const variance = mean(square(centred), axes, true);
      y = div(centred, sqrt(add(variance, this.eps)));
      if (this.training) this.updateRunningStats(mu, variance, count);
    } else {
      y = div(sub(x, channel(this.runningMean!)), sqrt(add(channel(this.runningVar!), this.eps)));
    }
    if (this.weight !== null) y = mul(y, channel(this.weight));
    if (this.bias !== null) y = add(y, channel(this.bias));
    return y;
  }

  /** [N, C] in one op (src/tensor/batch-norm.ts); the composed path above is what the ONNX tracer sees. */
  private fused(x: Tensor): Tensor {
    let momentum = this.momentum ?? 0.1;
    if (this.training && this.numBatchesTracked !== null) {
      this.numBatchesTracked.data[0] += 1;
      if (this.momentum === null) momentum = 1 / this.numBatchesTracked.data[0];
    }
    return batchNorm(x, this.weight, this.bias, {
      training: this.training, runningMean: this.runningMean, runningVar: this.runningVar, momentum, eps: this.eps,
    });
  }

  private updateRunningStats(mu: Tensor, biasedVar: Tensor, count: number): void {
    if (this.runningMean === null || this.runningVar === null || this.numBatchesTracked === null) return;
    noGrad(() => {
      this.numBatchesTracked!.data[0] += 1;
      const m = this.momentum ?? 1 / this.numBatchesTracked!.data[0];
      const rm = this.runningMean!.data, rv = this.runningVar!.data;
      for (let c = 0; c < this.numFeatures; c++) {
        rm[c] = (1 - m) * rm[c] + m * mu.data[c];
        rv[c] = (1 - m) * rv[c] + m * biasedVar.data[c] * count / (count - 1);
      }
    });
  }

  override extraRepr(): string {
    return `${this.numFeatures}, eps=${this.eps}, momentum=${this.momentum}, affine=${this.weight !== null}, ` +
      `trackRunningStats=${this.runningMean !== null}`;
  }
}
