import type { FloatArray } from '../kernels/backend.js';
import { getBackend } from '../kernels/registry.js';
import { Tensor } from './tensor.js';
import { allocate, isFloat } from './dtype.js';
import { normalizeAxis, numel, shapesEqual, type Shape } from './shape.js';
import { record } from './tape.js';
import { ShapeError, formatShape } from '../errors.js';

function axesOf(x: Tensor, axis: number | readonly number[] | undefined, op: string): number[] {
  if (axis === undefined) return x.shape.map((_, i) => i);
  const list = typeof axis === 'number' ? [axis] : [...axis];
  const norm = list.map((a) => normalizeAxis(a, x.ndim, op));
  return [...new Set(norm)].sort((a, b) => a - b);
}

function keptShape(shape: Shape, axes: readonly number[], keepDim: boolean): number[] {
  const out: number[] = [];
  shape.forEach((d, i) => {
    if (!axes.includes(i)) out.push(d);
    else if (keepDim) out.push(1);
  });
  return out;
}

/** Sum over one axis with the kernel; returns data of shape (axis removed). */
function sumOneAxis(data: FloatArray, shape: readonly number[], axis: number, dtype: 'float32' | 'float64'): [FloatArray, number[]] {
  const outer = numel(shape.slice(0, axis)), size = shape[axis], inner = numel(shape.slice(axis + 1));
  const out = allocate(dtype, outer * inner) as FloatArray;
  getBackend().reduce('sum', data, outer, size, inner, out);
  return [out, [...shape.slice(0, axis), ...shape.slice(axis + 1)]];
}

function floatOf(x: Tensor): Tensor {
  return isFloat(x.dtype) ? x : new Tensor(Float32Array.from(x.data), x.shape, 'float32');
}

/** Sum over the given axes (all when omitted). */
export function sum(x: Tensor, axis?: number | readonly number[], keepDim = false): Tensor {
  const xf = floatOf(x);
  const dtype = xf.dtype as 'float32' | 'float64';
  const axes = axesOf(xf, axis, 'sum');
  let data = xf.data as FloatArray;
  let shape = [...xf.shape];
  for (let k = axes.length - 1; k >= 0; k--) [data, shape] = sumOneAxis(data, shape, axes[k], dtype);
  if (axes.length === 0) data = data.slice();
  const out = new Tensor(data, keptShape(xf.shape, axes, keepDim), dtype);
  return record(out, 'sum', [xf], (g) => [expandTo(g.reshape(keptShape(xf.shape, axes, true)), xf.shape)]);
}

/** Mean over the given axes (all when omitted). */
export function mean(x: Tensor, axis?: number | readonly number[], keepDim = false): Tensor {
  const axes = axesOf(x, axis, 'mean');
  const count = axes.reduce((n, a) => n * x.shape[a], 1);
  return sum(x, axes, keepDim).div(count);
}

/**
 * Reduces a broadcast gradient back to `shape` (sums the broadcast dimensions).
 * Recorded, so it is differentiable too.
 */
export function sumToShape(g: Tensor, shape: Shape): Tensor {
  if (shapesEqual(g.shape, shape)) return g;
  const lead = g.ndim - shape.length;
  if (lead < 0) throw new ShapeError(`sumToShape: cannot reduce ${formatShape(g.shape)} to ${formatShape(shape)}`);
  const axes: number[] = [];
  for (let i = 0; i < g.ndim; i++) {
    if (i < lead) axes.push(i);
    else if (shape[i - lead] === 1 && g.shape[i] !== 1) axes.push(i);
  }
  const s = axes.length > 0 ? sum(g, axes, true) : g;
  return s.reshape(shape);
}

/** Broadcasts x (recorded) to shape by multiplying with ones; the backward is sumToShape. */
export function expandTo(x: Tensor, shape: Shape): Tensor {
  if (shapesEqual(x.shape, shape)) return x;
  const ones = new Tensor(allocate(x.dtype, numel(shape)).fill(1), shape, x.dtype);
  return x.mul(ones);
}

export function max(x: Tensor, axis?: number, keepDim = false): Tensor {
  void x; void axis; void keepDim;
  throw new Error('max: not implemented yet');
}
export function min(x: Tensor, axis?: number, keepDim = false): Tensor {
  void x; void axis; void keepDim;
  throw new Error('min: not implemented yet');
}
export function argmax(x: Tensor, axis?: number, keepDim = false): Tensor {
  void x; void axis; void keepDim;
  throw new Error('argmax: not implemented yet');
}
export function argmin(x: Tensor, axis?: number, keepDim = false): Tensor {
  void x; void axis; void keepDim;
  throw new Error('argmin: not implemented yet');
}
/** p-norm over axes (all when omitted); p = 2 by default. */
export function norm(x: Tensor, p = 2, axis?: number | readonly number[], keepDim = false): Tensor {
  void x; void p; void axis; void keepDim;
  throw new Error('norm: not implemented yet');
}
