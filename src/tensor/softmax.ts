import type { FloatArray } from '../kernels/backend.js';
import { getBackend } from '../kernels/registry.js';
import { Tensor } from './tensor.js';
import { allocate, allocateUninit, isFloat, type FloatDType } from './dtype.js';
import { normalizeAxis, numel } from './shape.js';
import { record } from './tape.js';

/** The tensor viewed as [outer, size, inner] around `axis`; a 0-d tensor is one element. */
function view(x: Tensor, axis: number, op: string): { outer: number; size: number; inner: number } {
  if (x.ndim === 0) {
    if (axis !== 0 && axis !== -1) throw new RangeError(`${op}: axis ${axis} is out of range for a tensor with 0 dimensions`);
    return { outer: 1, size: 1, inner: 1 };
  }
  const a = normalizeAxis(axis, x.ndim, op);
  return { outer: numel(x.shape.slice(0, a)), size: x.shape[a], inner: numel(x.shape.slice(a + 1)) };
}

/**
 * Softmax (or log-softmax) along the middle axis of [outer, size, inner]. The last axis
 * (inner = 1) goes to the backend kernel; other axes are a strided loop that subtracts the max,
 * so logits of any magnitude stay finite.
 */
function softmaxData(x: FloatArray, outer: number, size: number, inner: number, out: FloatArray, log: boolean): void {
  if (inner === 1) {
    getBackend().softmax(x, outer, size, out, log);
    return;
  }
  const m = new Float64Array(inner), s = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    const base = o * size * inner;
    m.fill(-Infinity); s.fill(0);
    for (let k = 0; k < size; k++) {
      const row = base + k * inner;
      for (let i = 0; i < inner; i++) if (x[row + i] > m[i]) m[i] = x[row + i];
    }
    // A row of -Infinity would give NaN through -Inf - -Inf; shift by 0 instead, as the kernel does.
    for (let i = 0; i < inner; i++) if (m[i] === -Infinity) m[i] = 0;
    for (let k = 0; k < size; k++) {
      const row = base + k * inner;
      for (let i = 0; i < inner; i++) s[i] += Math.exp(x[row + i] - m[i]);
    }
    if (log) {
      for (let i = 0; i < inner; i++) s[i] = Math.log(s[i]) + m[i];
      for (let k = 0; k < size; k++) {
        const row = base + k * inner;
        for (let i = 0; i < inner; i++) out[row + i] = x[row + i] - s[i];
      }
    } else {
      for (let i = 0; i < inner; i++) s[i] = 1 / s[i];
      for (let k = 0; k < size; k++) {
        const row = base + k * inner;
        for (let i = 0; i < inner; i++) out[row + i] = Math.exp(x[row + i] - m[i]) * s[i];
      }
    }
  }
}

/**
 * Backward along the middle axis: softmax gx = y * (g - sum(g * y)), log-softmax
 * gx = g - exp(y) * sum(g), the sums running over the axis.
 */
function softmaxBackward(y: FloatArray, g: FloatArray, outer: number, size: number, inner: number, gx: FloatArray,
  log: boolean): void {
  const acc = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    const base = o * size * inner;
    acc.fill(0);
    for (let k = 0; k < size; k++) {
      const row = base + k * inner;
      if (log) for (let i = 0; i < inner; i++) acc[i] += g[row + i];
      else for (let i = 0; i < inner; i++) acc[i] += g[row + i] * y[row + i];
    }
    for (let k = 0; k < size; k++) {
      const row = base + k * inner;
      if (log) for (let i = 0; i < inner; i++) gx[row + i] = g[row + i] - Math.exp(y[row + i]) * acc[i];
      else for (let i = 0; i < inner; i++) gx[row + i] = y[row + i] * (g[row + i] - acc[i]);
    }
  }
}

function floatInput(x: Tensor): { data: FloatArray; dtype: FloatDType } {
  if (isFloat(x.dtype)) return { data: x.data as FloatArray, dtype: x.dtype };
  return { data: Float32Array.from(x.data), dtype: 'float32' };
}

function softmaxOp(x: Tensor, axis: number, log: boolean): Tensor {
  const name = log ? 'logSoftmax' : 'softmax';
  const { outer, size, inner } = view(x, axis, name);
  const { data, dtype } = floatInput(x);
  const y = allocateUninit(dtype, x.size);
  softmaxData(data, outer, size, inner, y, log);
  const out = new Tensor(y, x.shape, dtype);
  return record(out, name, [x], (g) => {
    const gd = isFloat(g.dtype) ? (g.data as FloatArray) : Float64Array.from(g.data);
    const gx = allocateUninit(dtype, x.size);
    softmaxBackward(y, gd, outer, size, inner, gx, log);
    return [new Tensor(gx, x.shape, dtype)];
  }, { axis });
}

/** exp(x) / sum(exp(x)) along axis (default the last), stable for logits of any magnitude. */
export function softmax(x: Tensor, axis = -1): Tensor {
  return softmaxOp(x, axis, false);
}

/** log(softmax(x)) along axis, computed as x - logsumexp(x) so it never takes log(0) for finite x. */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  return softmaxOp(x, axis, true);
}
