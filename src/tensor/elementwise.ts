import type { ArithOp, CompareOp, FloatArray, UnaryOp, UnaryParams } from '../kernels/backend.js';
import { getBackend } from '../kernels/registry.js';
import { DTypeError } from '../errors.js';
import { Tensor, type TensorLike } from './tensor.js';
import { allocate, allocateUninit, isFloat, promoteTypes, type DType } from './dtype.js';
import { broadcastShapes } from './shape.js';
import { record } from './tape.js';
import { sumToShape } from './reduce.js';

/** A number becomes a 0-d tensor of the other operand's dtype (a float when that is an int and the number is not). */
export function toTensor(x: TensorLike, like: Tensor | null = null): Tensor {
  if (x instanceof Tensor) return x;
  let dtype: DType = like?.dtype ?? 'float32';
  if (!isFloat(dtype) && !Number.isInteger(x)) dtype = 'float32';
  if (dtype === 'bool') dtype = 'uint8';
  const data = allocate(dtype, 1);
  data[0] = x;
  return new Tensor(data, [], dtype);
}

function asFloat64(t: Tensor): Float64Array {
  return t.data instanceof Float64Array ? t.data : Float64Array.from(t.data);
}

function floatData(t: Tensor, dtype: DType): FloatArray {
  if (t.dtype === dtype) return t.data as FloatArray;
  return dtype === 'float64' ? Float64Array.from(t.data) : Float32Array.from(t.data);
}

/**
 * Below this many elements an op on two same-shape float operands runs as a loop right here: the
 * call into a backend (N-API crossing, shape arrays, the op name) costs more than the arithmetic.
 * Float + - * / give the same bits in either place (float32 values summed in double then rounded
 * are rounded once: 53 bits hold the exact result of two 24-bit operands).
 */
export const SMALL_ELEMENTWISE = 4096;

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The small same-shape case of arith, or null when it does not apply. */
function smallArith(op: ArithOp, a: Tensor, b: Tensor): Tensor | null {
  const n = a.data.length;
  if (n > SMALL_ELEMENTWISE || a.dtype !== b.dtype || !isFloat(a.dtype) || b.data.length !== n || !sameShape(a.shape, b.shape)) return null;
  const x = a.data, y = b.data, out = allocateUninit(a.dtype, n);
  if (op === 'add') for (let i = 0; i < n; i++) out[i] = x[i] + y[i];
  else if (op === 'sub') for (let i = 0; i < n; i++) out[i] = x[i] - y[i];
  else if (op === 'mul') for (let i = 0; i < n; i++) out[i] = x[i] * y[i];
  else if (op === 'div') for (let i = 0; i < n; i++) out[i] = x[i] / y[i];
  else return null;
  return new Tensor(out, a.shape, a.dtype);
}

/** Runs a broadcasting arithmetic kernel, promoting dtypes; ints are computed in float64 and truncated. */
function arith(op: ArithOp, a: Tensor, b: Tensor, name: string): Tensor {
  const small = smallArith(op, a, b);
  if (small !== null) return small;
  const outShape = broadcastShapes(a.shape, b.shape, name);
  let dtype = promoteTypes(a.dtype, b.dtype);
  if (op === 'div' && !isFloat(dtype)) dtype = 'float32';
  const size = outShape.reduce((x, y) => x * y, 1);
  if (isFloat(dtype)) {
    const out = allocateUninit(dtype, size);
    getBackend().binary(op, floatData(a, dtype), a.shape, floatData(b, dtype), b.shape, out, outShape);
    return new Tensor(out, outShape, dtype);
  }
  const tmp = new Float64Array(size);
  getBackend().binary(op, asFloat64(a), a.shape, asFloat64(b), b.shape, tmp, outShape);
  const out = allocate(dtype, size);
  for (let i = 0; i < size; i++) out[i] = Math.trunc(tmp[i]);
  return new Tensor(out, outShape, dtype);
}

/** Applies a unary kernel to a float tensor (ints are promoted to float32). */
export function unaryOp(op: UnaryOp, x: Tensor, params?: UnaryParams): Tensor {
  const dtype: DType = isFloat(x.dtype) ? x.dtype : 'float32';
  const out = allocateUninit(dtype, x.size);
  // Small relu / neg: a loop here beats the call into the backend (same bits).
  if (x.dtype === dtype && x.size <= SMALL_ELEMENTWISE && (op === 'relu' || op === 'neg')) {
    const d = x.data, n = d.length;
    if (op === 'relu') for (let i = 0; i < n; i++) out[i] = d[i] > 0 ? d[i] : 0;
    else for (let i = 0; i < n; i++) out[i] = -d[i];
    return new Tensor(out, x.shape, dtype);
  }
  getBackend().unary(op, floatData(x, dtype), out, params);
  return new Tensor(out, x.shape, dtype);
}

