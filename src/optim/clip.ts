import type { Tensor } from '../tensor/tensor.js';

/**
 * Rescales the gradients of `params` in place so their joint p-norm is at most maxNorm
 * (torch.nn.utils.clip_grad_norm_, including its 1e-6 in the scale). Parameters without a
 * gradient are ignored. Returns the total norm before clipping.
 */
export function clipGradNorm(params: Iterable<Tensor>, maxNorm: number, normType = 2): number {
  const grads = [...params].flatMap((p) => (p.grad === null ? [] : [p.grad]));
  if (!(normType > 0)) throw new RangeError(`clipGradNorm: normType must be positive, got ${normType}`);
  let total = 0;
  if (normType === Infinity) {
    for (const g of grads) for (let i = 0; i < g.size; i++) total = Math.max(total, Math.abs(g.data[i]));
  } else {
    for (const g of grads) for (let i = 0; i < g.size; i++) total += Math.abs(g.data[i]) ** normType;
    total = total ** (1 / normType);
  }
  const coef = maxNorm / (total + 1e-6);
  if (coef < 1) for (const g of grads) for (let i = 0; i < g.size; i++) g.data[i] *= coef;
  return total;
}

/** Clamps every gradient value into [-clipValue, clipValue] in place. */
export function clipGradValue(params: Iterable<Tensor>, clipValue: number): void {
  for (const p of params) {
    if (p.grad === null) continue;
    const d = p.grad.data;
    for (let i = 0; i < d.length; i++) d[i] = Math.min(clipValue, Math.max(-clipValue, d[i]));
  }
}
