import type { FloatArray } from '../kernels/backend.js';
import { erf } from '../kernels/js/elementwise.js';
import { reluBackward as jsReluBackward } from '../kernels/js/activation-backward.js';
import { getBackend } from '../kernels/registry.js';
import { Tensor } from './tensor.js';
import { allocateUninit, isFloat, type FloatDType } from './dtype.js';
import { record } from './tape.js';
import { SMALL_ELEMENTWISE, unaryOp } from './elementwise.js';

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/**
 * grad_in[i] = grad[i] * deriv(x[i], y[i]). The derivative is evaluated in the output dtype;
 * the loop is trivial next to the forward kernel, so it stays in TypeScript for every backend.
 */
function chain(g: Tensor, x: Tensor, y: Tensor, deriv: (x: number, y: number) => number): Tensor {
  const dtype: FloatDType = isFloat(y.dtype) ? y.dtype : 'float32';
  const out = allocateUninit(dtype, y.size);
  const gd = g.data, xd = x.data, yd = y.data;
  for (let i = 0; i < out.length; i++) out[i] = gd[i] * deriv(xd[i], yd[i]);
  return new Tensor(out, y.shape, dtype);
}

/** grad where x > 0, else +0: a loop here for small tensors (cheaper than a backend call), else the backend's kernel. */
function reluBackward(g: Tensor, x: Tensor, dtype: FloatDType): Tensor {
  const out = allocateUninit(dtype, x.size);
  const gd = g.data, xd = x.data;
  if (gd.constructor !== out.constructor || xd.constructor !== out.constructor) {
    for (let i = 0; i < out.length; i++) out[i] = xd[i] > 0 ? gd[i] : 0;
  } else if (out.length <= SMALL_ELEMENTWISE) {
    jsReluBackward(gd as FloatArray, xd as FloatArray, out);
  } else {
    getBackend().reluBackward(gd as FloatArray, xd as FloatArray, out);
  }
  return new Tensor(out, x.shape, dtype);
}

/** max(x, 0); the gradient at exactly 0 is 0, as in PyTorch. */
export function relu(x: Tensor): Tensor {
  const y = unaryOp('relu', x);
  return record(y, 'relu', [x], (g) => [reluBackward(g, x, y.dtype as FloatDType)]);
}

/** x for x > 0, negativeSlope * x otherwise. */
export function leakyRelu(x: Tensor, negativeSlope = 0.01): Tensor {
  const y = unaryOp('leakyRelu', x, { alpha: negativeSlope });
  // The hot activations of GAT get their own loops: chain's shared call to deriv is megamorphic.
  return record(y, 'leakyRelu', [x], (g) => {
    const out = allocateUninit(y.dtype as FloatDType, y.size);
    const gd = g.data, xd = x.data;
    for (let i = 0; i < out.length; i++) out[i] = gd[i] * (xd[i] > 0 ? 1 : negativeSlope);
    return [new Tensor(out, y.shape, y.dtype)];
  }, { negativeSlope });
}

/** x for x > 0, alpha * (exp(x) - 1) otherwise. */
export function elu(x: Tensor, alpha = 1): Tensor {
  const y = unaryOp('elu', x, { alpha });
  return record(y, 'elu', [x], (g) => {
    const dtype = y.dtype as FloatDType;
    const out = allocateUninit(dtype, y.size);
    // Below zero the slope alpha e^x is y + alpha (PyTorch's elu_backward from the result): no exp.
    const gd = g.data, xd = x.data, yd = y.data;
    for (let i = 0; i < out.length; i++) out[i] = gd[i] * (xd[i] > 0 ? 1 : yd[i] + alpha);
    return [new Tensor(out, y.shape, y.dtype)];
  }, { alpha });
}

/** x * Phi(x) with the exact normal CDF (PyTorch's default, approximate='none'). */
export function gelu(x: Tensor): Tensor {
  const y = unaryOp('gelu', x);
  // d/dx x*Phi(x) = Phi(x) + x*phi(x)
  return record(y, 'gelu', [x], (g) => [chain(g, x, y, (v) =>
    0.5 * (1 + erf(v / Math.SQRT2)) + v * INV_SQRT_2PI * Math.exp(-0.5 * v * v))]);
}

/** Elementwise 1 / (1 + e^−x), stable for large |x|. */
export function sigmoid(x: Tensor): Tensor {
  const y = unaryOp('sigmoid', x);
  return record(y, 'sigmoid', [x], (g) => [chain(g, x, y, (_, s) => s * (1 - s))]);
}

/** Elementwise hyperbolic tangent. */
export function tanh(x: Tensor): Tensor {
  const y = unaryOp('tanh', x);
  return record(y, 'tanh', [x], (g) => [chain(g, x, y, (_, t) => 1 - t * t)]);
}

/** log(1 + exp(x)) with beta = 1, computed without overflow for large |x|. */
export function softplus(x: Tensor): Tensor {
  const y = unaryOp('softplus', x);
  // The derivative is sigmoid(x), split by sign so exp never overflows.
  return record(y, 'softplus', [x], (g) => [chain(g, x, y, (v) => {
    if (v >= 0) return 1 / (1 + Math.exp(-v));
    const e = Math.exp(v);
    return e / (1 + e);
  })]);
}
