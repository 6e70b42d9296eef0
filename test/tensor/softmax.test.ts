import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { expectClose, forEachBackend, seededData } from '../helpers.js';

const f64 = (shape: number[], seed: number, lo = -2, hi = 2): dg.Tensor =>
  dg.tensor(seededData(shape.reduce((a, b) => a * b, 1), seed, lo, hi), { shape, dtype: 'float64', requiresGrad: true });

/** Naive softmax along `axis` with explicit strides (no max shift: inputs here are small). */
function naive(x: dg.Tensor, axis: number, log: boolean): number[] {
  const shape = x.shape, a = axis < 0 ? axis + shape.length : axis;
  const inner = shape.slice(a + 1).reduce((p, d) => p * d, 1), size = shape[a];
  const out = new Array<number>(x.size);
  for (let j = 0; j < x.size; j++) {
    const k = Math.floor(j / inner) % size, start = j - k * inner;
    let s = 0;
    for (let m = 0; m < size; m++) s += Math.exp(x.data[start + m * inner]);
    out[j] = log ? x.data[j] - Math.log(s) : Math.exp(x.data[j]) / s;
  }
  return out;
}

test('softmax and logSoftmax match a naive reference on every axis and backend', async () => {
  await forEachBackend(() => {
    const x = f64([3, 4, 5], 1);
    for (const axis of [0, 1, 2, -1, -2]) {
      expectClose(dg.softmax(x, axis).data, naive(x, axis, false), { atol: 1e-12, rtol: 1e-10 });
      expectClose(dg.logSoftmax(x, axis).data, naive(x, axis, true), { atol: 1e-12, rtol: 1e-10 });
    }
    expectClose(dg.softmax(x).data, naive(x, -1, false), { atol: 1e-12 });
    expectClose(x.logSoftmax(1).data, naive(x, 1, true), { atol: 1e-12 });
  });
});

test('softmax and logSoftmax: gradients match finite differences on every axis', () => {
  const x = f64([2, 3, 4], 2);
  for (const axis of [0, 1, 2]) {
    dg.gradcheck((t) => dg.softmax(t, axis), [x]);
    dg.gradcheck((t) => dg.logSoftmax(t, axis), [x]);
  }
  dg.gradcheck((t) => dg.softmax(t), [f64([6], 3)]);
  dg.gradcheck((t) => dg.logSoftmax(t, 0), [f64([5, 1], 4)]);
});

test('softmax is stable for logits of +-1e4', () => {
  const x = dg.tensor([[1e4, -1e4, 1e4 - 1], [-1e4, -1e4 + 2, -1e4]], { dtype: 'float64' });
  const e1 = Math.exp(-1), z = 1 + e1;
  // Row 0 along the last axis (kernel) and the same values down a column (strided loop).
  const col = dg.tensor([[1e4, 0], [-1e4, 0], [1e4 - 1, 0]], { dtype: 'float64' });
  const cases: [dg.Tensor, number, number][] = [[x, 1, 1], [col, 0, 2]];
  for (const [t, axis, stride] of cases) {
    const p = dg.softmax(t, axis), lp = dg.logSoftmax(t, axis);
    for (const v of [...p.data, ...lp.data]) assert.ok(!Number.isNaN(v));
    expectClose([p.data[0], p.data[stride], p.data[2 * stride]], [1 / z, 0, e1 / z], { atol: 1e-12 });
    expectClose([lp.data[0], lp.data[2 * stride]], [-Math.log(z), -1 - Math.log(z)], { atol: 1e-9 });
    assert.ok(lp.data[stride] < -1.9e4);
  }
  const y = dg.softmax(x.float(), 1);
  for (const v of y.data) assert.ok(Number.isFinite(v));
});

test('softmax rows sum to 1; 0-d and bad axes', () => {
  const x = f64([4, 6], 5, -50, 50);
  const p = dg.softmax(x, 0);
  for (let j = 0; j < 6; j++) {
    let s = 0;
    for (let i = 0; i < 4; i++) s += p.data[i * 6 + j];
    assert.ok(Math.abs(s - 1) < 1e-12);
  }
  assert.equal(dg.softmax(dg.tensor(3)).item(), 1);
  assert.throws(() => dg.softmax(x, 2), (e: Error) => e instanceof RangeError && /axis 2/.test(e.message));
  assert.throws(() => dg.logSoftmax(x, -3), RangeError);
});
