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

/** A tensor, or a number taken as a 0-d tensor (broadcast against the other operand). */
export type TensorLike = Tensor | number;
/** Indices: an int32 tensor, an Int32Array or a number array. */
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
    // Ops pass their input's (frozen) shape for same-shape outputs: share it instead of copying.
    this.shape = Object.isFrozen(shape) && Array.isArray(shape) ? shape : Object.freeze([...shape]);
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

  /** Backpropagates from this tensor (a scalar unless `grad` is given), accumulating `.grad` on every leaf that requires it (PyTorch's `tensor.backward`). */
  backward(grad?: Tensor, opts?: BackwardOptions): void {
    runBackward(this, grad ?? null, ew.add, (t) => new Tensor(allocate(t.dtype, t.size).fill(1), t.shape, t.dtype), opts);
  }

  /** A one-line summary: shape, dtype and whether it requires grad. */
  toString(): string {
    return `Tensor(shape=${formatShape(this.shape)}, dtype=${this.dtype}${this.requiresGrad ? ', requiresGrad' : ''})`;
  }

  // ---- dtype ----
  /** A copy converted to `dtype` (this tensor when it already has it). */
  to(dtype: DType): Tensor { return cast(this, dtype); }
  /** Converted to float32 (e.g. features read as integers), as PyTorch's `tensor.float()`. */
  float(): Tensor { return cast(this, 'float32'); }
  /** Converted to float64 (what gradcheck needs). */
  double(): Tensor { return cast(this, 'float64'); }
  /** Converted to int32 (class labels, indices); floats are truncated toward zero. */
  int(): Tensor { return cast(this, 'int32'); }

  // ---- elementwise ----
  /** Elementwise `this + o` with broadcasting; see `dg.add`. */
  add(o: TensorLike): Tensor { return ew.add(this, o); }
  /** Elementwise `this - o` with broadcasting; see `dg.sub`. */
  sub(o: TensorLike): Tensor { return ew.sub(this, o); }
  /** Elementwise `this * o` with broadcasting; see `dg.mul`. */
  mul(o: TensorLike): Tensor { return ew.mul(this, o); }
  /** Elementwise `this / o` with broadcasting; see `dg.div`. */
  div(o: TensorLike): Tensor { return ew.div(this, o); }
  /** Elementwise `this ** o` with broadcasting; see `dg.pow`. */
  pow(o: TensorLike): Tensor { return ew.pow(this, o); }
  /** Elementwise maximum with broadcasting; see `dg.maximum`. */
  maximum(o: TensorLike): Tensor { return ew.maximum(this, o); }
  /** Elementwise minimum with broadcasting; see `dg.minimum`. */
  minimum(o: TensorLike): Tensor { return ew.minimum(this, o); }
  /** Elementwise negation. */
  neg(): Tensor { return ew.neg(this); }
  /** Elementwise e^x. */
  exp(): Tensor { return ew.exp(this); }
  /** Elementwise natural logarithm. */
  log(): Tensor { return ew.log(this); }
  /** Elementwise square root. */
  sqrt(): Tensor { return ew.sqrt(this); }
  /** Elementwise absolute value. */
  abs(): Tensor { return ew.abs(this); }
  /** Elementwise x². */
  square(): Tensor { return ew.square(this); }
  /** Elementwise 1 / x. */
  reciprocal(): Tensor { return ew.reciprocal(this); }
  /** Elementwise clamp into [min, max] (null or omitted: unbounded on that side). */
  clamp(min?: number | null, max?: number | null): Tensor { return ew.clamp(this, min, max); }
  /** Elementwise `this == o` as a bool tensor (no gradient). */
  eq(o: TensorLike): Tensor { return ew.eq(this, o); }
  /** Elementwise `this != o` as a bool tensor (no gradient). */
  ne(o: TensorLike): Tensor { return ew.ne(this, o); }
  /** Elementwise `this < o` as a bool tensor (no gradient). */
  lt(o: TensorLike): Tensor { return ew.lt(this, o); }
  /** Elementwise `this <= o` as a bool tensor (no gradient). */
  le(o: TensorLike): Tensor { return ew.le(this, o); }
  /** Elementwise `this > o` as a bool tensor (no gradient). */
  gt(o: TensorLike): Tensor { return ew.gt(this, o); }
  /** Elementwise `this >= o` as a bool tensor (no gradient). */
  ge(o: TensorLike): Tensor { return ew.ge(this, o); }

  // ---- activations ----
  /** max(x, 0); see `dg.relu`. */
  relu(): Tensor { return act.relu(this); }
  /** x for x > 0, else negativeSlope · x (default 0.01); see `dg.leakyRelu`. */
  leakyRelu(negativeSlope?: number): Tensor { return act.leakyRelu(this, negativeSlope); }
  /** x for x > 0, else alpha · (e^x − 1) (default alpha 1); see `dg.elu`. */
  elu(alpha?: number): Tensor { return act.elu(this, alpha); }
  /** Gaussian error linear unit (exact erf form); see `dg.gelu`. */
  gelu(): Tensor { return act.gelu(this); }
  /** 1 / (1 + e^−x); see `dg.sigmoid`. */
  sigmoid(): Tensor { return act.sigmoid(this); }
  /** Hyperbolic tangent; see `dg.tanh`. */
  tanh(): Tensor { return act.tanh(this); }
  /** log(1 + e^x); see `dg.softplus`. */
  softplus(): Tensor { return act.softplus(this); }

  // ---- reductions ----
  /** Sum over `axis` (one or several; all when omitted), keeping reduced dimensions as size 1 with keepDim. */
  sum(axis?: number | readonly number[], keepDim?: boolean): Tensor { return red.sum(this, axis, keepDim); }
  /** Mean over `axis` (one or several; all when omitted), keeping reduced dimensions as size 1 with keepDim. */
  mean(axis?: number | readonly number[], keepDim?: boolean): Tensor { return red.mean(this, axis, keepDim); }
  /** Maximum over `axis` (all when omitted); the gradient goes to the first maximal element. */
  max(axis?: number, keepDim?: boolean): Tensor { return red.max(this, axis, keepDim); }
  /** Minimum over `axis` (all when omitted); the gradient goes to the first minimal element. */
  min(axis?: number, keepDim?: boolean): Tensor { return red.min(this, axis, keepDim); }
  /** Int32 index of the maximum along `axis` (of the flattened tensor when omitted). */
  argmax(axis?: number, keepDim?: boolean): Tensor { return red.argmax(this, axis, keepDim); }
  /** Int32 index of the minimum along `axis` (of the flattened tensor when omitted). */
  argmin(axis?: number, keepDim?: boolean): Tensor { return red.argmin(this, axis, keepDim); }
  /** The p-norm (default 2) over `axis` (all when omitted). */
  norm(p?: number, axis?: number | readonly number[], keepDim?: boolean): Tensor { return red.norm(this, p, axis, keepDim); }
  /** Softmax along `axis` (default the last). */
  softmax(axis?: number): Tensor { return sm.softmax(this, axis); }
  /** Log-softmax along `axis` (default the last), computed stably in one pass. */
  logSoftmax(axis?: number): Tensor { return sm.logSoftmax(this, axis); }

  // ---- movement ----
  /** The same elements in a new shape (one dimension may be -1); shares no storage with this tensor. */
  reshape(shape: readonly number[]): Tensor { return mv.reshape(this, shape); }
  /** Dimensions startDim..endDim (default all) merged into one. */
  flatten(startDim?: number, endDim?: number): Tensor { return mv.flatten(this, startDim, endDim); }
  /** Dimensions dim0 and dim1 swapped (default: the last two). */
  transpose(dim0?: number, dim1?: number): Tensor { return mv.transpose(this, dim0, dim1); }
  /** Transpose of a 2-D tensor. */
  get T(): Tensor { return mv.transpose(this, 0, 1); }
  /** Dimensions reordered: output dimension i is input dimension dims[i]. */
  permute(dims: readonly number[]): Tensor { return mv.permute(this, dims); }
  /** Size-1 dimensions removed (only `dim` when given). */
  squeeze(dim?: number): Tensor { return mv.squeeze(this, dim); }
  /** A size-1 dimension inserted at `dim`. */
  unsqueeze(dim: number): Tensor { return mv.unsqueeze(this, dim); }
  /** Broadcast to `shape` (size-1 dimensions repeated; -1 keeps a size). */
  expand(shape: readonly number[]): Tensor { return mv.expand(this, shape); }
  /** Split along `dim` (default 0) into pieces of one size, or of the given sizes. */
  split(sizeOrSections: number | readonly number[], dim?: number): Tensor[] { return mv.split(this, sizeOrSections, dim); }
  /** Split into `chunks` nearly equal pieces along `dim` (default 0). */
  chunk(chunks: number, dim?: number): Tensor[] { return mv.chunk(this, chunks, dim); }

  // ---- indexing ----
  /** The slices at `index` along `dim`; see `dg.indexSelect`. */
  indexSelect(dim: number, index: IndexLike): Tensor { return ix.indexSelect(this, dim, index); }
  /** A copy with `source` slices added at `index` along `dim` (duplicates accumulate); see `dg.indexAdd`. */
  indexAdd(dim: number, index: IndexLike, source: Tensor): Tensor { return ix.indexAdd(this, dim, index, source); }
  /** A copy with src[i] added at position index[i] along `dim`; see `dg.scatterAdd`. */
  scatterAdd(dim: number, index: Tensor, src: Tensor): Tensor { return ix.scatterAdd(this, dim, index, src); }
  /** The elements where the bool `mask` (broadcast) is true, as a 1-d tensor. */
  maskedSelect(mask: Tensor): Tensor { return ix.maskedSelect(this, mask); }
  /** A copy with `value` where the bool `mask` (broadcast) is true. */
  maskedFill(mask: Tensor, value: number): Tensor { return ix.maskedFill(this, mask, value); }

  // ---- linear algebra ----
  /** Matrix product; see `dg.matmul`. */
  matmul(o: Tensor): Tensor { return mm.matmul(this, o); }
}

/** Wraps a typed array as a tensor of the given shape (no copy). */
export function fromArray(data: AnyTypedArray, shape: Shape, dtype?: DType): Tensor {
  return new Tensor(data, shape, dtype);
}
