import type { FloatArray } from '../kernels/backend.js';
import { getBackend } from '../kernels/registry.js';
import { Tensor } from './tensor.js';
import { allocate, allocateUninit, isFloat } from './dtype.js';
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
  const out = size > 0 ? allocateUninit(dtype, outer * inner) : allocate(dtype, outer * inner) as FloatArray;
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
  return record(out, 'sum', [xf], (g) => [expandTo(g.reshape(keptShape(xf.shape, axes, true)), xf.shape)], { axes, keepDim });
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
  if (x.size === 1 && isFloat(x.dtype)) {
    // One value (the gradient of a full sum): filled in, without a ones tensor and a multiply.
    // x * 1 is x exactly, so this is the product below, bit for bit.
    const out = new Tensor(allocateUninit(x.dtype, numel(shape)).fill(x.data[0]), shape, x.dtype);
    return record(out, 'expand', [x], (g) => [sumToShape(g, x.shape)]);
  }
  const ones = new Tensor(isFloat(x.dtype) ? allocateUninit(x.dtype, numel(shape)).fill(1) : allocate(x.dtype, numel(shape)).fill(1), shape, x.dtype);
  return x.mul(ones);
}

// ---- max / min / argmax / argmin / norm ----

/** x viewed as [outer, size, inner] around one axis (the whole tensor when axis is omitted). */
interface AxisView { outer: number; size: number; inner: number; outShape: number[] }

function axisView(x: Tensor, axis: number | undefined, keepDim: boolean, op: string): AxisView {
  if (axis === undefined) return { outer: 1, size: x.size, inner: 1, outShape: keepDim ? x.shape.map(() => 1) : [] };
  if (x.ndim === 0) {
    // PyTorch accepts dim 0 and -1 on a 0-d tensor.
    if (axis !== 0 && axis !== -1) throw new RangeError(`${op}: axis ${axis} is out of range for a tensor with 0 dimensions`);
    return { outer: 1, size: 1, inner: 1, outShape: [] };
  }
  const a = normalizeAxis(axis, x.ndim, op);
  return {
    outer: numel(x.shape.slice(0, a)), size: x.shape[a], inner: numel(x.shape.slice(a + 1)),
    outShape: keptShape(x.shape, [a], keepDim),
  };
}

function checkNonEmpty(x: Tensor, v: AxisView, axis: number | undefined, op: string): void {
  if (v.size === 0) {
    const where = axis === undefined ? 'an empty tensor' : `axis ${axis} of size 0`;
    throw new ShapeError(`${op}: cannot reduce over ${where} (shape ${formatShape(x.shape)})`);
  }
}

/** Float view of the data: ints are widened to float64, which holds every int32 exactly. */
function floatData(x: Tensor): FloatArray {
  return isFloat(x.dtype) ? (x.data as FloatArray) : Float64Array.from(x.data);
}

function extremum(x: Tensor, axis: number | undefined, keepDim: boolean, op: 'max' | 'min'): Tensor {
  const v = axisView(x, axis, keepDim, op);
  checkNonEmpty(x, v, axis, op);
  const data = floatData(x);
  const vals = allocate(isFloat(x.dtype) ? x.dtype : 'float64', v.outer * v.inner) as FloatArray;
  getBackend().reduce(op, data, v.outer, v.size, v.inner, vals);
  const outData = isFloat(x.dtype) ? vals : allocate(x.dtype, vals.length);
  if (outData !== vals) outData.set(vals);
  const out = new Tensor(outData, v.outShape, x.dtype);
  return record(out, op, [x], (g) => {
    // The whole gradient goes to the first extreme element along the axis (lowest index on ties),
    // as PyTorch's max(dim) does, so each output has exactly one source.
    const arg = new Int32Array(v.outer * v.inner);
    getBackend().argReduce(op === 'max' ? 'argmax' : 'argmin', data, v.outer, v.size, v.inner, arg);
    const gx = allocate(g.dtype, x.size);
    for (let o = 0; o < v.outer; o++) {
      for (let i = 0; i < v.inner; i++) {
        const r = o * v.inner + i;
        gx[(o * v.size + arg[r]) * v.inner + i] = g.data[r];
      }
    }
    return [new Tensor(gx, x.shape, g.dtype)];
  }, { axis, keepDim });
}

/**
 * Largest value over one axis, or over all elements when axis is omitted. The gradient goes to
 * the first maximal element (lowest flat index along the axis when several are equal).
 */
export function max(x: Tensor, axis?: number, keepDim = false): Tensor {
  return extremum(x, axis, keepDim, 'max');
}

/** Smallest value; the gradient goes to the first minimal element, as for max. */
export function min(x: Tensor, axis?: number, keepDim = false): Tensor {
  return extremum(x, axis, keepDim, 'min');
}

function argExtremum(x: Tensor, axis: number | undefined, keepDim: boolean, op: 'argmax' | 'argmin'): Tensor {
  const v = axisView(x, axis, keepDim, op);
  checkNonEmpty(x, v, axis, op);
  const out = new Int32Array(v.outer * v.inner);
  getBackend().argReduce(op, floatData(x), v.outer, v.size, v.inner, out);
  return new Tensor(out, v.outShape, 'int32');
}

/** Index (int32) of the first largest value along axis; into the flattened tensor when axis is omitted. */
export function argmax(x: Tensor, axis?: number, keepDim = false): Tensor {
  return argExtremum(x, axis, keepDim, 'argmax');
}

