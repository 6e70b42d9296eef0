import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { SGD, Adam, AdamW, Adagrad, type Optimizer, type BaseHyper } from '../../src/optim/index.js';
import { expectClose, seededData } from '../helpers.js';

// A fixed, parameter-dependent fake gradient: g = 2 (p - c) + 0.3 sin(3 p), so momentum-like
// state and the current value both matter.
const target = seededData(6, 99);
const gradOf = (p: ArrayLike<number>): number[] => Array.from(p, (v, i) => 2 * (v - target[i]) + 0.3 * Math.sin(3 * v));

function makeParam(): dg.Tensor {
  return new dg.nn.Parameter(dg.tensor(seededData(6, 7), { dtype: 'float64' }));
}

/** Runs `steps` optimizer steps on one parameter with gradOf; returns the final values. */
function runOptimizer(make: (p: dg.Tensor) => Optimizer<BaseHyper>, steps: number): Float64Array {
  const p = makeParam();
  const opt = make(p);
  for (let s = 0; s < steps; s++) {
    p.grad = dg.tensor(Float64Array.from(gradOf(p.data)), { shape: p.shape });
    opt.step();
  }
  return p.data as Float64Array;
}

test('SGD: plain, momentum + dampening + weight decay, nesterov match the textbook loops', () => {
  const cases = [
    { lr: 0.1, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false },
    { lr: 0.05, momentum: 0.9, dampening: 0.1, weightDecay: 0.01, nesterov: false },
    { lr: 0.05, momentum: 0.8, dampening: 0, weightDecay: 0.02, nesterov: true },
  ];
  for (const h of cases) {
    const p = Array.from(seededData(6, 7));
    let v: number[] = [];
    for (let s = 0; s < 5; s++) {
      const d = gradOf(p).map((g, i) => g + h.weightDecay * p[i]);
      let dir = d;
      if (h.momentum > 0) {
        v = s === 0 ? [...d] : v.map((b, i) => h.momentum * b + (1 - h.dampening) * d[i]);
        const buf = v;
        dir = h.nesterov ? d.map((x, i) => x + h.momentum * buf[i]) : buf;
      }
      dir.forEach((x, i) => { p[i] -= h.lr * x; });
    }
    expectClose(runOptimizer((q) => new SGD([q], h), 5), p, { atol: 1e-12, rtol: 1e-12 });
  }
});