/** Elementwise a + b with broadcasting (PyTorch's `torch.add`). */
export function add(a: TensorLike, b: TensorLike): Tensor {
  const ta = toTensor(a, b instanceof Tensor ? b : null), tb = toTensor(b, ta);
  const out = arith('add', ta, tb, 'add');
  return record(out, 'add', [ta, tb], (g) => [sumToShape(g, ta.shape), sumToShape(g, tb.shape)]);
}

/** Elementwise a − b with broadcasting. */
export function sub(a: TensorLike, b: TensorLike): Tensor {
  const ta = toTensor(a, b instanceof Tensor ? b : null), tb = toTensor(b, ta);
  const out = arith('sub', ta, tb, 'sub');
  return record(out, 'sub', [ta, tb], (g) => [sumToShape(g, ta.shape), tb.requiresGrad ? sumToShape(neg(g), tb.shape) : null]);
}

/** Elementwise a · b with broadcasting. */
export function mul(a: TensorLike, b: TensorLike): Tensor {
  const ta = toTensor(a, b instanceof Tensor ? b : null), tb = toTensor(b, ta);
  const out = arith('mul', ta, tb, 'mul');
  return record(out, 'mul', [ta, tb], (g) => [
    ta.requiresGrad ? sumToShape(mul(g, tb), ta.shape) : null,
    tb.requiresGrad ? sumToShape(mul(g, ta), tb.shape) : null,
  ]);
}

/** Elementwise a / b with broadcasting. */
export function div(a: TensorLike, b: TensorLike): Tensor {
  const ta = toTensor(a, b instanceof Tensor ? b : null), tb = toTensor(b, ta);
  const out = arith('div', ta, tb, 'div');
  return record(out, 'div', [ta, tb], (g) => [
    ta.requiresGrad ? sumToShape(div(g, tb), ta.shape) : null,
    // d(a/b)/db = -a/b^2 = -out/b
    tb.requiresGrad ? sumToShape(neg(div(mul(g, out), tb)), tb.shape) : null,
  ]);
}

/** Elementwise a ** b with broadcasting. */
export function pow(a: TensorLike, b: TensorLike): Tensor {
  if (typeof b === 'number' && a instanceof Tensor) {
    const out = unaryOp('powScalar', a, { exponent: b });
    return record(out, 'pow', [a], (g) => [mul(g, mul(unaryOp('powScalar', a, { exponent: b - 1 }), b))], { exponent: b });
  }
  const ta = toTensor(a, b instanceof Tensor ? b : null), tb = toTensor(b, ta);
  const out = arith('pow', ta, tb, 'pow');
  return record(out, 'pow', [ta, tb], (g) => [
    ta.requiresGrad ? sumToShape(mul(g, mul(tb, pow(ta, sub(tb, 1)))), ta.shape) : null,
    tb.requiresGrad ? sumToShape(mul(g, mul(out, log(ta))), tb.shape) : null,
  ]);
}

/** Elementwise maximum; on ties the gradient goes to the first operand. */
export function maximum(a: TensorLike, b: TensorLike): Tensor {
  const ta = toTensor(a, b instanceof Tensor ? b : null), tb = toTensor(b, ta);
  const out = arith('maximum', ta, tb, 'maximum');
  return record(out, 'maximum', [ta, tb], (g) => {
    const pick = ge(ta, tb);
    return [
      ta.requiresGrad ? sumToShape(mul(g, pick), ta.shape) : null,
      tb.requiresGrad ? sumToShape(mul(g, sub(1, pick)), tb.shape) : null,
    ];
  });
}

/** Elementwise minimum; on ties the gradient goes to the first operand. */
export function minimum(a: TensorLike, b: TensorLike): Tensor {
  const ta = toTensor(a, b instanceof Tensor ? b : null), tb = toTensor(b, ta);
  const out = arith('minimum', ta, tb, 'minimum');
  return record(out, 'minimum', [ta, tb], (g) => {
    const pick = le(ta, tb);
    return [
      ta.requiresGrad ? sumToShape(mul(g, pick), ta.shape) : null,
      tb.requiresGrad ? sumToShape(mul(g, sub(1, pick)), tb.shape) : null,
    ];
  });
}

/** Elementwise −x. */
export function neg(x: Tensor): Tensor {
  if (!isFloat(x.dtype)) return arith('sub', toTensor(0, x), x, 'neg');
  return record(unaryOp('neg', x), 'neg', [x], (g) => [neg(g)]);
}