/** Index (int32) of the first smallest value along axis; into the flattened tensor when axis is omitted. */
export function argmin(x: Tensor, axis?: number, keepDim = false): Tensor {
  return argExtremum(x, axis, keepDim, 'argmin');
}

/** Reduces `axes` one at a time with the kernel; the result has the keepDim shape's element count. */
function reduceAxes(op: 'sum' | 'max' | 'min', data: FloatArray, shape: readonly number[], axes: readonly number[],
  dtype: 'float32' | 'float64'): FloatArray {
  let cur = data;
  const s = [...shape];
  for (let k = axes.length - 1; k >= 0; k--) {
    const a = axes[k];
    const outer = numel(s.slice(0, a)), size = s[a], inner = numel(s.slice(a + 1));
    const next = allocate(dtype, outer * inner) as FloatArray;
    getBackend().reduce(op, cur, outer, size, inner, next);
    cur = next;
    s[a] = 1;
  }
  return cur === data ? data.slice() : cur;
}

/** For each element of `shape`, the flat index of its slot in the shape with `axes` set to 1. */
function reducedIndex(shape: readonly number[], axes: readonly number[]): Int32Array {
  const n = numel(shape), nd = shape.length;
  const redStride = new Array<number>(nd);
  let s = 1;
  for (let d = nd - 1; d >= 0; d--) {
    const kept = axes.includes(d) ? 1 : shape[d];
    redStride[d] = axes.includes(d) ? 0 : s;
    s *= kept;
  }
  const map = new Int32Array(n);
  const idx = new Array<number>(nd).fill(0);
  let r = 0;
  for (let j = 0; j < n; j++) {
    map[j] = r;
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]++; r += redStride[d];
      if (idx[d] < shape[d]) break;
      r -= redStride[d] * shape[d]; idx[d] = 0;
    }
  }
  return map;
}

/**
 * Vector p-norm over `axes` (all when omitted): p = 2 by default; p = 1, Infinity, -Infinity
 * (max / min of |x|), 0 (count of non-zeros) and any other real p, as torch.linalg.vector_norm.
 * Gradients: 0 where the norm is 0 (p = 2 and general p); for +-Infinity the gradient is shared
 * equally by all elements reaching the extreme |x|, like PyTorch's amax.
 */
export function norm(x: Tensor, p = 2, axis?: number | readonly number[], keepDim = false): Tensor {
  if (typeof p !== 'number' || Number.isNaN(p)) throw new RangeError(`norm: p must be a number, got ${String(p)}`);
  const xf = floatOf(x);
  const dtype = xf.dtype as 'float32' | 'float64';
  const axes = axesOf(xf, axis, 'norm');
  const xd = xf.data as FloatArray;
  const be = getBackend();
  const mapped = allocate(dtype, xf.size) as FloatArray;
  let nrm: FloatArray;
  if (p === 2) {
    be.unary('square', xd, mapped);
    nrm = reduceAxes('sum', mapped, xf.shape, axes, dtype);
    be.unary('sqrt', nrm, nrm);
  } else if (p === 0) {
    for (let i = 0; i < xd.length; i++) mapped[i] = xd[i] !== 0 ? 1 : 0;
    nrm = reduceAxes('sum', mapped, xf.shape, axes, dtype);
  } else {
    be.unary('abs', xd, mapped);
    if (p === Infinity || p === -Infinity) {
      nrm = reduceAxes(p > 0 ? 'max' : 'min', mapped, xf.shape, axes, dtype);
    } else if (p === 1) {
      nrm = reduceAxes('sum', mapped, xf.shape, axes, dtype);
    } else {
      be.unary('powScalar', mapped, mapped, { exponent: p });
      nrm = reduceAxes('sum', mapped, xf.shape, axes, dtype);
      be.unary('powScalar', nrm, nrm, { exponent: 1 / p });
    }
  }
  const out = new Tensor(nrm, keptShape(xf.shape, axes, keepDim), dtype);
  return record(out, 'norm', [xf], (g) => [normBackward(xd, xf.shape, axes, nrm, g.data as FloatArray, p)]);
}

function normBackward(xd: FloatArray, shape: readonly number[], axes: readonly number[], nrm: FloatArray,
  g: FloatArray, p: number): Tensor {
  const map = reducedIndex(shape, axes);
  const gx = new (xd.constructor as Float32ArrayConstructor | Float64ArrayConstructor)(xd.length);
  if (p === Infinity || p === -Infinity) {
    const count = new Float64Array(nrm.length);
    for (let j = 0; j < xd.length; j++) if (Math.abs(xd[j]) === nrm[map[j]]) count[map[j]]++;
    for (let j = 0; j < xd.length; j++) {
      const r = map[j];
      if (Math.abs(xd[j]) === nrm[r]) gx[j] = Math.sign(xd[j]) * g[r] / count[r];
    }
  } else if (p === 1) {
    for (let j = 0; j < xd.length; j++) gx[j] = Math.sign(xd[j]) * g[map[j]];
  } else if (p === 2) {
    for (let j = 0; j < xd.length; j++) { const r = map[j]; if (nrm[r] > 0) gx[j] = xd[j] * g[r] / nrm[r]; }
  } else if (p !== 0) {
    for (let j = 0; j < xd.length; j++) {
      const r = map[j], v = xd[j];
      if (nrm[r] > 0 && v !== 0) gx[j] = Math.sign(v) * Math.pow(Math.abs(v) / nrm[r], p - 1) * g[r];
    }
  }
  return new Tensor(gx, shape, xd instanceof Float64Array ? 'float64' : 'float32');
}
