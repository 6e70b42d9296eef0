import { DeepGraphError } from '../errors.js';
import { Tensor } from './tensor.js';
import { noGrad } from './tape.js';
import { Generator } from './random.js';

/** Tolerances and step of `gradcheck`'s central differences. */
export interface GradcheckOptions {
  /** Finite-difference step. */
  eps?: number;
  /** Largest accepted |analytic - numeric| / max(1, |analytic|, |numeric|). */
  tol?: number;
  seed?: number;
}

/**
 * Compares backward with central finite differences of L = sum(fn(inputs) * w), w random.
 * Inputs must be float64 tensors with requiresGrad. Throws naming the input, the element and
 * both values on failure; returns the largest relative error seen.
 */
export function gradcheck(fn: (...inputs: Tensor[]) => Tensor, inputs: readonly Tensor[], opts: GradcheckOptions = {}): number {
  const eps = opts.eps ?? 1e-6, tol = opts.tol ?? 1e-6;
  for (const [i, x] of inputs.entries()) {
    if (x.dtype !== 'float64') throw new DeepGraphError(`gradcheck: input ${i} must be float64, got ${x.dtype}`);
  }
  const out0 = fn(...inputs);
  const gen = new Generator(opts.seed ?? 1234);
  const w = new Float64Array(out0.size);
  for (let i = 0; i < w.length; i++) w[i] = gen.nextFloat() * 2 - 1;
  const weights = new Tensor(w, out0.shape, 'float64');
  const loss = (): number => noGrad(() => {
    const y = fn(...inputs);
    let s = 0;
    for (let i = 0; i < y.size; i++) s += y.data[i] * w[i];
    return s;
  });

  for (const x of inputs) x.grad = null;
  const y = fn(...inputs);
  if (!y.requiresGrad) throw new DeepGraphError('gradcheck: output does not require grad');
  y.backward(weights);

  let worst = 0;
  for (const [i, x] of inputs.entries()) {
    if (!x.requiresGrad) continue;
    for (let j = 0; j < x.size; j++) {
      const orig = x.data[j];
      x.data[j] = orig + eps;
      const lp = loss();
      x.data[j] = orig - eps;
      const lm = loss();
      x.data[j] = orig;
      const numeric = (lp - lm) / (2 * eps);
      const analytic = x.grad === null ? 0 : x.grad.data[j];
      const err = Math.abs(analytic - numeric) / Math.max(1, Math.abs(analytic), Math.abs(numeric));
      if (!(err <= tol)) {
        throw new DeepGraphError(`gradcheck: input ${i} element ${j}: analytic ${analytic} vs numeric ${numeric} (relative error ${err})`);
      }
      worst = Math.max(worst, err);
    }
  }
  return worst;
}
