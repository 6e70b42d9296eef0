/**
 * The addon's training-step kernels give the TypeScript kernels' bits: adamStep (Adam and AdamW,
 * with and without AMSGrad, float32 and float64, non-finite gradients, split over threads; both
 * refuse arrays that share memory) and reluBackward (specials, in place, threads).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AdamStepArgs, FloatArray } from '../../src/kernels/backend.js';
import { jsBackend } from '../../src/kernels/js/index.js';
import { nativeOrSkip, TestRng } from './native-util.js';
import { floats } from './agreement-util.js';

type Stepper = { adamStep(args: AdamStepArgs): void };

function bitsEqual(what: string, got: FloatArray, want: FloatArray): void {
  const g = new Uint8Array(got.buffer, got.byteOffset, got.byteLength), w = new Uint8Array(want.buffer, want.byteOffset, want.byteLength);
  for (let i = 0; i < g.length; i++) {
    if (g[i] !== w[i]) assert.fail(`${what}: element ${Math.floor(i / got.BYTES_PER_ELEMENT)} differs: ${got[Math.floor(i / got.BYTES_PER_ELEMENT)]} vs ${want[Math.floor(i / got.BYTES_PER_ELEMENT)]}`);
  }
}

/** Three steps from the same state on each backend; returns the state arrays after them. */
function threeSteps(be: Stepper, start: FloatArray[], grads: FloatArray[], o: { decoupled: boolean; amsgrad: boolean; wd: number }): FloatArray[] {
  const [param, expAvg, expAvgSq, maxExpAvgSq] = start.map((a) => a.slice());
  const beta1 = 0.9, beta2 = 0.999;
  grads.forEach((grad, s) => {
    const step = s + 1;
    be.adamStep({ param, grad, expAvg, expAvgSq, maxExpAvgSq: o.amsgrad ? maxExpAvgSq : null, lr: 0.01, beta1, beta2, eps: 1e-8,
      weightDecay: o.wd, decoupled: o.decoupled, biasCorrection1: 1 - beta1 ** step, biasCorrection2: 1 - beta2 ** step });
  });
  return [param, expAvg, expAvgSq, maxExpAvgSq];
}

test('native adamStep equals the TypeScript kernel bit for bit (every variant, both dtypes, 1 and 2 threads)', (t) => {
  const a = nativeOrSkip(t);
  if (a === null) return;
  const r = new TestRng(808);
  const before = a.getNumThreads();
  try {
    for (const n of [0, 1, 37, 50000]) {
      for (const f32 of [true, false]) {
        const start = [floats(r, n, f32), floats(r, n, f32, -0.1, 0.1), floats(r, n, f32, 0, 0.01), floats(r, n, f32, 0, 0.01)];
        const grads = [0, 1, 2].map(() => floats(r, n, f32, -2, 2));
        if (n > 1) { grads[1][0] = NaN; grads[2][n - 1] = Infinity; }
        for (const decoupled of [false, true]) {
          for (const amsgrad of [false, true]) {
            const o = { decoupled, amsgrad, wd: decoupled ? 0.01 : 5e-4 };
            const want = threeSteps(jsBackend, start, grads, o);
            for (const threads of [1, 2]) {
              a.setNumThreads(threads);
              const got = threeSteps(a, start, grads, o);
              const what = `n ${n} ${f32 ? 'f32' : 'f64'} decoupled ${decoupled} amsgrad ${amsgrad} threads ${threads}`;
              ['param', 'expAvg', 'expAvgSq', 'maxExpAvgSq'].forEach((k, i) => bitsEqual(`${what} ${k}`, got[i], want[i]));
              if (n > 1) assert.notDeepEqual(got[0], start[0], `${what}: the step changed the parameter`);
            }
          }
        }
      }
    }
  } finally {
    a.setNumThreads(before);
  }
});

test('adamStep refuses state arrays that share memory, on both backends, naming them', (t) => {
  const a = nativeOrSkip(t);
  const buf = new Float32Array(20);
  const args = (over: Partial<AdamStepArgs>): AdamStepArgs => ({
    param: new Float32Array(4), grad: new Float32Array(4), expAvg: new Float32Array(4), expAvgSq: new Float32Array(4), maxExpAvgSq: null,
    lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, decoupled: false, biasCorrection1: 0.1, biasCorrection2: 0.001, ...over,
  });
  const cases: [Partial<AdamStepArgs>, RegExp][] = [
    [{ expAvg: buf.subarray(0, 4), expAvgSq: buf.subarray(2, 6) }, /adamStep: expAvgSq shares memory with expAvg/],
    [{ param: buf.subarray(8, 12), grad: buf.subarray(8, 12) }, /adamStep: grad shares memory with param/],
    [{ maxExpAvgSq: buf.subarray(16, 20), param: buf.subarray(15, 19) }, /adamStep: maxExpAvgSq shares memory with param/],
  ];
  for (const be of a === null ? [jsBackend] : [jsBackend, a]) {
    for (const [over, message] of cases) assert.throws(() => be.adamStep(args(over)), message);
    // Neighbouring views of one buffer are separate arrays.
    be.adamStep(args({ param: buf.subarray(0, 4), grad: buf.subarray(4, 8), expAvg: buf.subarray(8, 12), expAvgSq: buf.subarray(12, 16) }));
  }
});

test('native reluBackward equals the TypeScript kernel bit for bit (specials, in place, 1 and 2 threads)', (t) => {
  const a = nativeOrSkip(t);
  if (a === null) return;
  const r = new TestRng(809);
  const before = a.getNumThreads();
  try {
    for (const n of [0, 5, 4097, 3_000_000]) {
      for (const f32 of [true, false]) {
        const grad = floats(r, n, f32), x = floats(r, n, f32);
        const specials = [NaN, -0, 0, Infinity, -Infinity, 1e-45];
        for (let k = 0; k < Math.min(n, 64); k++) { x[r.int(n)] = r.pick(specials); grad[r.int(n)] = r.pick(specials); }
        const make = () => (f32 ? new Float32Array(n) : new Float64Array(n)).fill(7);
        const want = make();
        jsBackend.reluBackward(grad, x, want);
        for (const threads of [1, 2]) {
          a.setNumThreads(threads);
          const got = make();
          a.reluBackward(grad, x, got);
          bitsEqual(`reluBackward n ${n} ${f32 ? 'f32' : 'f64'} threads ${threads}`, got, want);
          const inPlace = grad.slice();
          a.reluBackward(inPlace, x, inPlace);
          bitsEqual(`reluBackward in place n ${n}`, inPlace, want);
        }
        for (let i = 0; i < n; i += 9973) assert.equal(Object.is(want[i], x[i] > 0 ? grad[i] : 0), true, `element ${i} is grad where x > 0, else +0`);
      }
    }
  } finally {
    a.setNumThreads(before);
  }
});
