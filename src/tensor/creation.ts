import { Tensor } from './tensor.js';
import { type AnyTypedArray, type DType, allocate, dtypeOfArray } from './dtype.js';
import { checkShape, numel } from './shape.js';
import { defaultGenerator, type Generator } from './random.js';
import { ShapeError } from '../errors.js';

/** Options of the creation functions: element type (default float32) and whether the result is a leaf that requires grad. */
export interface CreateOptions {
  dtype?: DType;
  requiresGrad?: boolean;
}
/** Creation options plus the random generator to draw from (default: the global one, seeded by `dg.manualSeed`). */
export interface RandomOptions extends CreateOptions {
  generator?: Generator;
}

type Nested = number | boolean | readonly Nested[];

function finish(data: AnyTypedArray, shape: readonly number[], opts: CreateOptions): Tensor {
  const t = new Tensor(data, shape, opts.dtype ?? dtypeOfArray(data));
  if (opts.requiresGrad) t.setRequiresGrad(true);
  return t;
}

function inferShape(x: Nested): number[] {
  const shape: number[] = [];
  let cur: Nested = x;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    cur = cur[0] as Nested;
  }
  return shape;
}

/**
 * A tensor from nested arrays, a typed array (shared, not copied) or a number.
 * Nested arrays default to float32; a typed array keeps its dtype unless opts.dtype says otherwise.
 */
export function tensor(data: Nested | AnyTypedArray, opts: CreateOptions & { shape?: readonly number[] } = {}): Tensor {
  if (ArrayBuffer.isView(data)) {
    const arr = data as AnyTypedArray;
    const shape = opts.shape ?? [arr.length];
    if (opts.dtype && opts.dtype !== dtypeOfArray(arr) && !(opts.dtype === 'bool' && arr instanceof Uint8Array)) {
      const conv = allocate(opts.dtype, arr.length);
      conv.set(arr);
      return finish(conv, shape, opts);
    }
    return finish(arr, shape, opts);
  }
  const shape = opts.shape ?? inferShape(data as Nested);
  const dtype = opts.dtype ?? 'float32';
  const out = allocate(dtype, numel(shape));
  let k = 0;
  const walk = (x: Nested, depth: number): void => {
    if (Array.isArray(x)) {
      if (opts.shape === undefined && x.length !== shape[depth]) {
        throw new ShapeError(`tensor: ragged nested array (expected length ${shape[depth]} at depth ${depth}, got ${x.length})`);
      }
      for (const y of x) walk(y as Nested, depth + 1);
    } else {
      if (k >= out.length) throw new ShapeError('tensor: data does not fit the shape');
      out[k++] = typeof x === 'boolean' ? (x ? 1 : 0) : (x as number);
    }
  };
  walk(data as Nested, 0);
  if (k !== out.length) throw new ShapeError(`tensor: ${k} values do not fill a shape with ${out.length} elements`);
  return finish(out, shape, { ...opts, dtype });
}

/** A tensor of `shape` filled with `value` (PyTorch's `torch.full`). */
export function full(shape: readonly number[], value: number, opts: CreateOptions = {}): Tensor {
  checkShape(shape, 'full');
  const dtype = opts.dtype ?? 'float32';
  return finish(allocate(dtype, numel(shape)).fill(value), shape, { ...opts, dtype });
}
/** A tensor of `shape` filled with 0. */
export const zeros = (shape: readonly number[], opts: CreateOptions = {}): Tensor => full(shape, 0, opts);
/** A tensor of `shape` filled with 1. */
export const ones = (shape: readonly number[], opts: CreateOptions = {}): Tensor => full(shape, 1, opts);
/** Zeros with the shape and dtype of `t`. */
export const zerosLike = (t: Tensor, opts: CreateOptions = {}): Tensor => full(t.shape, 0, { dtype: t.dtype, ...opts });
/** Ones with the shape and dtype of `t`. */
export const onesLike = (t: Tensor, opts: CreateOptions = {}): Tensor => full(t.shape, 1, { dtype: t.dtype, ...opts });
/** `value` everywhere, with the shape and dtype of `t`. */
export const fullLike = (t: Tensor, value: number, opts: CreateOptions = {}): Tensor => full(t.shape, value, { dtype: t.dtype, ...opts });

/** [start, end) by step; arange(n) is 0..n-1. Int32 when all arguments are integers. */
export function arange(start: number, end?: number, step = 1, opts: CreateOptions = {}): Tensor {
  if (end === undefined) { end = start; start = 0; }
  if (step === 0) throw new RangeError('arange: step must not be 0');
  const n = Math.max(0, Math.ceil((end - start) / step));
  const ints = [start, end, step].every(Number.isInteger);
  const dtype = opts.dtype ?? (ints ? 'int32' : 'float32');
  const out = allocate(dtype, n);
  for (let i = 0; i < n; i++) out[i] = start + i * step;
  return finish(out, [n], { ...opts, dtype });
}

/** The n × m identity matrix (m defaults to n). */
export function eye(n: number, m = n, opts: CreateOptions = {}): Tensor {
  const t = zeros([n, m], opts);
  for (let i = 0; i < Math.min(n, m); i++) t.data[i * m + i] = 1;
  return t;
}

/** Uniform in [0, 1). */
export function rand(shape: readonly number[], opts: RandomOptions = {}): Tensor {
  checkShape(shape, 'rand');
  const gen = opts.generator ?? defaultGenerator;
  const dtype = opts.dtype ?? 'float32';
  const out = allocate(dtype, numel(shape));
  for (let i = 0; i < out.length; i++) out[i] = gen.nextFloat();
  return finish(out, shape, { ...opts, dtype });
}

/** Standard normal. */
export function randn(shape: readonly number[], opts: RandomOptions = {}): Tensor {
  checkShape(shape, 'randn');
  const gen = opts.generator ?? defaultGenerator;
  const dtype = opts.dtype ?? 'float32';
  const out = allocate(dtype, numel(shape));
  for (let i = 0; i < out.length; i++) out[i] = gen.nextNormal();
  return finish(out, shape, { ...opts, dtype });
}

/** Uniform integers in [low, high). */
export function randint(low: number, high: number, shape: readonly number[], opts: RandomOptions = {}): Tensor {
  checkShape(shape, 'randint');
  if (!(high > low)) throw new RangeError(`randint: high (${high}) must be greater than low (${low})`);
  const gen = opts.generator ?? defaultGenerator;
  const dtype = opts.dtype ?? 'int32';
  const out = allocate(dtype, numel(shape));
  for (let i = 0; i < out.length; i++) out[i] = low + gen.nextInt(high - low);
  return finish(out, shape, { ...opts, dtype });
}

/** A random permutation of 0..n-1 (Fisher-Yates). */
export function randperm(n: number, opts: RandomOptions = {}): Tensor {
  const gen = opts.generator ?? defaultGenerator;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = gen.nextInt(i + 1);
    const t = out[i]; out[i] = out[j]; out[j] = t;
  }
  return finish(out, [n], { ...opts, dtype: opts.dtype ?? 'int32' });
}