test('Adam (L2 weight decay, amsgrad) and AdamW (decoupled) match the bias-corrected formulas', () => {
  const reference = (lr: number, wd: number, amsgrad: boolean, decoupled: boolean, steps: number): number[] => {
    const b1 = 0.9, b2 = 0.99, eps = 1e-8;
    const p = Array.from(seededData(6, 7));
    const m = p.map(() => 0), v = p.map(() => 0), vmax = p.map(() => 0);
    for (let t = 1; t <= steps; t++) {
      const raw = gradOf(p);
      for (let i = 0; i < p.length; i++) {
        const g = decoupled ? raw[i] : raw[i] + wd * p[i];
        if (decoupled) p[i] -= lr * wd * p[i];
        m[i] = b1 * m[i] + (1 - b1) * g;
        v[i] = b2 * v[i] + (1 - b2) * g * g;
        vmax[i] = Math.max(vmax[i], v[i]);
        const mHat = m[i] / (1 - b1 ** t);
        const vHat = (amsgrad ? vmax[i] : v[i]) / (1 - b2 ** t);
        p[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
      }
    }
    return p;
  };
  const betas = [0.9, 0.99] as const;
  expectClose(runOptimizer((q) => new Adam([q], { lr: 0.01, betas }), 6), reference(0.01, 0, false, false, 6),
    { atol: 1e-12, rtol: 1e-10 });
  expectClose(runOptimizer((q) => new Adam([q], { lr: 0.02, betas, weightDecay: 0.1 }), 6),
    reference(0.02, 0.1, false, false, 6), { atol: 1e-12, rtol: 1e-10 });
  expectClose(runOptimizer((q) => new Adam([q], { lr: 0.05, betas, amsgrad: true }), 8),
    reference(0.05, 0, true, false, 8), { atol: 1e-12, rtol: 1e-10 });
  expectClose(runOptimizer((q) => new AdamW([q], { lr: 0.02, betas, weightDecay: 0.5 }), 6),
    reference(0.02, 0.5, false, true, 6), { atol: 1e-12, rtol: 1e-10 });
});

test('Adagrad with lrDecay, weight decay and an initial accumulator', () => {
  const lr = 0.1, lrDecay = 0.05, wd = 0.01, init = 0.2, eps = 1e-10;
  const p = Array.from(seededData(6, 7));
  const acc = p.map(() => init);
  for (let t = 1; t <= 5; t++) {
    const g = gradOf(p).map((x, i) => x + wd * p[i]);
    for (let i = 0; i < p.length; i++) {
      acc[i] += g[i] ** 2;
      p[i] -= (lr / (1 + (t - 1) * lrDecay)) * g[i] / (Math.sqrt(acc[i]) + eps);
    }
  }
  const got = runOptimizer((q) => new Adagrad([q], { lr, lrDecay, weightDecay: wd, initialAccumulatorValue: init }), 5);
  expectClose(got, p, { atol: 1e-12, rtol: 1e-10 });
});

test('param groups keep their own lr; parameters without grad are skipped; zeroGrad clears', () => {
  const a = new dg.nn.Parameter(dg.tensor([1, 2], { dtype: 'float64' }));
  const b = new dg.nn.Parameter(dg.tensor([3, 4], { dtype: 'float64' }));
  const c = new dg.nn.Parameter(dg.tensor([5], { dtype: 'float64' }));
  const opt = new SGD([{ params: [a] }, { params: [b, c], lr: 1 }], { lr: 0.1 });
  assert.equal(opt.paramGroups[0].lr, 0.1);
  assert.equal(opt.paramGroups[1].lr, 1);
  a.grad = dg.tensor([1, 1], { dtype: 'float64' });
  b.grad = dg.tensor([1, 1], { dtype: 'float64' });
  opt.step();
  expectClose(a, [0.9, 1.9]);
  expectClose(b, [2, 3]);
  expectClose(c, [5]);
  opt.zeroGrad();
  assert.equal(a.grad, null);
  assert.equal(b.grad, null);
});

test('optimizer stateDict round trip continues exactly like an uninterrupted run', () => {
  const uninterrupted = runOptimizer((q) => new Adam([q], { lr: 0.05 }), 6);
  const p = makeParam();
  const opt = new Adam([p], { lr: 0.05 });
  const stepOnce = (o: Adam): void => {
    p.grad = dg.tensor(Float64Array.from(gradOf(p.data)), { shape: p.shape });
    o.step();
  };
  for (let s = 0; s < 3; s++) stepOnce(opt);
  const saved = opt.stateDict();
  stepOnce(opt); // mutates opt's state after saving: the saved copy must not change
  const resumed = new Adam([p], { lr: 0.5 });
  resumed.loadStateDict(saved);
  assert.equal(resumed.paramGroups[0].lr, 0.05);
  p.data.set(runOptimizer((q) => new Adam([q], { lr: 0.05 }), 3));
  for (let s = 0; s < 3; s++) stepOnce(resumed);
  expectClose(p, uninterrupted, { atol: 1e-12, rtol: 1e-12 });
  assert.throws(() => new SGD([p]).loadStateDict({ state: {}, paramGroups: [] }), /1 parameter groups|0 parameter groups/);
});

test('invalid hyperparameters and inputs throw naming the problem', () => {
  const p = makeParam();
  assert.throws(() => new SGD([p], { lr: -1 }), /learning rate -1/);
  assert.throws(() => new SGD([p], { nesterov: true }), /nesterov/);
  assert.throws(() => new Adam([p], { betas: [1, 0.999] }), /beta1/);
  assert.throws(() => new Adam([]), /empty parameter list/);
  assert.throws(() => new SGD([{ params: [p] }, { params: [p] }]), /more than one group/);
  assert.throws(() => new SGD([dg.tensor([1, 2], { dtype: 'int32' })]), dg.DTypeError);
});
