import { DTypeError, ShapeError, formatShape } from '../errors.js';
import { type AnyTypedArray, type DType, allocate, dtypeOfArray } from './dtype.js';
import { type GradFn, type BackwardOptions, runBackward } from './tape.js';
import { numel, type Shape } from './shape.js';
import * as ew from './elementwise.js';
import * as act from './activation.js';
import * as red from './reduce.js';
import * as mv from './movement.js';
import * as ix from './indexing.js';
import * as mm from './matmul.js';
import * as sm from './softmax.js';
import { cast } from './cast.js';

export type TensorLike = Tensor | number;
export type IndexLike = Tensor | Int32Array | readonly number[];

/**
 * A dense, contiguous, row-major n-dimensional array with an optional gradient.
 * Ops are free functions (`dg.add(a, b)`); the methods below are the same ops in method form.
 */
export class Tensor {
  data: AnyTypedArray;
  readonly shape: readonly number[];
  readonly dtype: DType;
  requiresGrad: boolean;
  grad: Tensor | null = null;
  gradFn: GradFn | null = null;
  /** Non-leaf tensors keep their gradient only when asked (retainGrad). */
  retainsGrad = false;

  constructor(data: AnyTypedArray, shape: Shape, dtype?: DType, requiresGrad = false) {
    const n = numel(shape);
    if (data.length !== n) {
      throw new ShapeError(`Tensor: data of length ${data.length} does not fit shape ${formatShape(shape)} (${n} elements)`);
    }
    const actual = dtypeOfArray(data);
    const dt = dtype ?? actual;
    if (actual !== dt && !(dt === 'bool' && actual === 'uint8')) {
      throw new DTypeError(`Tensor: a ${data.constructor.name} cannot hold dtype ${dt}`);
    }
    this.data = data;
    this.shape = Object.freeze([...shape]);
    this.dtype = dt;
    this.requiresGrad = requiresGrad;
  }

  get size(): number { return this.data.length; }
  get ndim(): number { return this.shape.length; }

  /** The single value of a one-element tensor. */
  item(): number {
    if (this.size !== 1) throw new ShapeError(`item: tensor of shape ${formatShape(this.shape)} has ${this.size} elements, not 1`);
    return this.data[0];
  }

  /** Nested JavaScript arrays (a number for a 0-d tensor). */
  toArray(): unknown {
    const build = (dim: number, offset: number): unknown => {
      if (dim === this.shape.length) return this.data[offset];
      const stride = numel(this.shape.slice(dim + 1));
      const out: unknown[] = [];
      for (let i = 0; i < this.shape[dim]; i++) out.push(build(dim + 1, offset + i * stride));
      return out;
    };
    return build(0, 0);
  }

  /** A tensor sharing this storage, cut from the tape. */
  detach(): Tensor {
    return new Tensor(this.data, this.shape, this.dtype, false);
  }

  /** A copy with its own storage (recorded on the tape). */
  clone(): Tensor { return mv.clone(this); }

  /** Sets requiresGrad in place and returns this (PyTorch's requires_grad_). */
  setRequiresGrad(flag = true): this {
    if (flag && this.dtype !== 'float32' && this.dtype !== 'float64') {
      throw new DTypeError(`setRequiresGrad: only float tensors can require grad, got ${this.dtype}`);
    }
    this.requiresGrad = flag;
    return this;
  }

  /** Keep .grad on this non-leaf tensor during backward. */
  retainGrad(): this { this.retainsGrad = true; return this; }

  backward(grad?: Tensor, opts?: BackwardOptions): void {
    runBackward(this, grad ?? null, ew.add, (t) => new Tensor(allocate(t.dtype, t.size).fill(1), t.shape, t.dtype), opts);
  }

  toString(): string {
    return `Tensor(shape=${formatShape(this.shape)}, dtype=${this.dtype}${this.requiresGrad ? ', requiresGrad' : ''})`;
  }

  // ---- dtype ----
  to(dtype: DType): Tensor { return cast(this, dtype); }
  float(): Tensor { return cast(this, 'float32'); }
  double(): Tensor { return cast(this, 'float64'); }
  int(): Tensor { return cast(this, 'int32'); }

