import type { FloatArray } from '../kernels/backend.js';
import { getBackend } from '../kernels/registry.js';
import { DTypeError, ShapeError, formatShape } from '../errors.js';
import { Tensor, type IndexLike } from './tensor.js';
import { allocate, isFloat } from './dtype.js';
import { broadcastShapes, normalizeAxis, numel, shapesEqual } from './shape.js';
import { record } from './tape.js';
import { where } from './elementwise.js';
import { expand } from './movement.js';

/** An index argument as an Int32Array, every entry checked against the bound. */
function indexArray(index: IndexLike, bound: number, op: string): Int32Array {
  let idx: Int32Array;
  if (index instanceof Tensor) {
    if (index.dtype !== 'int32') {
      if (isFloat(index.dtype)) throw new DTypeError(`${op}: index must be an int32 tensor, got ${index.dtype}`);
      idx = Int32Array.from(index.data);
    } else idx = index.data as Int32Array;
    if (index.ndim > 1) throw new ShapeError(`${op}: index must be 1-D, got shape ${formatShape(index.shape)}`);
  } else if (index instanceof Int32Array) {
    idx = index;
  } else {
    idx = new Int32Array(index.length);
    for (let i = 0; i < index.length; i++) {
      const v = index[i];
      if (!Number.isInteger(v)) throw new RangeError(`${op}: index ${v} at position ${i} is not an integer`);
      idx[i] = v;
    }
  }
  for (let i = 0; i < idx.length; i++) {
    const v = idx[i];
    if (!(v >= 0 && v < bound)) throw new RangeError(`${op}: index ${v} at position ${i} is out of range [0, ${bound})`);
  }
  return idx;
}

/** x viewed as [outer, size, inner] around dim. */
function around(shape: readonly number[], dim: number): { outer: number; size: number; inner: number } {
  return { outer: numel(shape.slice(0, dim)), size: shape[dim], inner: numel(shape.slice(dim + 1)) };
}

/** out[..., i, ...] = x[..., index[i], ...] along dim. */
export function indexSelect(x: Tensor, dim: number, index: IndexLike): Tensor {
  if (x.ndim === 0) throw new ShapeError('indexSelect: cannot index a zero-dimensional tensor');
  const a = normalizeAxis(dim, x.ndim, 'indexSelect');
  const { outer, size, inner } = around(x.shape, a);
  const idx = indexArray(index, size, 'indexSelect');
  const k = idx.length;
  const out = allocate(x.dtype, outer * k * inner);
  const kernels = getBackend();
  for (let o = 0; o < outer; o++) {
    kernels.gatherRows(x.data.subarray(o * size * inner, (o + 1) * size * inner), size, inner, idx,
      out.subarray(o * k * inner, (o + 1) * k * inner));
  }
  const shape = [...x.shape];
  shape[a] = k;
  const res = new Tensor(out, shape, x.dtype);
  return record(res, 'indexSelect', [x], (g) => [scatterRows(g, a, idx, x.shape)]);
}

/** zeros(shape) with g's slices added at idx along dim (the adjoint of indexSelect). */
function scatterRows(g: Tensor, dim: number, idx: Int32Array, shape: readonly number[]): Tensor {
  const { outer, size, inner } = around(shape, dim);
  const k = idx.length;
  const out = allocate(g.dtype, numel(shape)) as FloatArray;
  const kernels = getBackend();
  const gd = g.data as FloatArray;
  for (let o = 0; o < outer; o++) {
    kernels.scatterAddRows(gd.subarray(o * k * inner, (o + 1) * k * inner), inner, idx,
      out.subarray(o * size * inner, (o + 1) * size * inner), size);
  }
  return new Tensor(out, shape, g.dtype);
}

/** Out-of-place PyTorch index_add: x with source slices added at index along dim. */
export function indexAdd(x: Tensor, dim: number, index: IndexLike, source: Tensor): Tensor {
  if (!isFloat(x.dtype) || x.dtype !== source.dtype) {
    throw new DTypeError(`indexAdd: x and source must share a float dtype, got ${x.dtype} and ${source.dtype}`);
  }
  if (x.ndim === 0) throw new ShapeError('indexAdd: cannot index a zero-dimensional tensor');
  const a = normalizeAxis(dim, x.ndim, 'indexAdd');
  const idx = indexArray(index, x.shape[a], 'indexAdd');
  const expected = [...x.shape];
  expected[a] = idx.length;
  if (!shapesEqual(source.shape, expected)) {
    throw new ShapeError(`indexAdd: source has shape ${formatShape(source.shape)}, expected ${formatShape(expected)} ` +
      `(x ${formatShape(x.shape)} with dimension ${a} the index length ${idx.length})`);
  }
  const added = scatterRows(source, a, idx, x.shape);
  const out = added.data as FloatArray;
  const xd = x.data as FloatArray;
  for (let i = 0; i < out.length; i++) out[i] += xd[i];
  const res = new Tensor(out, x.shape, x.dtype);
  return record(res, 'indexAdd', [x, source], (g) => [g, source.requiresGrad ? indexSelect(g, a, idx) : null]);
}