/** Elementwise e^x. */
export function exp(x: Tensor): Tensor {
  const out = unaryOp('exp', x);
  return record(out, 'exp', [x], (g) => [mul(g, out)]);
}

/** Elementwise natural logarithm. */
export function log(x: Tensor): Tensor {
  return record(unaryOp('log', x), 'log', [x], (g) => [div(g, x)]);
}

/** Elementwise square root. */
export function sqrt(x: Tensor): Tensor {
  const out = unaryOp('sqrt', x);
  return record(out, 'sqrt', [x], (g) => [div(g, mul(out, 2))]);
}

/** Elementwise absolute value (gradient 0 at 0). */
export function abs(x: Tensor): Tensor {
  return record(unaryOp('abs', x), 'abs', [x], (g) => [mul(g, unaryOp('sign', x))]);
}

/** Elementwise x². */
export function square(x: Tensor): Tensor {
  return record(unaryOp('square', x), 'square', [x], (g) => [mul(g, mul(x, 2))]);
}

/** Elementwise 1 / x. */
export function reciprocal(x: Tensor): Tensor {
  const out = unaryOp('reciprocal', x);
  return record(out, 'reciprocal', [x], (g) => [neg(mul(g, mul(out, out)))]);
}

/** Clamps into [min, max]; either bound may be omitted. The gradient passes where x is inside. */
export function clamp(x: Tensor, min?: number | null, max?: number | null): Tensor {
  const lo = min ?? -Infinity, hi = max ?? Infinity;
  const out = unaryOp('clamp', x, { min: lo, max: hi });
  return record(out, 'clamp', [x], (g) => {
    const inside = allocate(g.dtype, x.size);
    for (let i = 0; i < x.size; i++) inside[i] = x.data[i] >= lo && x.data[i] <= hi ? 1 : 0;
    return [mul(g, new Tensor(inside, x.shape, g.dtype))];
  }, { min: lo, max: hi });
}

function comparison(op: CompareOp, a: TensorLike, b: TensorLike): Tensor {
  const ta = toTensor(a, b instanceof Tensor ? b : null), tb = toTensor(b, ta);
  const outShape = broadcastShapes(ta.shape, tb.shape, op);
  const out = new Uint8Array(outShape.reduce((x, y) => x * y, 1));
  getBackend().compare(op, ta.data, ta.shape, tb.data, tb.shape, out, outShape);
  return new Tensor(out, outShape, 'bool');
}

/** Elementwise a == b as a bool tensor, with broadcasting. */
export const eq = (a: TensorLike, b: TensorLike): Tensor => comparison('eq', a, b);
/** Elementwise a != b as a bool tensor, with broadcasting. */
export const ne = (a: TensorLike, b: TensorLike): Tensor => comparison('ne', a, b);
/** Elementwise a < b as a bool tensor, with broadcasting. */
export const lt = (a: TensorLike, b: TensorLike): Tensor => comparison('lt', a, b);
/** Elementwise a <= b as a bool tensor, with broadcasting. */
export const le = (a: TensorLike, b: TensorLike): Tensor => comparison('le', a, b);
/** Elementwise a > b as a bool tensor, with broadcasting. */
export const gt = (a: TensorLike, b: TensorLike): Tensor => comparison('gt', a, b);
/** Elementwise a >= b as a bool tensor, with broadcasting. */
export const ge = (a: TensorLike, b: TensorLike): Tensor => comparison('ge', a, b);

/** cond ? a : b with broadcasting; cond must be a bool/uint8 mask. */
export function where(cond: Tensor, a: TensorLike, b: TensorLike): Tensor {
  if (cond.dtype !== 'bool' && cond.dtype !== 'uint8') {
    throw new DTypeError(`where: condition must be a bool mask, got ${cond.dtype}`);
  }
  const ta = toTensor(a, b instanceof Tensor ? b : null), tb = toTensor(b, ta);
  let dtype = promoteTypes(ta.dtype, tb.dtype);
  if (!isFloat(dtype)) dtype = 'float32';
  const outShape = broadcastShapes(broadcastShapes(cond.shape, ta.shape, 'where'), tb.shape, 'where');
  const out = allocate(dtype, outShape.reduce((x, y) => x * y, 1)) as FloatArray;
  getBackend().where(cond.data as Uint8Array, cond.shape, floatData(ta, dtype), ta.shape, floatData(tb, dtype), tb.shape,
    out, outShape);
  const res = new Tensor(out, outShape, dtype);
  return record(res, 'where', [ta, tb], (g) => {
    const zero = toTensor(0, g);
    return [
      ta.requiresGrad ? sumToShape(where(cond, g, zero), ta.shape) : null,
      tb.requiresGrad ? sumToShape(where(cond, zero, g), tb.shape) : null,
    ];
  });
}