  // ---- elementwise ----
  add(o: TensorLike): Tensor { return ew.add(this, o); }
  sub(o: TensorLike): Tensor { return ew.sub(this, o); }
  mul(o: TensorLike): Tensor { return ew.mul(this, o); }
  div(o: TensorLike): Tensor { return ew.div(this, o); }
  pow(o: TensorLike): Tensor { return ew.pow(this, o); }
  maximum(o: TensorLike): Tensor { return ew.maximum(this, o); }
  minimum(o: TensorLike): Tensor { return ew.minimum(this, o); }
  neg(): Tensor { return ew.neg(this); }
  exp(): Tensor { return ew.exp(this); }
  log(): Tensor { return ew.log(this); }
  sqrt(): Tensor { return ew.sqrt(this); }
  abs(): Tensor { return ew.abs(this); }
  square(): Tensor { return ew.square(this); }
  reciprocal(): Tensor { return ew.reciprocal(this); }
  clamp(min?: number | null, max?: number | null): Tensor { return ew.clamp(this, min, max); }
  eq(o: TensorLike): Tensor { return ew.eq(this, o); }
  ne(o: TensorLike): Tensor { return ew.ne(this, o); }
  lt(o: TensorLike): Tensor { return ew.lt(this, o); }
  le(o: TensorLike): Tensor { return ew.le(this, o); }
  gt(o: TensorLike): Tensor { return ew.gt(this, o); }
  ge(o: TensorLike): Tensor { return ew.ge(this, o); }

  // ---- activations ----
  relu(): Tensor { return act.relu(this); }
  leakyRelu(negativeSlope?: number): Tensor { return act.leakyRelu(this, negativeSlope); }
  elu(alpha?: number): Tensor { return act.elu(this, alpha); }
  gelu(): Tensor { return act.gelu(this); }
  sigmoid(): Tensor { return act.sigmoid(this); }
  tanh(): Tensor { return act.tanh(this); }
  softplus(): Tensor { return act.softplus(this); }

  // ---- reductions ----
  sum(axis?: number | readonly number[], keepDim?: boolean): Tensor { return red.sum(this, axis, keepDim); }
  mean(axis?: number | readonly number[], keepDim?: boolean): Tensor { return red.mean(this, axis, keepDim); }
  max(axis?: number, keepDim?: boolean): Tensor { return red.max(this, axis, keepDim); }
  min(axis?: number, keepDim?: boolean): Tensor { return red.min(this, axis, keepDim); }
  argmax(axis?: number, keepDim?: boolean): Tensor { return red.argmax(this, axis, keepDim); }
  argmin(axis?: number, keepDim?: boolean): Tensor { return red.argmin(this, axis, keepDim); }
  norm(p?: number, axis?: number | readonly number[], keepDim?: boolean): Tensor { return red.norm(this, p, axis, keepDim); }
  softmax(axis?: number): Tensor { return sm.softmax(this, axis); }
  logSoftmax(axis?: number): Tensor { return sm.logSoftmax(this, axis); }

  // ---- movement ----
  reshape(shape: readonly number[]): Tensor { return mv.reshape(this, shape); }
  flatten(startDim?: number, endDim?: number): Tensor { return mv.flatten(this, startDim, endDim); }
  transpose(dim0?: number, dim1?: number): Tensor { return mv.transpose(this, dim0, dim1); }
  /** Transpose of a 2-D tensor. */
  get T(): Tensor { return mv.transpose(this, 0, 1); }
  permute(dims: readonly number[]): Tensor { return mv.permute(this, dims); }
  squeeze(dim?: number): Tensor { return mv.squeeze(this, dim); }
  unsqueeze(dim: number): Tensor { return mv.unsqueeze(this, dim); }
  expand(shape: readonly number[]): Tensor { return mv.expand(this, shape); }
  split(sizeOrSections: number | readonly number[], dim?: number): Tensor[] { return mv.split(this, sizeOrSections, dim); }
  chunk(chunks: number, dim?: number): Tensor[] { return mv.chunk(this, chunks, dim); }

  // ---- indexing ----
  indexSelect(dim: number, index: IndexLike): Tensor { return ix.indexSelect(this, dim, index); }
  indexAdd(dim: number, index: IndexLike, source: Tensor): Tensor { return ix.indexAdd(this, dim, index, source); }
  scatterAdd(dim: number, index: Tensor, src: Tensor): Tensor { return ix.scatterAdd(this, dim, index, src); }
  maskedSelect(mask: Tensor): Tensor { return ix.maskedSelect(this, mask); }
  maskedFill(mask: Tensor, value: number): Tensor { return ix.maskedFill(this, mask, value); }

  // ---- linear algebra ----
  matmul(o: Tensor): Tensor { return mm.matmul(this, o); }
}

/** Wraps a typed array as a tensor of the given shape (no copy). */
export function fromArray(data: AnyTypedArray, shape: Shape, dtype?: DType): Tensor {
  return new Tensor(data, shape, dtype);
}
