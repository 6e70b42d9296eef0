import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { LayerNorm, BatchNorm1d } from '../../src/nn/index.js';
import { expectClose, seededData } from '../helpers.js';

const f64 = (shape: number[], seed: number, requiresGrad = false): dg.Tensor =>
  dg.tensor(seededData(shape.reduce((a, b) => a * b, 1), seed, -2, 2), { shape, dtype: 'float64', requiresGrad });

/** Naive per-row normalisation of [rows, cols] data with biased variance. */
function normaliseRows(x: ArrayLike<number>, rows: number, cols: number, eps: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < rows; r++) {
    const row = Array.from({ length: cols }, (_, c) => x[r * cols + c]);
    const mu = row.reduce((a, b) => a + b, 0) / cols;
    const v = row.reduce((a, b) => a + (b - mu) ** 2, 0) / cols;
    out.push(...row.map((b) => (b - mu) / Math.sqrt(v + eps)));
  }
  return out;
}

test('LayerNorm normalises the trailing dims, then applies weight and bias', () => {
  const ln = new LayerNorm([2, 3], { dtype: 'float64', eps: 1e-5 });
  ln.weight!.data.set(seededData(6, 3, 0.5, 1.5));
  ln.bias!.data.set(seededData(6, 4));
  const x = f64([4, 2, 3], 1);
  const base = normaliseRows(x.data, 4, 6, 1e-5);
  const expected = base.map((v, i) => v * ln.weight!.data[i % 6] + ln.bias!.data[i % 6]);
  expectClose(ln.forward(x), expected, { atol: 1e-12, rtol: 1e-10 });
  assert.throws(() => ln.forward(f64([4, 3, 2], 1)), (e: Error) => e instanceof dg.ShapeError && /\[4, 3, 2\]/.test(e.message));
});

test('LayerNorm gradients match finite differences (input, weight, bias)', () => {
  const ln = new LayerNorm(5, { dtype: 'float64' });
  ln.weight!.data.set(seededData(5, 5, 0.5, 1.5));
  ln.bias!.data.set(seededData(5, 6));
  const x = f64([3, 5], 2, true);
  // gradcheck perturbs the parameters in place, so the layer sees each perturbation.
  dg.gradcheck((xi) => ln.forward(xi), [x, ln.weight!, ln.bias!]);
  const plain = new LayerNorm(4, { elementwiseAffine: false, dtype: 'float64' });
  assert.equal(plain.parameters().length, 0);
  dg.gradcheck((xi) => plain.forward(xi), [f64([2, 3, 4], 3, true)]);
});

test('BatchNorm1d training: batch statistics, running mean/var with unbiased variance and momentum', () => {
  const bn = new BatchNorm1d(3, { dtype: 'float64', momentum: 0.1 });
  const batches = [f64([5, 3], 10), f64([5, 3], 11)];
  const rm = [0, 0, 0], rv = [1, 1, 1];
  for (const x of batches) {
    const y = bn.forward(x);
    // Reference: normalise each column of x with its biased statistics.
    const cols = [0, 1, 2].map((c) => [0, 1, 2, 3, 4].map((r) => x.data[r * 3 + c]));
    const normed = cols.map((col) => normaliseRows(col, 1, 5, 1e-5));
    expectClose(y, [0, 1, 2, 3, 4].flatMap((r) => [0, 1, 2].map((c) => normed[c][r])), { atol: 1e-12, rtol: 1e-10 });
    cols.forEach((col, c) => {
      const mu = col.reduce((a, b) => a + b, 0) / 5;
      const unbiased = col.reduce((a, b) => a + (b - mu) ** 2, 0) / 4;
      rm[c] = 0.9 * rm[c] + 0.1 * mu;
      rv[c] = 0.9 * rv[c] + 0.1 * unbiased;
    });
  }
  expectClose(bn.runningMean!, rm, { atol: 1e-12 });
  expectClose(bn.runningVar!, rv, { atol: 1e-12 });
  assert.equal(bn.numBatchesTracked!.item(), 2);

  bn.eval();
  const x = f64([2, 3], 12);
  const expected = [0, 1].flatMap((r) => [0, 1, 2].map((c) => (x.data[r * 3 + c] - rm[c]) / Math.sqrt(rv[c] + 1e-5)));
  expectClose(bn.forward(x), expected, { atol: 1e-12, rtol: 1e-10 });
  expectClose(bn.runningMean!, rm, { atol: 1e-12 }); // eval leaves the running stats alone
});

