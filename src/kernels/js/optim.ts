import type { AdamStepArgs, FloatArray } from '../backend.js';

const ARRAYS = ['param', 'grad', 'expAvg', 'expAvgSq', 'maxExpAvgSq'] as const;

function overlap(a: FloatArray, b: FloatArray): boolean {
  if (a.buffer !== b.buffer || a.length === 0 || b.length === 0) return false;
  return a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;
}

function number(args: AdamStepArgs, key: 'lr' | 'beta1' | 'beta2' | 'eps' | 'weightDecay' | 'biasCorrection1' | 'biasCorrection2', ok: (v: number) => boolean,
  what: string): void {
  const v = args[key];
  if (typeof v !== 'number' || !ok(v)) throw new RangeError(`adamStep: ${key} must be ${what}, got ${String(v)}`);
}

/** Checks AdamStepArgs as the addon does. */
function checkAdamStep(args: AdamStepArgs): void {
  const param = args.param;
  if (!(param instanceof Float32Array || param instanceof Float64Array)) throw new TypeError('adamStep: param must be a Float32Array or Float64Array');
  const arrays: FloatArray[] = [];
  for (const key of ARRAYS) {
    const a = args[key];
    if (key === 'maxExpAvgSq' && a === null) continue;
    if (!(a instanceof Float32Array || a instanceof Float64Array) || a.constructor !== param.constructor) {
      throw new TypeError(`adamStep: ${key} must be a ${param.constructor.name} like param`);
    }
    if (a.length !== param.length) throw new RangeError(`adamStep: ${key} has length ${a.length}, param ${param.length}`);
    for (let k = 0; k < arrays.length; k++) {
      // Read-only grad included: a written array overlapping it would change what later elements read.
      if (overlap(arrays[k], a)) throw new RangeError(`adamStep: ${key} shares memory with ${ARRAYS[k]}`);
    }
    arrays.push(a);
  }
  number(args, 'lr', Number.isFinite, 'a finite number');
  number(args, 'beta1', (v) => v >= 0 && v < 1, 'in [0, 1)');
  number(args, 'beta2', (v) => v >= 0 && v < 1, 'in [0, 1)');
  number(args, 'eps', (v) => v >= 0 && Number.isFinite(v), 'finite and >= 0');
  number(args, 'weightDecay', (v) => v >= 0 && Number.isFinite(v), 'finite and >= 0');
  number(args, 'biasCorrection1', (v) => v > 0 && v <= 1, 'in (0, 1]');
  number(args, 'biasCorrection2', (v) => v > 0 && v <= 1, 'in (0, 1]');
  if (typeof args.decoupled !== 'boolean') throw new TypeError('adamStep: decoupled must be a boolean');
}

/** Backend.adamStep in TypeScript (see AdamStepArgs): the definition the addon reproduces bit for bit. */
export function adamStep(args: AdamStepArgs): void {
  checkAdamStep(args);
  const { param: p, grad, expAvg: m, expAvgSq: v, maxExpAvgSq: vMax, lr, beta1, beta2, eps, weightDecay, decoupled, biasCorrection1, biasCorrection2 } = args;
  const c1 = 1 - beta1, c2 = 1 - beta2;
  const stepSize = lr / biasCorrection1;
  const sqrtBiasCorrection2 = Math.sqrt(biasCorrection2);
  const n = p.length;
  // Adam and AdamW without AMSGrad (the usual cases) each get a loop free of per-element branches on the options.
  const shrink = decoupled ? 1 - lr * weightDecay : 1, l2 = decoupled ? 0 : weightDecay;
  if (vMax === null && !decoupled) {
    for (let i = 0; i < n; i++) {
      const g = grad[i] + l2 * p[i];
      m[i] = beta1 * m[i] + c1 * g;
      v[i] = beta2 * v[i] + c2 * g * g;
      p[i] -= stepSize * m[i] / (Math.sqrt(v[i]) / sqrtBiasCorrection2 + eps);
    }
  } else if (vMax === null) {
    for (let i = 0; i < n; i++) {
      p[i] *= shrink;
      const g = grad[i];
      m[i] = beta1 * m[i] + c1 * g;
      v[i] = beta2 * v[i] + c2 * g * g;
      p[i] -= stepSize * m[i] / (Math.sqrt(v[i]) / sqrtBiasCorrection2 + eps);
    }
  } else {
    for (let i = 0; i < n; i++) {
      if (decoupled) p[i] *= shrink;
      const g = decoupled ? grad[i] : grad[i] + l2 * p[i];
      m[i] = beta1 * m[i] + c1 * g;
      v[i] = beta2 * v[i] + c2 * g * g;
      if (v[i] > vMax[i]) vMax[i] = v[i];
      p[i] -= stepSize * m[i] / (Math.sqrt(vMax[i]) / sqrtBiasCorrection2 + eps);
    }
  }
}
