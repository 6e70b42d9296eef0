import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { expectClose, forEachBackend, seededData } from '../helpers.js';

const f64 = (shape: number[], seed: number, requiresGrad = true): dg.Tensor =>
  dg.tensor(seededData(shape.reduce((a, b) => a * b, 1), seed), { shape, dtype: 'float64', requiresGrad });

test('linear equals x @ W^T + b on every backend, for 2-d and batched inputs', () => forEachBackend((name) => {
  for (const shape of [[5, 4], [2, 3, 4], [0, 4]]) {
    const x = f64(shape, 1, false), w = f64([3, 4], 2, false), b = f64([3], 3, false);
    const want = dg.matmul(x.reshape([-1, 4]), w.T).add(b).reshape([...shape.slice(0, -1), 3]);
    const got = dg.linear(x, w, b);
    assert.deepEqual([...got.shape], [...want.shape], name);
    expectClose(got, want, { atol: 1e-12 });
    expectClose(dg.linear(x, w), dg.matmul(x.reshape([-1, 4]), w.T).reshape([...shape.slice(0, -1), 3]), { atol: 1e-12 });
  }
}));

test('linear: gradients match finite differences, with and without bias, batched', () => {
  dg.gradcheck((x, w, b) => dg.linear(x, w, b), [f64([5, 4], 4), f64([3, 4], 5), f64([3], 6)]);
  dg.gradcheck((x, w) => dg.linear(x, w), [f64([2, 3, 4], 7), f64([2, 4], 8)]);
  // A mostly-zero input (the zero-skipping matmul path) has the same gradients.
  const sparse = dg.tensor(Array.from({ length: 40 * 30 }, (_, i) => (i % 17 === 0 ? (i % 5) - 2 : 0)),
    { shape: [40, 30], dtype: 'float64', requiresGrad: true });
  dg.gradcheck((x, w, b) => dg.linear(x, w, b), [sparse, f64([3, 30], 9), f64([3], 10)]);
});

test('linear: mixed float32 / float64 operands run in float64; bad shapes and dtypes throw', () => {
  const y = dg.linear(dg.ones([2, 3]), dg.ones([4, 3], { dtype: 'float64' }));
  assert.equal(y.dtype, 'float64');
  assert.deepEqual(y.toArray(), [[3, 3, 3, 3], [3, 3, 3, 3]]);
  assert.throws(() => dg.linear(dg.ones([2, 3]), dg.ones([4, 2])), (e: Error) => e instanceof dg.ShapeError && /\[2, 3\]/.test(e.message));
  assert.throws(() => dg.linear(dg.ones([2, 3]), dg.ones([4, 3]), dg.ones([3])), dg.ShapeError);
  assert.throws(() => dg.linear(dg.tensor(Int32Array.from([1, 2, 3])), dg.ones([4, 3])), dg.DTypeError);
});

test('linear: dense (W as stored) and mostly-zero (W^T laid out) inputs give the matmul reference and its gradients on every backend', () => forEachBackend((name) => {
  // 200 x 100 passes the zero-skipping size limit; 1 in 37 non-zero is well under its density limit.
  const mostlyZero = Array.from({ length: 200 * 100 }, (_, i) => (i % 37 === 0 ? (i % 7) - 3 : 0));
  for (const [what, values] of [['dense', seededData(200 * 100, 11)], ['mostly-zero', mostlyZero]] as const) {
    const make = (): [dg.Tensor, dg.Tensor, dg.Tensor] => [dg.tensor(Array.from(values), { shape: [200, 100], dtype: 'float64', requiresGrad: true }),
      f64([24, 100], 12), f64([24], 13)];
    const [x, w, b] = make(), [x2, w2, b2] = make();
    const got = dg.linear(x, w, b), want = dg.matmul(x2, w2.T).add(b2);
    expectClose(got, want, { atol: 1e-10 });
    const g = f64([200, 24], 14, false);
    got.mul(g).sum().backward(); want.mul(g).sum().backward();
    for (const [a, r] of [[x, x2], [w, w2], [b, b2]]) expectClose(a.grad!, r.grad!, { atol: 1e-10 });
    assert.ok(got.size === 200 * 24, `${name} ${what}`);
  }
}));
