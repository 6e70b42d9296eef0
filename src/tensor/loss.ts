import type { FloatArray } from '../kernels/backend.js';
import { DTypeError, ShapeError, formatShape } from '../errors.js';
import { Tensor } from './tensor.js';
import { allocate, assertFloat, isFloat, type FloatDType } from './dtype.js';
import { broadcastShapes, numel, shapesEqual } from './shape.js';
import { noGrad, record } from './tape.js';
import { logSoftmax } from './softmax.js';

/** How a loss combines per-element losses: their mean, their sum, or none (one loss per element). */
export type Reduction = 'mean' | 'sum' | 'none';
/** Options shared by the losses. */
export interface ReductionOptions { reduction?: Reduction }
/** Options of `nllLoss` (and `crossEntropy`): class weights and the ignored target value. */
export interface NllLossOptions extends ReductionOptions {
  /** Rescaling weight per class, shape [C]; receives no gradient. */
  weight?: Tensor;
  /** Target value that contributes neither to the loss nor to the mean's denominator (default -100). */
  ignoreIndex?: number;
}
/** Options of `crossEntropy`. */
export interface CrossEntropyOptions extends NllLossOptions {
  /** Mixes the target with the uniform distribution: (1 - s) * target + s / C. */
  labelSmoothing?: number;
}
/** Options of `binaryCrossEntropyWithLogits`. */
export interface BceWithLogitsOptions extends ReductionOptions {
  /** Weight of the positive term, broadcast against the input (usually shape [C]). */
  posWeight?: Tensor;
  /** Weight per element, broadcast against the input. */
  weight?: Tensor;
}

function checkReduction(op: string, r: string): Reduction {
  if (r !== 'mean' && r !== 'sum' && r !== 'none') {
    throw new RangeError(`${op}: reduction must be 'mean', 'sum' or 'none', got '${r}'`);
  }
  return r;
}

/** Applies the reduction to per-position losses and says how a position's gradient is scaled. */
function reduceLoss(loss: FloatArray, shape: readonly number[], dtype: FloatDType, reduction: Reduction, denom: number):
  [Tensor, (g: Tensor) => (pos: number) => number] {
  if (reduction === 'none') return [new Tensor(loss, shape, dtype), (g) => (pos) => g.data[pos]];
  let s = 0;
  for (let i = 0; i < loss.length; i++) s += loss[i];
  const out = allocate(dtype, 1);
  out[0] = reduction === 'mean' ? s / denom : s;
  return [new Tensor(out, [], dtype), (g) => {
    const k = reduction === 'mean' ? g.data[0] / denom : g.data[0];
    return () => k;
  }];
}

/** Class-index layout: input [C] with target [], or [N, C, d1...] with target [N, d1...]. */
interface ClassLayout { outer: number; classes: number; inner: number; targetShape: number[] }

function classLayout(op: string, input: Tensor): ClassLayout {
  assertFloat(input.dtype, op, 'input');
  if (input.ndim === 0) throw new ShapeError(`${op}: input must have a class dimension, got shape ${formatShape(input.shape)}`);
  if (input.ndim === 1) return { outer: 1, classes: input.shape[0], inner: 1, targetShape: [] };
  return {
    outer: input.shape[0], classes: input.shape[1], inner: numel(input.shape.slice(2)),
    targetShape: [input.shape[0], ...input.shape.slice(2)],
  };
}

/**
 * Validates class targets and returns the weight of each position: weight[target], 0 where ignored.
 * The sum of these is the denominator of a 'mean' reduction, as in PyTorch.
 */
function targetWeights(op: string, input: Tensor, target: Tensor, layout: ClassLayout, weight: Tensor | undefined,
  ignoreIndex: number): Float64Array {
  if (target.dtype !== 'int32') {
    throw new DTypeError(`${op}: target must hold int32 class indices, got ${target.dtype}`);
  }
  if (!shapesEqual(target.shape, layout.targetShape)) {
    throw new ShapeError(`${op}: target shape ${formatShape(target.shape)} does not match input shape ` +
      `${formatShape(input.shape)} (expected target ${formatShape(layout.targetShape)})`);
  }
  if (weight !== undefined && (weight.ndim !== 1 || weight.shape[0] !== layout.classes)) {
    throw new ShapeError(`${op}: weight shape ${formatShape(weight.shape)} does not match input shape ` +
      `${formatShape(input.shape)} (expected [${layout.classes}])`);
  }
  const C = layout.classes, td = target.data;
  const ws = new Float64Array(td.length);
  for (let pos = 0; pos < td.length; pos++) {
    const t = td[pos];
    if (t === ignoreIndex) continue;
    if (!(t >= 0 && t < C)) {
      throw new RangeError(`${op}: target ${t} at position ${pos} is out of range for ${C} classes (expected 0..${C - 1})`);
    }
    ws[pos] = weight === undefined ? 1 : weight.data[t];
  }
  return ws;
}

