import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { expectClose, forEachBackend, seededData } from '../helpers.js';

const f64 = (shape: number[], seed: number, lo = -1, hi = 1): dg.Tensor =>
  dg.tensor(seededData(shape.reduce((a, b) => a * b, 1), seed, lo, hi), { shape, dtype: 'float64', requiresGrad: true });

/** Naive reduction along one axis: for each output slot, the list of input flat indices. */
function groups(shape: readonly number[], axis: number): number[][] {
  const inner = shape.slice(axis + 1).reduce((p, d) => p * d, 1), size = shape[axis];
  const outer = shape.slice(0, axis).reduce((p, d) => p * d, 1);
  const out: number[][] = [];
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const g: number[] = [];
      for (let s = 0; s < size; s++) g.push((o * size + s) * inner + i);
      out.push(g);
    }
  }
  return out;
}

test('max, min, argmax, argmin match naive references on every axis and backend', async () => {
  await forEachBackend(() => {
    const x = f64([3, 4, 5], 1);
    for (const axis of [0, 1, 2]) {
      const gs = groups(x.shape, axis);
      const vals = gs.map((g) => g.map((j) => x.data[j]));
      expectClose(dg.max(x, axis).data, vals.map((v) => Math.max(...v)));
      expectClose(dg.min(x, axis - 3).data, vals.map((v) => Math.min(...v)));
      assert.deepEqual([...dg.argmax(x, axis).data], vals.map((v) => v.indexOf(Math.max(...v))));
      assert.deepEqual([...dg.argmin(x, axis).data], vals.map((v) => v.indexOf(Math.min(...v))));
      const kept = [...x.shape]; kept[axis] = 1;
      assert.deepEqual([...dg.max(x, axis, true).shape], kept);
      assert.deepEqual([...dg.argmin(x, axis, true).shape], kept);
      assert.equal(dg.argmax(x, axis).dtype, 'int32');
    }
    const all = [...x.data];
    assert.equal(dg.max(x).item(), Math.max(...all));
    assert.deepEqual([...dg.max(x).shape], []);
    assert.deepEqual([...dg.min(x, undefined, true).shape], [1, 1, 1]);
    assert.equal(dg.argmin(x).item(), all.indexOf(Math.min(...all)));
    assert.equal(x.argmax().item(), all.indexOf(Math.max(...all)));
  });
});

test('max and min keep integer dtypes', () => {
  const x = dg.tensor([[3, -7, 5], [2, 9, 9]], { dtype: 'int32' });
  const m = dg.max(x, 1);
  assert.equal(m.dtype, 'int32');
  assert.deepEqual([...m.data], [5, 9]);
  assert.deepEqual([...dg.min(x, 0).data], [2, -7, 5]);
  assert.deepEqual([...dg.argmax(x, 1).data], [2, 1]);
});

test('max and min: gradients match finite differences', () => {
  const x = f64([3, 4], 2);
  for (const keepDim of [false, true]) {
    for (const axis of [0, 1, -1]) {
      dg.gradcheck((t) => dg.max(t, axis, keepDim), [x]);
      dg.gradcheck((t) => dg.min(t, axis, keepDim), [x]);
    }
  }
  dg.gradcheck((t) => dg.max(t), [x]);
  dg.gradcheck((t) => dg.min(t, undefined, true), [f64([2, 3, 2], 3)]);
});

test('max and min send the whole gradient to the first of tied elements', () => {
  const x = dg.tensor([[1, 4, 4], [2, 2, 0]], { dtype: 'float64', requiresGrad: true });
  dg.max(x, 1).sum().backward();
  assert.deepEqual([...x.grad!.data], [0, 1, 0, 1, 0, 0]);
  x.grad = null;
  dg.min(x, 0).sum().backward();
  assert.deepEqual([...x.grad!.data], [1, 0, 0, 0, 1, 1]);
  x.grad = null;
  dg.max(x).backward();
  assert.deepEqual([...x.grad!.data], [0, 1, 0, 0, 0, 0]);
  assert.deepEqual([...dg.argmax(x, 1).data], [1, 0]);
});

