import type { FloatArray } from '../kernels/backend.js';
import type { Tensor } from '../tensor/tensor.js';
import { bufferLike, Optimizer, type ParamGroup, type ParamsArg, type ParamState } from './optimizer.js';

/** Hyper-parameters of `SGD`. */
export interface SGDOptions {
  lr: number;
  momentum: number;
  dampening: number;
  weightDecay: number;
  nesterov: boolean;
}

/**
 * Stochastic gradient descent with optional momentum, as torch.optim.SGD:
 * g += wd * p; buf = momentum * buf + (1 - dampening) * g (buf = g on the first step);
 * g = nesterov ? g + momentum * buf : buf; p -= lr * g.
 */
export class SGD extends Optimizer<SGDOptions> {
  constructor(params: ParamsArg<SGDOptions>, opts: Partial<SGDOptions> = {}) {
    super(params, { lr: 1e-3, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, ...opts });
  }

  protected override validate(g: SGDOptions): void {
    super.validate(g);
    if (!(g.momentum >= 0)) throw new RangeError(`SGD: invalid momentum ${g.momentum}`);
    if (!(g.weightDecay >= 0)) throw new RangeError(`SGD: invalid weightDecay ${g.weightDecay}`);
    if (g.nesterov && (g.momentum <= 0 || g.dampening !== 0)) {
      throw new RangeError('SGD: nesterov momentum needs momentum > 0 and dampening = 0');
    }
  }

  protected updateParam(p: FloatArray, grad: ArrayLike<number>, group: ParamGroup<SGDOptions>, state: ParamState,
    tensor: Tensor): void {
    const { lr, momentum, dampening, weightDecay, nesterov } = group;
    let buf: FloatArray | null = null;
    const first = momentum !== 0 && state.momentumBuffer === undefined;
    if (momentum !== 0) {
      if (first) state.momentumBuffer = bufferLike(tensor);
      buf = state.momentumBuffer as FloatArray;
    }
    for (let i = 0; i < p.length; i++) {
      let g = grad[i] + weightDecay * p[i];
      if (buf !== null) {
        buf[i] = first ? g : momentum * buf[i] + (1 - dampening) * g;
        g = nesterov ? g + momentum * buf[i] : buf[i];
      }
      p[i] -= lr * g;
    }
  }
}