const sumOf = (a: ArrayLike<number>): number => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i]; return s; };

/** Negative log-likelihood of class targets given log-probabilities [N, C] (or [C], [N, C, d...]). */
export function nllLoss(logProbs: Tensor, target: Tensor, opts: NllLossOptions = {}): Tensor {
  const reduction = checkReduction('nllLoss', opts.reduction ?? 'mean');
  const L = classLayout('nllLoss', logProbs);
  const ws = targetWeights('nllLoss', logProbs, target, L, opts.weight, opts.ignoreIndex ?? -100);
  const dtype = logProbs.dtype as FloatDType, x = logProbs.data, td = target.data;
  const at = (pos: number, c: number): number => {
    const n = Math.floor(pos / L.inner), k = pos - n * L.inner;
    return (n * L.classes + c) * L.inner + k;
  };
  const loss = allocate(dtype, td.length) as FloatArray;
  for (let pos = 0; pos < td.length; pos++) if (ws[pos] !== 0) loss[pos] = -ws[pos] * x[at(pos, td[pos])];
  const [out, scaleOf] = reduceLoss(loss, L.targetShape, dtype, reduction, sumOf(ws));
  return record(out, 'nllLoss', [logProbs], (g) => {
    const scale = scaleOf(g);
    const gx = allocate(dtype, logProbs.size);
    for (let pos = 0; pos < td.length; pos++) if (ws[pos] !== 0) gx[at(pos, td[pos])] = -ws[pos] * scale(pos);
    return [new Tensor(gx, logProbs.shape, dtype)];
  });
}

/**
 * Cross entropy of logits [N, C] (or [C], [N, C, d...]) against int32 class targets, or against
 * class probabilities of the input's shape (float target), as PyTorch's F.cross_entropy. One
 * log-softmax pass; the backward is scale * (softmax * sum(q) - q) for the target distribution q.
 * A weighted 'mean' divides by the summed weights of the non-ignored targets.
 * @example
 * ```ts
 * import * as dg from 'deepgraph';
 * const logits = dg.randn([4, 3], { requiresGrad: true });
 * const labels = dg.tensor(new Int32Array([0, 2, 1, 1]));   // int32 class ids
 * const loss = dg.crossEntropy(logits, labels);
 * loss.backward();                                          // logits.grad: [4, 3]
 * ```
 */
export function crossEntropy(logits: Tensor, target: Tensor, opts: CrossEntropyOptions = {}): Tensor {
  const reduction = checkReduction('crossEntropy', opts.reduction ?? 'mean');
  const eps = opts.labelSmoothing ?? 0;
  if (!(eps >= 0 && eps <= 1)) throw new RangeError(`crossEntropy: labelSmoothing must be in [0, 1], got ${eps}`);
  const L = classLayout('crossEntropy', logits);
  if (isFloat(target.dtype)) return crossEntropyProbs(logits, target, L, reduction, eps, opts.weight);
  const ws = targetWeights('crossEntropy', logits, target, L, opts.weight, opts.ignoreIndex ?? -100);
  const ignore = opts.ignoreIndex ?? -100;
  const dtype = logits.dtype as FloatDType, td = target.data, C = L.classes, I = L.inner;
  const w = opts.weight?.data;
  const wc = (c: number): number => (w === undefined ? 1 : w[c]);
  const wTotal = w === undefined ? C : sumOf(w);
  const logp = noGrad(() => logSoftmax(logits, logits.ndim === 1 ? 0 : 1)).data as FloatArray;
  // Target distribution at a position: a * onehot(t) + b * weight, a = (1 - eps) w[t], b = eps / C.
  const loss = allocate(dtype, td.length) as FloatArray;
  for (let pos = 0; pos < td.length; pos++) {
    if (td[pos] === ignore) continue;
    const n = Math.floor(pos / I), k = pos - n * I, base = n * C * I + k;
    let smooth = 0;
    if (eps > 0) for (let c = 0; c < C; c++) smooth += wc(c) * logp[base + c * I];
    loss[pos] = -((1 - eps) * ws[pos] * logp[base + td[pos] * I] + (eps / C) * smooth);
  }
  const [out, scaleOf] = reduceLoss(loss, L.targetShape, dtype, reduction, sumOf(ws));
  return record(out, 'crossEntropy', [logits], (g) => {
    const scale = scaleOf(g);
    const gx = allocate(dtype, logits.size);
    for (let pos = 0; pos < td.length; pos++) {
      if (td[pos] === ignore) continue;
      const n = Math.floor(pos / I), k = pos - n * I, base = n * C * I + k;
      const a = (1 - eps) * ws[pos], b = eps / C, s = scale(pos);
      const total = a + b * wTotal;
      for (let c = 0; c < C; c++) gx[base + c * I] = s * (Math.exp(logp[base + c * I]) * total - b * wc(c));
      gx[base + td[pos] * I] -= s * a;
    }
    return [new Tensor(gx, logits.shape, dtype)];
  });
}

