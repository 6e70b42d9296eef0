import type { ArithOp, CompareOp, DataArray, FloatArray, UnaryOp, UnaryParams } from '../backend.js';
import { forEachBroadcast2, broadcastOffsets } from './broadcast.js';
import { ARRAY_ROW, ARRAY_SCALAR, SAME_SHAPE, SCALAR_ARRAY } from './binary-flat.js';

function erf(x: number): number {
  // Abramowitz-Stegun 7.1.26 is only 1e-7 accurate; use a series/continued fraction pair for f64 gradchecks.
  const ax = Math.abs(x);
  // The continued fraction below turns Infinity into NaN; erf(±Infinity) is ±1.
  if (ax === Infinity) return Math.sign(x);
  if (ax < 2.5) {
    let sum = x, term = x;
    const x2 = x * x;
    for (let n = 1; n < 100; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  // erfc continued fraction (Lentz) for the tails.
  const z = ax;
  let f = z, c = z, d = 0;
  const tiny = 1e-300;
  for (let n = 1; n < 200; n++) {
    const an = n / 2;
    d = z + an * d; d = d === 0 ? tiny : d; d = 1 / d;
    c = z + an / c; c = c === 0 ? tiny : c;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  const erfc = Math.exp(-z * z) / (f * Math.sqrt(Math.PI));
  return x > 0 ? 1 - erfc : erfc - 1;
}

export function unary(op: UnaryOp, x: FloatArray, out: FloatArray, p: UnaryParams = {}): void {
  const n = x.length;
  switch (op) {
    case 'neg': for (let i = 0; i < n; i++) out[i] = -x[i]; break;
    case 'exp': for (let i = 0; i < n; i++) out[i] = Math.exp(x[i]); break;
    case 'log': for (let i = 0; i < n; i++) out[i] = Math.log(x[i]); break;
    case 'sqrt': for (let i = 0; i < n; i++) out[i] = Math.sqrt(x[i]); break;
    case 'abs': for (let i = 0; i < n; i++) out[i] = Math.abs(x[i]); break;
    case 'sign': for (let i = 0; i < n; i++) out[i] = Math.sign(x[i]); break;
    case 'reciprocal': for (let i = 0; i < n; i++) out[i] = 1 / x[i]; break;
    case 'square': for (let i = 0; i < n; i++) out[i] = x[i] * x[i]; break;
    case 'relu': for (let i = 0; i < n; i++) out[i] = x[i] > 0 ? x[i] : 0; break;
    case 'sigmoid':
      for (let i = 0; i < n; i++) {
        const v = x[i];
        // Split by sign so exp never overflows.
        if (v >= 0) out[i] = 1 / (1 + Math.exp(-v));
        else { const e = Math.exp(v); out[i] = e / (1 + e); }
      }
      break;
    case 'tanh': for (let i = 0; i < n; i++) out[i] = Math.tanh(x[i]); break;
    case 'softplus':
      for (let i = 0; i < n; i++) { const v = x[i]; out[i] = Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))); }
      break;
    case 'gelu': // exact (erf) form, PyTorch's default
      for (let i = 0; i < n; i++) { const v = x[i]; out[i] = 0.5 * v * (1 + erf(v / Math.SQRT2)); }
      break;
    case 'elu': {
      const a = p.alpha ?? 1;
      for (let i = 0; i < n; i++) { const v = x[i]; out[i] = v > 0 ? v : a * Math.expm1(v); }
      break;
    }
    case 'leakyRelu': {
      const a = p.alpha ?? 0.01;
      for (let i = 0; i < n; i++) { const v = x[i]; out[i] = v > 0 ? v : a * v; }
      break;
    }
    case 'clamp': {
      const lo = p.min ?? -Infinity, hi = p.max ?? Infinity;
      for (let i = 0; i < n; i++) { const v = x[i]; out[i] = v < lo ? lo : v > hi ? hi : v; }
      break;
    }
    case 'powScalar': {
      const e = p.exponent ?? 1;
      if (e === 2) for (let i = 0; i < n; i++) out[i] = x[i] * x[i];
      else for (let i = 0; i < n; i++) out[i] = Math.pow(x[i], e);
      break;
    }
    default: {
      const never: never = op;
      throw new Error(`unknown unary op ${String(never)}`);
    }
  }
}

