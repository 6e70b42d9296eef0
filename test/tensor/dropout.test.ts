import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { forEachBackend, seededData } from '../helpers.js';

test('dropout keeps the mean and zeroes about a fraction p', () => {
  const n = 200_000;
  for (const p of [0.1, 0.5, 0.8]) {
    dg.manualSeed(42);
    const y = dg.dropout(dg.ones([n], { dtype: 'float64' }), p);
    let zeros = 0, sum = 0;
    for (const v of y.data) {
      if (v === 0) zeros++;
      else assert.ok(Math.abs(v - 1 / (1 - p)) < 1e-12, `survivors are scaled by 1/(1-p), got ${v}`);
      sum += v;
    }
    // Binomial standard deviation of the dropped fraction is sqrt(p(1-p)/n) <= 0.0012; allow 5 sigma.
    assert.ok(Math.abs(zeros / n - p) < 0.006, `p=${p}: dropped fraction ${zeros / n}`);
    assert.ok(Math.abs(sum / n - 1) < 0.006 / (1 - p) + 0.006, `p=${p}: mean ${sum / n}`);
  }
});

test('dropout is reproducible under manualSeed and with an explicit generator', () => {
  const x = dg.tensor(seededData(1000, 1), { dtype: 'float64' });
  dg.manualSeed(7);
  const a = dg.dropout(x, 0.3);
  dg.manualSeed(7);
  const b = dg.dropout(x, 0.3);
  assert.deepEqual([...a.data], [...b.data]);
  const c = dg.dropout(x, 0.3);
  assert.notDeepEqual([...a.data], [...c.data]);
  const g1 = dg.dropout(x, 0.3, true, new dg.Generator(5));
  const g2 = dg.dropout(x, 0.3, true, new dg.Generator(5));
  assert.deepEqual([...g1.data], [...g2.data]);
});

test('dropout backward multiplies by the same mask; gradcheck with a fixed generator', () => {
  const x = dg.tensor(seededData(50, 2), { dtype: 'float64', requiresGrad: true });
  const y = dg.dropout(x, 0.4, true, new dg.Generator(3));
  const w = dg.tensor(seededData(50, 4), { dtype: 'float64' });
  y.mul(w).sum().backward();
  for (let i = 0; i < 50; i++) {
    const kept = y.data[i] !== 0;
    assert.ok(Math.abs(x.grad!.data[i] - (kept ? w.data[i] / 0.6 : 0)) < 1e-12);
  }
  // A fresh generator with the same seed per call makes the op deterministic for finite differences.
  dg.gradcheck((t) => dg.dropout(t, 0.4, true, new dg.Generator(9)), [x]);
});

test('dropout output and gradient are the same bit for bit on every backend (float32, float64)', async () => {
  // Large enough that the native kernel splits the work over threads.
  const n = 300_001;
  for (const dtype of ['float32', 'float64'] as const) {
    const results: { name: string, y: number[], gx: number[] }[] = [];
    await forEachBackend((name) => {
      const x = dg.tensor(seededData(n, 11, -3, 3), { dtype, requiresGrad: true });
      const w = dg.tensor(seededData(n, 12), { dtype });
      const y = dg.dropout(x, 0.35, true, new dg.Generator(21));
      y.mul(w).sum().backward();
      // The gradient is the same multipliers times the incoming gradient w.
      for (let i = 0; i < n; i += 997) {
        const m = y.data[i] === 0 ? 0 : y.data[i] / x.data[i];
        assert.ok(Math.abs(x.grad!.data[i] - m * w.data[i]) <= 1e-5 * Math.abs(m * w.data[i]) + 1e-12, `${name} ${dtype} grad ${i}`);
      }
      results.push({ name, y: [...y.data], gx: [...x.grad!.data] });
    });
    for (const r of results.slice(1)) {
      assert.deepEqual(r.y, results[0].y, `${dtype} dropout output ${r.name} vs ${results[0].name}`);
      assert.deepEqual(r.gx, results[0].gx, `${dtype} dropout gradient ${r.name} vs ${results[0].name}`);
    }
  }
});

test('dropout edge cases: eval, p = 0, p = 1, bad p, int input', () => {
  const x = dg.tensor([1, 2, 3], { requiresGrad: true });
  assert.equal(dg.dropout(x, 0.5, false), x);
  assert.equal(dg.dropout(x, 0), x);
  const z = dg.dropout(x, 1);
  assert.deepEqual([...z.data], [0, 0, 0]);
  z.sum().backward();
  assert.deepEqual([...x.grad!.data], [0, 0, 0]);
  for (const p of [-0.1, 1.5, NaN]) {
    assert.throws(() => dg.dropout(x, p), (e: Error) => e instanceof RangeError && /dropout: p must be in \[0, 1\]/.test(e.message));
  }
  assert.throws(() => dg.dropout(dg.tensor([1, 2], { dtype: 'int32' }), 0.5), dg.DTypeError);
});

test('the functional names are exported', () => {
  const names = ['relu', 'leakyRelu', 'elu', 'gelu', 'sigmoid', 'tanh', 'softplus', 'softmax', 'logSoftmax',
    'max', 'min', 'argmax', 'argmin', 'norm', 'crossEntropy', 'nllLoss', 'binaryCrossEntropyWithLogits',
    'mseLoss', 'l1Loss', 'dropout'];
  const exported = dg as unknown as Record<string, unknown>;
  for (const n of names) assert.equal(typeof exported[n], 'function', n);
});