test('BatchNorm1d on [N, C, L], cumulative average (momentum null), errors', () => {
  const bn = new BatchNorm1d(2, { dtype: 'float64', momentum: null });
  const a = f64([3, 2, 4], 20), b = f64([3, 2, 4], 21);
  bn.forward(a);
  bn.forward(b);
  const channelMean = (x: dg.Tensor, c: number): number => {
    let s = 0;
    for (let n = 0; n < 3; n++) for (let l = 0; l < 4; l++) s += x.data[n * 8 + c * 4 + l];
    return s / 12;
  };
  // With momentum null the running mean is the plain average of the batch means.
  expectClose(bn.runningMean!, [0, 1].map((c) => (channelMean(a, c) + channelMean(b, c)) / 2), { atol: 1e-12 });
  assert.throws(() => bn.forward(f64([3, 5], 1)), (e: Error) => e instanceof dg.ShapeError && /\[3, 5\]/.test(e.message));
  assert.throws(() => new BatchNorm1d(2).forward(dg.zeros([1, 2])), /more than 1 value per channel/);
});

test('BatchNorm1d gradients match finite differences in training mode', () => {
  const bn = new BatchNorm1d(3, { dtype: 'float64' });
  bn.weight!.data.set(seededData(3, 30, 0.5, 1.5));
  bn.bias!.data.set(seededData(3, 31));
  dg.gradcheck((xi) => bn.forward(xi), [f64([4, 3], 32, true), bn.weight!, bn.bias!]);
});

test('BatchNorm1d eval mode: gradients match finite differences (running statistics fixed)', () => {
  const bn = new BatchNorm1d(3, { dtype: 'float64' });
  bn.forward(f64([6, 3], 33));
  bn.eval();
  bn.weight!.data.set(seededData(3, 34, 0.5, 1.5));
  dg.gradcheck((xi) => bn.forward(xi), [f64([4, 3], 35, true), bn.weight!, bn.bias!]);
});

test('BatchNorm1d [N, C] (one fused op) equals the composed ops it replaces ([N, C, 1]): outputs, gradients, running statistics', () => {
  for (const training of [true, false]) {
    const flat = new BatchNorm1d(5), deep = new BatchNorm1d(5);
    for (const bn of [flat, deep]) {
      bn.weight!.data.set(seededData(5, 40, 0.5, 1.5));
      bn.bias!.data.set(seededData(5, 41));
      bn.forward(dg.tensor(seededData(70, 42, -3, 3), { shape: [14, 5], dtype: 'float32' }).reshape(bn === flat ? [14, 5] : [14, 5, 1]));
      if (!training) bn.eval();
    }
    const data = seededData(35, 43, -2, 4), up = dg.tensor(seededData(35, 44), { shape: [7, 5], dtype: 'float32' });
    const x1 = dg.tensor(data, { shape: [7, 5], dtype: 'float32', requiresGrad: true }), x3 = dg.tensor(data, { shape: [7, 5, 1], dtype: 'float32', requiresGrad: true });
    const y1 = flat.forward(x1), y3 = deep.forward(x3);
    expectClose(y1.data, y3.data);
    dg.sum(dg.mul(y1, up)).backward();
    dg.sum(dg.mul(y3.reshape([7, 5]), up)).backward();
    expectClose(x1.grad!.data, x3.grad!.data);
    expectClose(flat.weight!.grad!.data, deep.weight!.grad!.data);
    expectClose(flat.bias!.grad!.data, deep.bias!.grad!.data);
    expectClose(flat.runningMean!.data, deep.runningMean!.data, { atol: 1e-6 });
    expectClose(flat.runningVar!.data, deep.runningVar!.data, { atol: 1e-6 });
  }
});
