import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { expectClose, forEachBackend, seededData } from '../helpers.js';

const f64 = (shape: number[], seed: number, lo = -3, hi = 3): dg.Tensor =>
  dg.tensor(seededData(shape.reduce((a, b) => a * b, 1), seed, lo, hi), { shape, dtype: 'float64', requiresGrad: true });

/** erf by numerical integration (Simpson), independent of the kernel's series. */
function erfRef(x: number): number {
  const n = 2000, h = x / n;
  let s = 1 + Math.exp(-x * x);
  for (let i = 1; i < n; i++) s += (i % 2 === 0 ? 2 : 4) * Math.exp(-((i * h) ** 2));
  return (2 / Math.sqrt(Math.PI)) * (h / 3) * s;
}

const references: [string, (x: dg.Tensor) => dg.Tensor, (v: number) => number][] = [
  ['relu', dg.relu, (v) => (v > 0 ? v : 0)],
  ['leakyRelu', (x) => dg.leakyRelu(x), (v) => (v > 0 ? v : 0.01 * v)],
  ['leakyRelu(0.2)', (x) => dg.leakyRelu(x, 0.2), (v) => (v > 0 ? v : 0.2 * v)],
  ['elu', (x) => dg.elu(x), (v) => (v > 0 ? v : Math.exp(v) - 1)],
  ['elu(0.5)', (x) => dg.elu(x, 0.5), (v) => (v > 0 ? v : 0.5 * (Math.exp(v) - 1))],
  ['gelu', dg.gelu, (v) => 0.5 * v * (1 + erfRef(v / Math.SQRT2))],
  ['sigmoid', dg.sigmoid, (v) => 1 / (1 + Math.exp(-v))],
  ['tanh', dg.tanh, (v) => (Math.exp(v) - Math.exp(-v)) / (Math.exp(v) + Math.exp(-v))],
  ['softplus', dg.softplus, (v) => Math.log(1 + Math.exp(v))],
];

test('activations match naive references on every backend', async () => {
  await forEachBackend(() => {
    const x = f64([7, 5], 11);
    for (const [name, f, ref] of references) {
      const y = f(x);
      assert.deepEqual([...y.shape], [7, 5], name);
      expectClose(y.data, Array.from(x.data, ref), { atol: 1e-10, rtol: 1e-9 });
      const y32 = f(x.detach().float());
      assert.equal(y32.dtype, 'float32', name);
      expectClose(y32.data, Array.from(x.data, ref), { atol: 1e-5, rtol: 1e-5 });
    }
  });
});

test('activations: gradients match finite differences', () => {
  for (const [name, f] of references) {
    // Values near the kinks at 0 would make finite differences straddle them; keep |x| >= 0.05.
    const x = f64([4, 6], 3);
    for (let i = 0; i < x.size; i++) if (Math.abs(x.data[i]) < 0.05) x.data[i] = 0.3;
    assert.doesNotThrow(() => dg.gradcheck(f, [x]), name);
    assert.doesNotThrow(() => dg.gradcheck(f, [f64([3], 5, -0.9, 0.9)]), name);
  }
});

test('relu gradient at exactly 0 is 0; method forms agree', () => {
  const x = dg.tensor([-1, 0, 2], { dtype: 'float64', requiresGrad: true });
  dg.relu(x).sum().backward();
  assert.deepEqual([...x.grad!.data], [0, 0, 1]);
  const y = f64([5], 9);
  expectClose(y.gelu(), dg.gelu(y));
  expectClose(y.leakyRelu(0.3), dg.leakyRelu(y, 0.3));
});

test('sigmoid, tanh and softplus stay finite and exact for large |x|', () => {
  const x = dg.tensor([-1000, -40, 40, 1000], { dtype: 'float64', requiresGrad: true });
  expectClose(dg.sigmoid(x), dg.tensor([0, Math.exp(-40), 1, 1], { dtype: 'float64' }), { atol: 1e-20, rtol: 1e-12 });
  expectClose(dg.softplus(x), dg.tensor([0, Math.exp(-40), 40, 1000], { dtype: 'float64' }), { atol: 1e-20, rtol: 1e-12 });
  expectClose(dg.tanh(x), dg.tensor([-1, -1, 1, 1], { dtype: 'float64' }));
  dg.softplus(x).sum().backward();
  for (const g of x.grad!.data) assert.ok(Number.isFinite(g));
  expectClose(x.grad!, dg.tensor([0, Math.exp(-40), 1, 1], { dtype: 'float64' }), { atol: 1e-20, rtol: 1e-12 });
});

test('integer input is promoted to float32', () => {
  const y = dg.relu(dg.tensor([-2, 3], { dtype: 'int32' }));
  assert.equal(y.dtype, 'float32');
  assert.deepEqual([...y.data], [0, 3]);
});

test('relu backward passes the gradient\'s exact bits where x > 0 and +0 elsewhere, float32 and float64', () => {
  const xs = [-1, 0, -0, 2, NaN, Infinity, -Infinity, 1e-45, 3];
  const gs = [5, 6, 7, -0, 8, NaN, Infinity, -2.5, -Infinity];
  for (const dtype of ['float32', 'float64'] as const) {
    const x = dg.tensor(xs, { dtype, requiresGrad: true });
    dg.relu(x).backward(dg.tensor(gs, { dtype }));
    const want = xs.map((v, i) => (v > 0 ? gs[i] : 0));
    const got = [...x.grad!.data];
    got.forEach((v, i) => assert.ok(Object.is(v, dtype === 'float32' ? Math.fround(want[i]) : want[i]), `${dtype} [${i}]: ${v} vs ${want[i]}`));
  }
});