/** Cross entropy against class probabilities; 'mean' divides by the number of positions. */
function crossEntropyProbs(logits: Tensor, target: Tensor, L: ClassLayout, reduction: Reduction, eps: number,
  weight: Tensor | undefined): Tensor {
  if (!shapesEqual(target.shape, logits.shape)) {
    // The common mistake: class labels read as floats. Say what the two accepted forms are.
    if (shapesEqual(target.shape, L.targetShape)) {
      throw new DTypeError(`crossEntropy: target has dtype ${target.dtype} and shape ${formatShape(target.shape)}: class labels ` +
        `must be int32 class ids (cast with target.int()), or, for class probabilities, a float target shaped like the input ` +
        `${formatShape(logits.shape)}`);
    }
    throw new ShapeError(`crossEntropy: probability target shape ${formatShape(target.shape)} does not match input shape ${formatShape(logits.shape)}`);
  }
  if (weight !== undefined && (weight.ndim !== 1 || weight.shape[0] !== L.classes)) {
    throw new ShapeError(`crossEntropy: weight shape ${formatShape(weight.shape)} does not match input shape ` +
      `${formatShape(logits.shape)} (expected [${L.classes}])`);
  }
  const dtype = logits.dtype as FloatDType, C = L.classes, I = L.inner, positions = L.outer * I;
  const w = weight?.data, td = target.data;
  const logp = noGrad(() => logSoftmax(logits, logits.ndim === 1 ? 0 : 1)).data as FloatArray;
  const q = (j: number, c: number): number => (w === undefined ? 1 : w[c]) * ((1 - eps) * td[j] + eps / C);
  const loss = allocate(dtype, positions) as FloatArray;
  for (let pos = 0; pos < positions; pos++) {
    const n = Math.floor(pos / I), base = n * C * I + (pos - n * I);
    let s = 0;
    for (let c = 0; c < C; c++) s += q(base + c * I, c) * logp[base + c * I];
    loss[pos] = -s;
  }
  const [out, scaleOf] = reduceLoss(loss, L.targetShape, dtype, reduction, positions);
  return record(out, 'crossEntropy', [logits, target], (g) => {
    const scale = scaleOf(g);
    const gx = allocate(dtype, logits.size), gt = allocate(target.dtype, target.size);
    for (let pos = 0; pos < positions; pos++) {
      const n = Math.floor(pos / I), base = n * C * I + (pos - n * I), s = scale(pos);
      let total = 0;
      for (let c = 0; c < C; c++) total += q(base + c * I, c);
      for (let c = 0; c < C; c++) {
        const j = base + c * I;
        gx[j] = s * (Math.exp(logp[j]) * total - q(j, c));
        gt[j] = -s * (w === undefined ? 1 : w[c]) * (1 - eps) * logp[j];
      }
    }
    return [new Tensor(gx, logits.shape, dtype), new Tensor(gt, target.shape, target.dtype)];
  });
}

/** The data of `t` broadcast to `shape` (float64), or a ShapeError naming both shapes. */
function broadcastTo(op: string, what: string, t: Tensor, shape: readonly number[]): ArrayLike<number> {
  const b = broadcastShapes(t.shape, shape, op);
  if (!shapesEqual(b, shape)) {
    throw new ShapeError(`${op}: ${what} shape ${formatShape(t.shape)} does not broadcast to input shape ${formatShape(shape)}`);
  }
  if (shapesEqual(t.shape, shape)) return t.data;
  const out = new Float64Array(numel(shape));
  const strides = new Array<number>(shape.length).fill(0);
  let s = 1;
  for (let d = t.ndim - 1; d >= 0; d--) {
    strides[shape.length - t.ndim + d] = t.shape[d] === 1 ? 0 : s;
    s *= t.shape[d];
  }
  const idx = new Array<number>(shape.length).fill(0);
  let off = 0;
  for (let j = 0; j < out.length; j++) {
    out[j] = t.data[off];
    for (let d = shape.length - 1; d >= 0; d--) {
      idx[d]++; off += strides[d];
      if (idx[d] < shape[d]) break;
      off -= strides[d] * shape[d]; idx[d] = 0;
    }
  }
  return out;
}