/** Exported so that gradient code can evaluate erf exactly. */
export { erf };

type Fn2 = (a: number, b: number) => number;
const ARITH: Record<ArithOp, Fn2> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: (a, b) => Math.pow(a, b),
  maximum: (a, b) => (a >= b || Number.isNaN(a) ? a : b),
  minimum: (a, b) => (a <= b || Number.isNaN(a) ? a : b),
};

export function binary(op: ArithOp, a: FloatArray, aShape: readonly number[], b: FloatArray, bShape: readonly number[],
  out: FloatArray, outShape: readonly number[]): void {
  // Equal shapes (the sizes match, and the shapes broadcast), or a single-value operand: flat loops.
  const n = out.length;
  if (a.length === n && b.length === n) { SAME_SHAPE[op](a, b, out, n); return; }
  if (b.length === 1 && a.length === n) { ARRAY_SCALAR[op](a, b[0], out, n); return; }
  if (a.length === 1 && b.length === n) { SCALAR_ARRAY[op](b, a[0], out, n); return; }
  // b a single row over a's rows: its last dimension is the output's and all others are 1.
  const inner = outShape.length > 0 ? outShape[outShape.length - 1] : 1;
  if (a.length === n && inner > 0 && b.length === inner && bShape.length > 0 && bShape[bShape.length - 1] === inner) {
    ARRAY_ROW[op](a, b, out, n, inner);
    return;
  }
  // The four hot arithmetic ops get monomorphic inner loops; the rest go through a function.
  if (op === 'add') {
    forEachBroadcast2(aShape, bShape, outShape, (o, ai, bi, len, as, bs) => {
      if (as === 1 && bs === 1) for (let j = 0; j < len; j++) out[o + j] = a[ai + j] + b[bi + j];
      else for (let j = 0; j < len; j++) out[o + j] = a[ai + j * as] + b[bi + j * bs];
    });
  } else if (op === 'mul') {
    forEachBroadcast2(aShape, bShape, outShape, (o, ai, bi, len, as, bs) => {
      if (as === 1 && bs === 1) for (let j = 0; j < len; j++) out[o + j] = a[ai + j] * b[bi + j];
      else for (let j = 0; j < len; j++) out[o + j] = a[ai + j * as] * b[bi + j * bs];
    });
  } else if (op === 'sub') {
    forEachBroadcast2(aShape, bShape, outShape, (o, ai, bi, len, as, bs) => {
      for (let j = 0; j < len; j++) out[o + j] = a[ai + j * as] - b[bi + j * bs];
    });
  } else if (op === 'div') {
    forEachBroadcast2(aShape, bShape, outShape, (o, ai, bi, len, as, bs) => {
      for (let j = 0; j < len; j++) out[o + j] = a[ai + j * as] / b[bi + j * bs];
    });
  } else {
    const f = ARITH[op];
    forEachBroadcast2(aShape, bShape, outShape, (o, ai, bi, len, as, bs) => {
      for (let j = 0; j < len; j++) out[o + j] = f(a[ai + j * as], b[bi + j * bs]);
    });
  }
}

const COMPARE: Record<CompareOp, (a: number, b: number) => boolean> = {
  eq: (a, b) => a === b,
  ne: (a, b) => a !== b,
  lt: (a, b) => a < b,
  le: (a, b) => a <= b,
  gt: (a, b) => a > b,
  ge: (a, b) => a >= b,
};

export function compare(op: CompareOp, a: DataArray, aShape: readonly number[], b: DataArray, bShape: readonly number[],
  out: Uint8Array, outShape: readonly number[]): void {
  const f = COMPARE[op];
  forEachBroadcast2(aShape, bShape, outShape, (o, ai, bi, len, as, bs) => {
    for (let j = 0; j < len; j++) out[o + j] = f(a[ai + j * as], b[bi + j * bs]) ? 1 : 0;
  });
}

export function where(cond: Uint8Array, condShape: readonly number[], a: FloatArray, aShape: readonly number[],
  b: FloatArray, bShape: readonly number[], out: FloatArray, outShape: readonly number[]): void {
  const [oc, oa, ob] = broadcastOffsets([condShape, aShape, bShape], outShape);
  for (let i = 0; i < out.length; i++) out[i] = cond[oc[i]] ? a[oa[i]] : b[ob[i]];
}
