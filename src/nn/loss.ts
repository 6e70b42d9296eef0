import type { Tensor } from '../tensor/tensor.js';
import {
  binaryCrossEntropyWithLogits, crossEntropy, l1Loss, mseLoss, nllLoss,
  type BceWithLogitsOptions, type CrossEntropyOptions, type NllLossOptions, type Reduction, type ReductionOptions,
} from '../tensor/loss.js';
import { Module } from './module.js';

/** Shared shape of the loss modules: forward(input, target) with options fixed at construction. */
abstract class Loss<O extends ReductionOptions> extends Module {
  readonly reduction: Reduction;
  protected readonly opts: O;
  constructor(opts: O) {
    super();
    this.opts = opts;
    this.reduction = opts.reduction ?? 'mean';
  }
  /** The loss of `input` against `target`, reduced as chosen at construction. */
  abstract override forward(input: Tensor, target: Tensor): Tensor;
  override extraRepr(): string { return this.reduction === 'mean' ? '' : `reduction=${this.reduction}`; }
}

/** Logits [N, C] (or [N, C, ...]) and int32 class targets; class weights are a buffer (in stateDict, as torch). */
export class CrossEntropyLoss extends Loss<CrossEntropyOptions> {
  constructor(opts: CrossEntropyOptions = {}) {
    super(opts);
    if (opts.weight !== undefined) this.registerBuffer('weight', opts.weight);
  }
  forward(logits: Tensor, target: Tensor): Tensor { return crossEntropy(logits, target, this.opts); }
}

/** Log-probabilities [N, C] and int32 class targets [N]. */
export class NLLLoss extends Loss<NllLossOptions> {
  constructor(opts: NllLossOptions = {}) {
    super(opts);
    if (opts.weight !== undefined) this.registerBuffer('weight', opts.weight);
  }
  forward(logProbs: Tensor, target: Tensor): Tensor { return nllLoss(logProbs, target, this.opts); }
}

/** Logits and 0/1 float targets of the same shape. */
export class BCEWithLogitsLoss extends Loss<BceWithLogitsOptions> {
  constructor(opts: BceWithLogitsOptions = {}) {
    super(opts);
    if (opts.weight !== undefined) this.registerBuffer('weight', opts.weight);
    if (opts.posWeight !== undefined) this.registerBuffer('posWeight', opts.posWeight);
  }
  forward(logits: Tensor, target: Tensor): Tensor { return binaryCrossEntropyWithLogits(logits, target, this.opts); }
}

/** Mean squared error as a module (PyTorch's `nn.MSELoss`); see `dg.mseLoss`. */
export class MSELoss extends Loss<ReductionOptions> {
  constructor(opts: ReductionOptions = {}) { super(opts); }
  forward(input: Tensor, target: Tensor): Tensor { return mseLoss(input, target, this.opts); }
}

/** Mean absolute error as a module (PyTorch's `nn.L1Loss`); see `dg.l1Loss`. */
export class L1Loss extends Loss<ReductionOptions> {
  constructor(opts: ReductionOptions = {}) { super(opts); }
  forward(input: Tensor, target: Tensor): Tensor { return l1Loss(input, target, this.opts); }
}