/** Offsets of every element of `index` (shape idxShape) into a tensor of `shape` along dim, with index values. */
function scatterPositions(index: Tensor, shape: readonly number[], srcShape: readonly number[], dim: number,
  op: string): { into: Int32Array; from: Int32Array } {
  if (index.dtype !== 'int32') throw new DTypeError(`${op}: index must be an int32 tensor, got ${index.dtype}`);
  if (index.ndim !== shape.length || index.ndim !== srcShape.length) {
    throw new ShapeError(`${op}: index ${formatShape(index.shape)}, src ${formatShape(srcShape)} and x ` +
      `${formatShape(shape)} must have the same number of dimensions`);
  }
  index.shape.forEach((d, i) => {
    if (d > srcShape[i] || (i !== dim && d > shape[i])) {
      throw new ShapeError(`${op}: index ${formatShape(index.shape)} is larger than src ${formatShape(srcShape)} ` +
        `or x ${formatShape(shape)} in dimension ${i}`);
    }
  });
  const nd = index.ndim, n = index.size;
  const into = new Int32Array(n), from = new Int32Array(n);
  const coord = new Array<number>(nd).fill(0);
  const strideOf = (s: readonly number[]): number[] => {
    const st = new Array<number>(nd);
    let acc = 1;
    for (let i = nd - 1; i >= 0; i--) { st[i] = acc; acc *= s[i]; }
    return st;
  };
  const xs = strideOf(shape), ss = strideOf(srcShape);
  const bound = shape[dim];
  const iv = index.data as Int32Array;
  for (let k = 0; k < n; k++) {
    const v = iv[k];
    if (!(v >= 0 && v < bound)) throw new RangeError(`${op}: index ${v} at position ${k} is out of range [0, ${bound})`);
    let xo = 0, so = 0;
    for (let d = 0; d < nd; d++) {
      xo += (d === dim ? v : coord[d]) * xs[d];
      so += coord[d] * ss[d];
    }
    into[k] = xo; from[k] = so;
    for (let d = nd - 1; d >= 0; d--) {
      if (++coord[d] < index.shape[d]) break;
      coord[d] = 0;
    }
  }
  return { into, from };
}

/** PyTorch gather: out[i][j] = x[i][index[i][j]] for dim 1 (any rank); out has index's shape. */
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  if (x.ndim === 0) throw new ShapeError('gather: cannot gather from a zero-dimensional tensor');
  const a = normalizeAxis(dim, x.ndim, 'gather');
  const srcShape = x.shape.map((d, i) => (i === a ? index.shape[i] : d));
  const { into } = scatterPositions(index, x.shape, srcShape, a, 'gather');
  const out = allocate(x.dtype, index.size);
  for (let k = 0; k < into.length; k++) out[k] = x.data[into[k]];
  const res = new Tensor(out, index.shape, x.dtype);
  return record(res, 'gather', [x], (g) => {
    const gx = allocate(g.dtype, x.size);
    for (let k = 0; k < into.length; k++) gx[into[k]] += g.data[k];
    return [new Tensor(gx, x.shape, g.dtype)];
  });
}

/** Out-of-place PyTorch scatter_add: out[i][index[i][j]] += src[i][j] for dim 1 (any rank). */
export function scatterAdd(x: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  if (!isFloat(x.dtype) || x.dtype !== src.dtype) {
    throw new DTypeError(`scatterAdd: x and src must share a float dtype, got ${x.dtype} and ${src.dtype}`);
  }
  if (x.ndim === 0) throw new ShapeError('scatterAdd: cannot scatter into a zero-dimensional tensor');
  const a = normalizeAxis(dim, x.ndim, 'scatterAdd');
  const { into, from } = scatterPositions(index, x.shape, src.shape, a, 'scatterAdd');
  const out = x.data.slice();
  for (let k = 0; k < into.length; k++) out[into[k]] += src.data[from[k]];
  const res = new Tensor(out, x.shape, x.dtype);
  return record(res, 'scatterAdd', [x, src], (g) => {
    if (!src.requiresGrad) return [g, null];
    const gs = allocate(g.dtype, src.size);
    for (let k = 0; k < into.length; k++) gs[from[k]] = g.data[into[k]];
    return [g, new Tensor(gs, src.shape, g.dtype)];
  });
}

function checkMask(mask: Tensor, op: string): void {
  if (mask.dtype !== 'bool' && mask.dtype !== 'uint8') throw new DTypeError(`${op}: mask must be a bool tensor, got ${mask.dtype}`);
}

/** The elements of x where mask (broadcast to x's shape) is true, as a 1-D tensor. */
export function maskedSelect(x: Tensor, mask: Tensor): Tensor {
  checkMask(mask, 'maskedSelect');
  const shape = broadcastShapes(x.shape, mask.shape, 'maskedSelect');
  const xb = expand(x, shape), mb = expand(mask, shape);
  const positions: number[] = [];
  for (let i = 0; i < mb.size; i++) if (mb.data[i] !== 0) positions.push(i);
  const out = allocate(x.dtype, positions.length);
  for (let k = 0; k < positions.length; k++) out[k] = xb.data[positions[k]];
  const res = new Tensor(out, [positions.length], x.dtype);
  return record(res, 'maskedSelect', [xb], (g) => {
    const gx = allocate(g.dtype, xb.size);
    for (let k = 0; k < positions.length; k++) gx[positions[k]] = g.data[k];
    return [new Tensor(gx, shape, g.dtype)];
  });
}

/** x with `value` where mask (broadcastable to x) is true. */
export function maskedFill(x: Tensor, mask: Tensor, value: number): Tensor {
  checkMask(mask, 'maskedFill');
  const shape = broadcastShapes(x.shape, mask.shape, 'maskedFill');
  if (!shapesEqual(shape, x.shape)) {
    throw new ShapeError(`maskedFill: mask ${formatShape(mask.shape)} does not broadcast to x ${formatShape(x.shape)}`);
  }
  if (!isFloat(x.dtype)) {
    const out = x.data.slice();
    const mb = expand(mask, shape);
    for (let i = 0; i < out.length; i++) if (mb.data[i] !== 0) out[i] = value;
    return new Tensor(out, x.shape, x.dtype);
  }
  return where(mask, value, x);
}
