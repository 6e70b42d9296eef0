import type { Tensor } from '../tensor/tensor.js';
import { binaryCrossEntropyWithLogits, crossEntropy, l1Loss, mseLoss, nllLoss } from '../tensor/index.js';
import { Module } from './module.js';

export type Reduction = 'mean' | 'sum' | 'none';
export interface LossOptions { reduction?: Reduction }

/** Shared shape of the loss modules: forward(input, target) with a fixed reduction. */
abstract class Loss extends Module {
  readonly reduction: Reduction;
  constructor(opts: LossOptions = {}) {
    super();
    this.reduction = opts.reduction ?? 'mean';
  }
  abstract override forward(input: Tensor, target: Tensor): Tensor;
  override extraRepr(): string { return this.reduction === 'mean' ? '' : `reduction=${this.reduction}`; }
}

/** Logits [N, C] and int32 class targets [N]. */
export class CrossEntropyLoss extends Loss {
  forward(logits: Tensor, target: Tensor): Tensor { return crossEntropy(logits, target, { reduction: this.reduction }); }
}

/** Log-probabilities [N, C] and int32 class targets [N]. */
export class NLLLoss extends Loss {
  forward(logProbs: Tensor, target: Tensor): Tensor { return nllLoss(logProbs, target, { reduction: this.reduction }); }
}

/** Logits and 0/1 float targets of the same shape. */
export class BCEWithLogitsLoss extends Loss {
  forward(logits: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropyWithLogits(logits, target, { reduction: this.reduction });
  }
}

export class MSELoss extends Loss {
  forward(input: Tensor, target: Tensor): Tensor { return mseLoss(input, target, { reduction: this.reduction }); }
}

export class L1Loss extends Loss {
  forward(input: Tensor, target: Tensor): Tensor { return l1Loss(input, target, { reduction: this.reduction }); }
}
