import type { FloatArray } from '../kernels/backend.js';
import { getBackend } from '../kernels/registry.js';
import type { Tensor } from '../tensor/tensor.js';
import { bufferLike, Optimizer, type ParamGroup, type ParamsArg, type ParamState } from './optimizer.js';

/** Hyper-parameters of `Adam` and `AdamW`. */
export interface AdamOptions {
  lr: number;
  betas: readonly [number, number];
  eps: number;
  weightDecay: number;
  amsgrad: boolean;
}

/**
 * The shared Adam update (torch.optim.Adam / AdamW) through the backend's adamStep kernel.
 * `decoupled` selects AdamW's p *= 1 - lr * wd instead of Adam's L2 term added to the gradient.
 */
function adamUpdate(p: FloatArray, grad: ArrayLike<number>, group: AdamOptions, state: ParamState, tensor: Tensor,
  decoupled: boolean): void {
  if (state.step === undefined) {
    state.step = 0;
    state.expAvg = bufferLike(tensor);
    state.expAvgSq = bufferLike(tensor);
    if (group.amsgrad) state.maxExpAvgSq = bufferLike(tensor);
  }
  const step = (state.step as number) + 1;
  state.step = step;
  // Autograd gives a gradient of the parameter's dtype; anything else is converted to it.
  const g = grad.constructor === p.constructor ? grad as FloatArray
    : p instanceof Float64Array ? Float64Array.from(grad) : Float32Array.from(grad);
  getBackend().adamStep({
    param: p, grad: g, expAvg: state.expAvg as FloatArray, expAvgSq: state.expAvgSq as FloatArray,
    maxExpAvgSq: group.amsgrad ? state.maxExpAvgSq as FloatArray : null,
    lr: group.lr, beta1: group.betas[0], beta2: group.betas[1], eps: group.eps, weightDecay: group.weightDecay, decoupled,
    biasCorrection1: 1 - group.betas[0] ** step, biasCorrection2: 1 - group.betas[1] ** step,
  });
}

function validateAdam(name: string, g: AdamOptions): void {
  const [b1, b2] = g.betas;
  if (!(b1 >= 0 && b1 < 1)) throw new RangeError(`${name}: invalid beta1 ${b1} (must be in [0, 1))`);
  if (!(b2 >= 0 && b2 < 1)) throw new RangeError(`${name}: invalid beta2 ${b2} (must be in [0, 1))`);
  if (!(g.eps >= 0)) throw new RangeError(`${name}: invalid eps ${g.eps}`);
  if (!(g.weightDecay >= 0)) throw new RangeError(`${name}: invalid weightDecay ${g.weightDecay}`);
}

/**
 * Adam with bias correction; weightDecay is L2 added to the gradient (as torch.optim.Adam).
 * @example
 * ```ts
 * import * as dg from 'deepgraph';
 * const model = new dg.nn.Linear(4, 2);
 * const opt = new dg.optim.Adam(model.parameters(), { lr: 0.01 });
 * const loss = dg.mseLoss(model.forward(dg.randn([8, 4])), dg.zeros([8, 2]));
 * opt.zeroGrad();
 * loss.backward();
 * opt.step();
 * ```
 */
export class Adam extends Optimizer<AdamOptions> {
  constructor(params: ParamsArg<AdamOptions>, opts: Partial<AdamOptions> = {}) {
    super(params, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, ...opts });
  }
  protected override validate(g: AdamOptions): void { super.validate(g); validateAdam('Adam', g); }
  protected updateParam(p: FloatArray, grad: ArrayLike<number>, group: ParamGroup<AdamOptions>, state: ParamState,
    tensor: Tensor): void {
    adamUpdate(p, grad, group, state, tensor, false);
  }
}

/** Adam with decoupled weight decay (torch.optim.AdamW; weightDecay defaults to 1e-2). */
export class AdamW extends Optimizer<AdamOptions> {
  constructor(params: ParamsArg<AdamOptions>, opts: Partial<AdamOptions> = {}) {
    super(params, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 1e-2, amsgrad: false, ...opts });
  }
  protected override validate(g: AdamOptions): void { super.validate(g); validateAdam('AdamW', g); }
  protected updateParam(p: FloatArray, grad: ArrayLike<number>, group: ParamGroup<AdamOptions>, state: ParamState,
    tensor: Tensor): void {
    adamUpdate(p, grad, group, state, tensor, true);
  }
}
