/**
 * Batch normalisation of a [N, C] tensor as one op on the tape (torch.nn.functional.batch_norm):
 * forward and backward are each a few backend passes over [N, C] plus per-channel arithmetic, where
 * the composed version (mean, sub, square, mean, add, sqrt, div, mul, add) allocates and walks
 * nine [N, C] temporaries forward and more backward. GIN's MLPs normalise [~1000, 600] activations
 * ten times per molecule batch, so this is most of what lies outside the matmuls there.
 */
import { ShapeError, DTypeError, formatShape } from '../errors.js';
import { Tensor } from './tensor.js';
import { allocateUninit, isFloat, type FloatDType } from './dtype.js';
import { record } from './tape.js';
import type { FloatArray } from '../kernels/backend.js';
import { getBackend } from '../kernels/registry.js';

/** Options of `batchNorm`. */
export interface BatchNormOpOptions {
  /** Normalise with the batch's statistics (and fold them into the running ones) rather than the running ones. */
  training: boolean;
  /** [C], updated in place in training: (1 - momentum) · old + momentum · batch (unbiased variance). */
  runningMean?: Tensor | null;
  runningVar?: Tensor | null;
  /** Weight of the new batch in the running averages (default 0.1). */
  momentum?: number;
  eps?: number;
}

/** A [c] array of the tensor's dtype filled from f. */
function perChannel(dtype: FloatDType, c: number, f: (j: number) => number): FloatArray {
  const a = allocateUninit(dtype, c);
  for (let j = 0; j < c; j++) a[j] = f(j);
  return a;
}

function checkChannel(name: string, t: Tensor | null | undefined, c: number, dtype: FloatDType): void {
  if (t === null || t === undefined) return;
  if (t.ndim !== 1 || t.shape[0] !== c) throw new ShapeError(`batchNorm: ${name} must be [${c}], got ${formatShape(t.shape)}`);
  if (t.dtype !== dtype) throw new DTypeError(`batchNorm: ${name} is ${t.dtype} but the input is ${dtype}`);
}

/**
 * y = (x − μ) / sqrt(σ² + eps) · weight + bias per channel of x [N, C]: μ, σ² the batch's (biased)
 * statistics in training or when no running statistics are given, the running ones otherwise.
 * weight and bias may be null (affine off). Differentiable in x, weight and bias.
 */
export function batchNorm(x: Tensor, weight: Tensor | null, bias: Tensor | null, o: BatchNormOpOptions): Tensor {
  if (x.ndim !== 2) throw new ShapeError(`batchNorm: expected input [N, C], got ${formatShape(x.shape)}`);
  if (!isFloat(x.dtype)) throw new DTypeError(`batchNorm: input must be float32 or float64, got ${x.dtype}`);
  const dtype = x.dtype as FloatDType;
  const [n, c] = x.shape;
  for (const [name, t] of [['weight', weight], ['bias', bias], ['runningMean', o.runningMean], ['runningVar', o.runningVar]] as const) {
    checkChannel(name, t, c, dtype);
  }
  const eps = o.eps ?? 1e-5;
  const be = getBackend(), shape = [n, c], row = [c];
  const xd = x.data as FloatArray;
  const colSums = (a: FloatArray): FloatArray => { const out = allocateUninit(dtype, c); be.reduce('sum', a, 1, n, c, out); return out; };
  const useBatch = o.training || !o.runningMean || !o.runningVar;
  // Every pass over [N, C] is a backend kernel (SIMD, threads); JS touches only the [C] vectors.
  let mean: FloatArray, invStd: Float64Array, centred: FloatArray | null = null;
  const out = allocateUninit(dtype, n * c);
  if (useBatch) {
    const sums = colSums(xd);
    mean = perChannel(dtype, c, (j) => sums[j] / n);
    centred = allocateUninit(dtype, n * c);
    be.binary('sub', xd, shape, mean, row, centred, shape);
    // The squares go through the output's buffer, which the normalised values overwrite below.
    be.binary('mul', centred, shape, centred, shape, out, shape);
    const sq = colSums(out);
    invStd = Float64Array.from(sq, (v) => 1 / Math.sqrt(v / n + eps));
    const rm = o.runningMean, rv = o.runningVar;
    if (o.training && rm && rv && n > 1) {
      const m = o.momentum ?? 0.1;
      for (let j = 0; j < c; j++) {
        rm.data[j] = (1 - m) * rm.data[j] + m * mean[j];
        rv.data[j] = (1 - m) * rv.data[j] + m * sq[j] / (n - 1);
      }
    }
  } else {
    mean = o.runningMean!.data as FloatArray;
    invStd = Float64Array.from(o.runningVar!.data, (v) => 1 / Math.sqrt(v + eps));
  }
  const wd = weight?.data, bd = bias?.data;
  const scale = perChannel(dtype, c, (j) => invStd[j] * (wd === undefined ? 1 : wd[j]));
  if (centred !== null) {
    be.binary('mul', centred, shape, scale, row, out, shape);
    if (bd !== undefined) be.binary('add', out, shape, bd as FloatArray, row, out, shape);
  } else {
    be.binary('mul', xd, shape, scale, row, out, shape);
    be.binary('add', out, shape, perChannel(dtype, c, (j) => (bd === undefined ? 0 : bd[j]) - mean[j] * scale[j]), row, out, shape);
  }
  const inputs = [x, ...(weight === null ? [] : [weight]), ...(bias === null ? [] : [bias])];
  return record(new Tensor(out, x.shape, dtype), 'batchNorm', inputs, (g) => {
    const gd = g.data as FloatArray;
    const needW = weight !== null && weight.requiresGrad;
    let xc = centred;
    if (xc === null && needW) { xc = allocateUninit(dtype, n * c); be.binary('sub', xd, shape, mean, row, xc, shape); }
    // Σ dy and Σ dy · (x − μ) per channel: the affine parameters' gradients and the batch terms of dx.
    const sumDy = colSums(gd);
    let sumDyXc: FloatArray | null = null, scratch: FloatArray | null = null;
    if (xc !== null) {
      scratch = allocateUninit(dtype, n * c);
      be.binary('mul', gd, shape, xc, shape, scratch, shape);
      sumDyXc = colSums(scratch);
    }
    let gx: Tensor | null = null;
    if (x.requiresGrad) {
      const dx = allocateUninit(dtype, n * c);
      be.binary('mul', gd, shape, scale, row, dx, shape);
      if (useBatch) {
        // dx = dy · scale − (x − μ) · scale · invStd² · Σdy(x − μ) / N − scale · Σdy / N
        be.binary('mul', xc!, shape, perChannel(dtype, c, (j) => -scale[j] * invStd[j] * invStd[j] * sumDyXc![j] / n), row, scratch!, shape);
        be.binary('add', dx, shape, scratch!, shape, dx, shape);
        be.binary('add', dx, shape, perChannel(dtype, c, (j) => -scale[j] * sumDy[j] / n), row, dx, shape);
      }
      gx = new Tensor(dx, x.shape, dtype);
    }
    const grads: (Tensor | null)[] = [gx];
    if (weight !== null) grads.push(needW ? new Tensor(perChannel(dtype, c, (j) => sumDyXc![j] * invStd[j]), [c], dtype) : null);
    if (bias !== null) grads.push(bias.requiresGrad ? new Tensor(sumDy, [c], dtype) : null);
    return grads;
  });
}