test('max, argmax errors: empty axis, bad axis', () => {
  assert.throws(() => dg.max(dg.zeros([2, 0]), 1), (e: Error) => e instanceof dg.ShapeError && /\[2, 0\]/.test(e.message));
  assert.throws(() => dg.argmax(dg.zeros([0])), dg.ShapeError);
  assert.throws(() => dg.min(dg.zeros([2, 3]), 2), (e: Error) => e instanceof RangeError && /axis 2/.test(e.message));
  assert.equal(dg.max(dg.tensor(4), 0).item(), 4);
});

/** Naive vector norm of a list. */
function pnorm(v: number[], p: number): number {
  const a = v.map(Math.abs);
  if (p === Infinity) return Math.max(...a);
  if (p === -Infinity) return Math.min(...a);
  if (p === 0) return a.filter((x) => x !== 0).length;
  return Math.pow(a.reduce((s, x) => s + Math.pow(x, p), 0), 1 / p);
}

test('norm matches a naive reference for p = 1, 2, 3, 0.5, 0, +-Infinity', async () => {
  await forEachBackend(() => {
    const x = f64([3, 4, 2], 4);
    for (const p of [1, 2, 3, 0.5, 0, Infinity, -Infinity]) {
      assert.ok(Math.abs(dg.norm(x, p).item() - pnorm([...x.data], p)) < 1e-12, `p=${p}`);
      for (const axis of [0, 1, 2]) {
        const ref = groups(x.shape, axis).map((g) => pnorm(g.map((j) => x.data[j]), p));
        expectClose(dg.norm(x, p, axis).data, ref, { atol: 1e-12, rtol: 1e-12 });
      }
    }
    // Two axes at once: reduce [3, 4, 2] over 0 and 2, leaving 4 values.
    const ref = [0, 1, 2, 3].map((j) => pnorm([0, 1, 2].flatMap((i) => [0, 1].map((k) => x.data[(i * 4 + j) * 2 + k])), 2));
    const n = dg.norm(x, 2, [0, 2], true);
    assert.deepEqual([...n.shape], [1, 4, 1]);
    expectClose(n.data, ref, { atol: 1e-12 });
    assert.equal(x.norm().item(), dg.norm(x).item());
  });
});

test('norm: gradients match finite differences (away from 0)', () => {
  const x = f64([3, 4], 5, 0.2, 1.5);
  for (let i = 0; i < x.size; i += 2) x.data[i] = -x.data[i];
  for (const p of [1, 2, 3, 1.5, 0.7, Infinity, -Infinity]) {
    for (const keepDim of [false, true]) {
      assert.doesNotThrow(() => dg.gradcheck((t) => dg.norm(t, p, 1, keepDim), [x]), `p=${p} axis 1`);
      assert.doesNotThrow(() => dg.gradcheck((t) => dg.norm(t, p, 0, keepDim), [x]), `p=${p} axis 0`);
    }
    assert.doesNotThrow(() => dg.gradcheck((t) => dg.norm(t, p), [x]), `p=${p}`);
    assert.doesNotThrow(() => dg.gradcheck((t) => dg.norm(t, p, [0, 1]), [x]), `p=${p} axes [0, 1]`);
  }
});

test('norm: zero vectors get a zero gradient; Infinity shares ties; bad p', () => {
  const z = dg.zeros([2, 3], { dtype: 'float64', requiresGrad: true });
  dg.norm(z, 2, 1).sum().backward();
  assert.deepEqual([...z.grad!.data], [0, 0, 0, 0, 0, 0]);
  const x = dg.tensor([3, -3, 1], { dtype: 'float64', requiresGrad: true });
  dg.norm(x, Infinity).backward();
  assert.deepEqual([...x.grad!.data], [0.5, -0.5, 0]);
  assert.throws(() => dg.norm(x, NaN), RangeError);
});

test('sum and mean still work (with gradients)', () => {
  const x = f64([2, 3], 6);
  expectClose(dg.sum(x, 1).data, [x.data[0] + x.data[1] + x.data[2], x.data[3] + x.data[4] + x.data[5]], { atol: 1e-12 });
  dg.gradcheck((t) => dg.mean(t, 0, true), [x]);
});
