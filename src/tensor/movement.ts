import { Tensor } from './tensor.js';
import { record } from './tape.js';
import { numel } from './shape.js';
import { ShapeError, formatShape } from '../errors.js';

/** A copy with its own storage. */
export function clone(x: Tensor): Tensor {
  const out = new Tensor(x.data.slice(), x.shape, x.dtype);
  return record(out, 'clone', [x], (g) => [g]);
}

/** Same data, new shape; one dimension may be -1. Shares storage (tensors are always contiguous). */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const s = [...shape];
  const neg = s.indexOf(-1);
  if (neg >= 0) {
    const rest = s.reduce((a, d, i) => (i === neg ? a : a * d), 1);
    if (rest === 0 || x.size % rest !== 0) {
      throw new ShapeError(`reshape: cannot reshape ${formatShape(x.shape)} into ${formatShape(shape)}`);
    }
    s[neg] = x.size / rest;
  }
  if (numel(s) !== x.size || s.some((d) => d < 0 || !Number.isInteger(d))) {
    throw new ShapeError(`reshape: cannot reshape ${formatShape(x.shape)} (${x.size} elements) into ${formatShape(shape)}`);
  }
  const out = new Tensor(x.data, s, x.dtype);
  return record(out, 'reshape', [x], (g) => [reshape(g, x.shape)]);
}

export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  void x; void startDim; void endDim;
  throw new Error('flatten: not implemented yet');
}
export function transpose(x: Tensor, dim0 = -2, dim1 = -1): Tensor {
  void x; void dim0; void dim1;
  throw new Error('transpose: not implemented yet');
}
export function permute(x: Tensor, dims: readonly number[]): Tensor {
  void x; void dims;
  throw new Error('permute: not implemented yet');
}
export function squeeze(x: Tensor, dim?: number): Tensor {
  void x; void dim;
  throw new Error('squeeze: not implemented yet');
}
export function unsqueeze(x: Tensor, dim: number): Tensor {
  void x; void dim;
  throw new Error('unsqueeze: not implemented yet');
}
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  void x; void shape;
  throw new Error('expand: not implemented yet');
}
export function concat(tensors: readonly Tensor[], dim = 0): Tensor {
  void tensors; void dim;
  throw new Error('concat: not implemented yet');
}
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  void tensors; void dim;
  throw new Error('stack: not implemented yet');
}
export function split(x: Tensor, sizeOrSections: number | readonly number[], dim = 0): Tensor[] {
  void x; void sizeOrSections; void dim;
  throw new Error('split: not implemented yet');
}
export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  void x; void chunks; void dim;
  throw new Error('chunk: not implemented yet');
}
