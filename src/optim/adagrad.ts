import type { FloatArray } from '../kernels/backend.js';
import type { Tensor } from '../tensor/tensor.js';
import { bufferLike, Optimizer, type ParamGroup, type ParamsArg, type ParamState } from './optimizer.js';

/** Hyper-parameters of `Adagrad`. */
export interface AdagradOptions {
  lr: number;
  lrDecay: number;
  weightDecay: number;
  eps: number;
  initialAccumulatorValue: number;
}

/**
 * Adagrad as torch.optim.Adagrad: g += wd * p; clr = lr / (1 + (step - 1) * lrDecay);
 * sum += g^2; p -= clr * g / (sqrt(sum) + eps).
 */
export class Adagrad extends Optimizer<AdagradOptions> {
  constructor(params: ParamsArg<AdagradOptions>, opts: Partial<AdagradOptions> = {}) {
    super(params, { lr: 1e-2, lrDecay: 0, weightDecay: 0, eps: 1e-10, initialAccumulatorValue: 0, ...opts });
  }

  protected override validate(g: AdagradOptions): void {
    super.validate(g);
    if (!(g.lrDecay >= 0)) throw new RangeError(`Adagrad: invalid lrDecay ${g.lrDecay}`);
    if (!(g.weightDecay >= 0)) throw new RangeError(`Adagrad: invalid weightDecay ${g.weightDecay}`);
    if (!(g.eps >= 0)) throw new RangeError(`Adagrad: invalid eps ${g.eps}`);
    if (!(g.initialAccumulatorValue >= 0)) {
      throw new RangeError(`Adagrad: invalid initialAccumulatorValue ${g.initialAccumulatorValue}`);
    }
  }

  protected updateParam(p: FloatArray, grad: ArrayLike<number>, group: ParamGroup<AdagradOptions>, state: ParamState,
    tensor: Tensor): void {
    if (state.step === undefined) {
      state.step = 0;
      state.sum = bufferLike(tensor, group.initialAccumulatorValue);
    }
    const step = (state.step as number) + 1;
    state.step = step;
    const sum = state.sum as FloatArray;
    const clr = group.lr / (1 + (step - 1) * group.lrDecay);
    for (let i = 0; i < p.length; i++) {
      const g = grad[i] + group.weightDecay * p[i];
      sum[i] += g * g;
      p[i] -= clr * g / (Math.sqrt(sum[i]) + group.eps);
    }
  }
}