function checkPair(op: string, input: Tensor, target: Tensor): FloatDType {
  assertFloat(input.dtype, op, 'input');
  assertFloat(target.dtype, op, 'target');
  if (!shapesEqual(input.shape, target.shape)) {
    throw new ShapeError(`${op}: input shape ${formatShape(input.shape)} and target shape ${formatShape(target.shape)} differ`);
  }
  return input.dtype === 'float64' || target.dtype === 'float64' ? 'float64' : 'float32';
}

/**
 * Binary cross entropy on logits, -w [pw t log s(x) + (1 - t) log(1 - s(x))], written as
 * (1 - t) x + (1 + (pw - 1) t) softplus(-x) so large |x| never overflows. weight and posWeight
 * receive no gradient; the target does.
 */
export function binaryCrossEntropyWithLogits(logits: Tensor, target: Tensor, opts: BceWithLogitsOptions = {}): Tensor {
  const op = 'binaryCrossEntropyWithLogits';
  const reduction = checkReduction(op, opts.reduction ?? 'mean');
  const dtype = checkPair(op, logits, target);
  const w = opts.weight === undefined ? null : broadcastTo(op, 'weight', opts.weight, logits.shape);
  const pw = opts.posWeight === undefined ? null : broadcastTo(op, 'posWeight', opts.posWeight, logits.shape);
  const x = logits.data, t = target.data, n = logits.size;
  const softplusNeg = (v: number): number => Math.max(-v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
  const loss = allocate(dtype, n) as FloatArray;
  for (let i = 0; i < n; i++) {
    const lw = pw === null ? 1 : 1 + (pw[i] - 1) * t[i];
    loss[i] = (w === null ? 1 : w[i]) * ((1 - t[i]) * x[i] + lw * softplusNeg(x[i]));
  }
  const [out, scaleOf] = reduceLoss(loss, logits.shape, dtype, reduction, n);
  return record(out, op, [logits, target], (g) => {
    const scale = scaleOf(g);
    const gx = allocate(logits.dtype, n), gt = allocate(target.dtype, n);
    for (let i = 0; i < n; i++) {
      const v = x[i], s = scale(i) * (w === null ? 1 : w[i]);
      const lw = pw === null ? 1 : 1 + (pw[i] - 1) * t[i];
      // sigmoid(-v), split by sign so exp never overflows
      const sigNeg = v >= 0 ? Math.exp(-v) / (1 + Math.exp(-v)) : 1 / (1 + Math.exp(v));
      gx[i] = s * ((1 - t[i]) - lw * sigNeg);
      gt[i] = s * (-v + (pw === null ? 0 : (pw[i] - 1) * softplusNeg(v)));
    }
    return [new Tensor(gx, logits.shape, logits.dtype), new Tensor(gt, target.shape, target.dtype)];
  });
}

/** Shared body of the elementwise regression losses: loss(d) and dloss/dd for d = input - target. */
function pointwiseLoss(op: string, input: Tensor, target: Tensor, reduction: Reduction,
  f: (d: number) => number, df: (d: number) => number): Tensor {
  const dtype = checkPair(op, input, target);
  const a = input.data, b = target.data, n = input.size;
  const loss = allocate(dtype, n) as FloatArray;
  for (let i = 0; i < n; i++) loss[i] = f(a[i] - b[i]);
  const [out, scaleOf] = reduceLoss(loss, input.shape, dtype, reduction, n);
  return record(out, op, [input, target], (g) => {
    const scale = scaleOf(g);
    const ga = allocate(input.dtype, n), gb = allocate(target.dtype, n);
    for (let i = 0; i < n; i++) {
      const d = scale(i) * df(a[i] - b[i]);
      ga[i] = d; gb[i] = -d;
    }
    return [new Tensor(ga, input.shape, input.dtype), new Tensor(gb, target.shape, target.dtype)];
  });
}

/** Mean squared error (input - target)^2; shapes must match exactly. */
export function mseLoss(input: Tensor, target: Tensor, opts: ReductionOptions = {}): Tensor {
  const reduction = checkReduction('mseLoss', opts.reduction ?? 'mean');
  return pointwiseLoss('mseLoss', input, target, reduction, (d) => d * d, (d) => 2 * d);
}

/** Mean absolute error |input - target|; the gradient at a zero difference is 0, as in PyTorch. */
export function l1Loss(input: Tensor, target: Tensor, opts: ReductionOptions = {}): Tensor {
  const reduction = checkReduction('l1Loss', opts.reduction ?? 'mean');
  return pointwiseLoss('l1Loss', input, target, reduction, Math.abs, Math.sign);
}
