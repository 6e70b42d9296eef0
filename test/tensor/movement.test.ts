import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { expectClose, forEachBackend, seededData } from '../helpers.js';

const f64 = (shape: number[], seed: number): dg.Tensor =>
  dg.tensor(seededData(shape.reduce((a, b) => a * b, 1), seed), { shape, dtype: 'float64', requiresGrad: true });

/** Naive element lookup by multi-index in a row-major array. */
function at(x: dg.Tensor, idx: number[]): number {
  let off = 0;
  for (let d = 0; d < idx.length; d++) off = off * x.shape[d] + idx[d];
  return x.data[off];
}

function* indices(shape: readonly number[]): Generator<number[]> {
  const n = shape.reduce((a, b) => a * b, 1);
  for (let flat = 0; flat < n; flat++) {
    const idx = new Array<number>(shape.length);
    let r = flat;
    for (let d = shape.length - 1; d >= 0; d--) { idx[d] = r % shape[d]; r = Math.floor(r / shape[d]); }
    yield idx;
  }
}

test('permute and transpose move every element where the index map says, on every backend', async () => {
  await forEachBackend(() => {
    const x = f64([2, 3, 4], 1);
    for (const perm of [[0, 1, 2], [2, 0, 1], [1, 2, 0], [2, 1, 0]]) {
      const y = dg.permute(x, perm);
      assert.deepEqual([...y.shape], perm.map((p) => x.shape[p]));
      for (const idx of indices(y.shape)) {
        const src = new Array<number>(3);
        perm.forEach((p, i) => { src[p] = idx[i]; });
        assert.equal(at(y, idx), at(x, src));
      }
    }
    const t = dg.transpose(x, 0, 2);
    assert.deepEqual([...t.shape], [4, 3, 2]);
    assert.equal(at(t, [3, 1, 0]), at(x, [0, 1, 3]));
    const m = f64([3, 5], 2);
    expectClose(m.T.T, m, { atol: 0, rtol: 0 });
    // Matrices across the 32 x 32 tiles of the 2-d transpose, edges included.
    for (const [r, c] of [[1, 1], [31, 33], [64, 70], [100, 3], [2, 97]]) {
      const a = f64([r, c], r + c), at2 = a.T;
      assert.deepEqual([...at2.shape], [c, r]);
      for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) assert.equal(at2.data[j * r + i], a.data[i * c + j], `[${r}, ${c}] at ${i}, ${j}`);
    }
    const ints = dg.tensor(Int32Array.from([1, 2, 3, 4, 5, 6]), { shape: [2, 3] });
    assert.deepEqual(ints.T.toArray(), [[1, 4], [2, 5], [3, 6]]);
  });
});

test('movement ops: gradients match finite differences', () => {
  dg.gradcheck((x) => dg.permute(x, [2, 0, 1]), [f64([2, 3, 4], 3)]);
  dg.gradcheck((x) => dg.transpose(x), [f64([3, 4], 4)]);
  dg.gradcheck((x) => dg.flatten(x, 1), [f64([2, 3, 2], 5)]);
  dg.gradcheck((x) => dg.squeeze(dg.unsqueeze(x, 1), 1), [f64([3, 2], 6)]);
  dg.gradcheck((x) => dg.expand(x, [4, 3, 2]), [f64([3, 1], 7)]);
  dg.gradcheck((a, b) => dg.concat([a, b], 1), [f64([2, 3], 8), f64([2, 2], 9)]);
  dg.gradcheck((a, b) => dg.stack([a, b], 2), [f64([2, 3], 10), f64([2, 3], 11)]);
  dg.gradcheck((x) => dg.split(x, [1, 3], 1)[1].mul(dg.split(x, 2, 1)[0].sum()), [f64([2, 4], 12)]);
  dg.gradcheck((x) => dg.chunk(x, 3, 0)[2], [f64([5, 2], 13)]);
  dg.gradcheck((x) => dg.narrow(x, 0, 1, 2), [f64([4, 3], 14)]);
  dg.gradcheck((x) => dg.reshape(x, [-1, 2]), [f64([3, 4], 15)]);
  dg.gradcheck((x) => dg.clone(x).mul(x), [f64([3], 16)]);
  // A float32 round trip keeps the gradient path (values are rounded, the derivative is 1).
  dg.gradcheck((x) => dg.cast(dg.cast(x, 'float32'), 'float64'), [f64([4], 17)], { eps: 1e-2, tol: 1e-4 });
});

test('expand repeats size-1 and leading dimensions', () => {
  const x = dg.tensor([[1], [2], [3]]);
  assert.deepEqual(dg.expand(x, [2, 3, 2]).toArray(), [[[1, 1], [2, 2], [3, 3]], [[1, 1], [2, 2], [3, 3]]]);
  assert.deepEqual(dg.expand(x, [-1, 2]).toArray(), [[1, 1], [2, 2], [3, 3]]);
  assert.throws(() => dg.expand(dg.zeros([2, 3]), [2, 4]), (e: Error) => e instanceof dg.ShapeError && /\[2, 3\]/.test(e.message) && /\[2, 4\]/.test(e.message));
});

test('concat, stack, split and chunk agree with each other and with PyTorch sizes', () => {
  const a = dg.tensor([[1, 2], [3, 4]]), b = dg.tensor([[5, 6]]);
  assert.deepEqual(dg.concat([a, b], 0).toArray(), [[1, 2], [3, 4], [5, 6]]);
  assert.deepEqual(dg.concat([a, dg.tensor([[7], [8]])], 1).toArray(), [[1, 2, 7], [3, 4, 8]]);
  assert.deepEqual(dg.stack([a, a], 1).shape, [2, 2, 2]);
  assert.deepEqual(dg.stack([a, a], 1).toArray(), [[[1, 2], [1, 2]], [[3, 4], [3, 4]]]);
  const x = dg.arange(10).reshape([5, 2]);
  assert.deepEqual(dg.split(x, 2).map((t) => t.shape[0]), [2, 2, 1]);
  assert.deepEqual(dg.chunk(x, 3).map((t) => t.shape[0]), [2, 2, 1]);
  assert.deepEqual(dg.chunk(dg.arange(6), 4).map((t) => t.shape[0]), [2, 2, 2]);
  assert.deepEqual(dg.concat(dg.split(x, [1, 4])).toArray(), x.toArray());
  const mixed = dg.concat([dg.tensor(Int32Array.from([1, 2])), dg.tensor([0.5])]);
  assert.equal(mixed.dtype, 'float32');
  assert.deepEqual([...mixed.data], [1, 2, 0.5]);
});

test('squeeze, unsqueeze and flatten follow PyTorch', () => {
  const x = dg.zeros([2, 1, 3, 1]);
  assert.deepEqual(dg.squeeze(x).shape, [2, 3]);
  assert.deepEqual(dg.squeeze(x, 1).shape, [2, 3, 1]);
  assert.deepEqual(dg.squeeze(x, 0).shape, [2, 1, 3, 1]);
  assert.deepEqual(dg.unsqueeze(dg.zeros([2, 3]), -1).shape, [2, 3, 1]);
  assert.deepEqual(dg.unsqueeze(dg.zeros([2, 3]), 0).shape, [1, 2, 3]);
  assert.deepEqual(dg.flatten(dg.zeros([2, 3, 4]), 1).shape, [2, 12]);
  assert.deepEqual(dg.flatten(dg.zeros([2, 3, 4])).shape, [24]);
});

test('movement ops reject bad dimensions and sizes, naming them', () => {
  assert.throws(() => dg.permute(dg.zeros([2, 3]), [0]), (e: Error) => e instanceof dg.ShapeError && /\[2, 3\]/.test(e.message));
  assert.throws(() => dg.permute(dg.zeros([2, 3]), [0, 0]), RangeError);
  assert.throws(() => dg.transpose(dg.zeros([2, 3]), 0, 2), (e: Error) => e instanceof RangeError && /axis 2/.test(e.message));
  assert.throws(() => dg.concat([dg.zeros([2, 3]), dg.zeros([2, 4])], 0),
    (e: Error) => e instanceof dg.ShapeError && /tensor 1/.test(e.message) && /\[2, 4\]/.test(e.message));
  assert.throws(() => dg.stack([dg.zeros([2]), dg.zeros([3])]), dg.ShapeError);
  assert.throws(() => dg.split(dg.zeros([5]), [2, 2]), (e: Error) => e instanceof dg.ShapeError && /add up to 5/.test(e.message));
  assert.throws(() => dg.narrow(dg.zeros([4]), 0, 3, 2), (e: Error) => e instanceof RangeError && /size 4/.test(e.message));
  assert.throws(() => dg.chunk(dg.zeros([4]), 0), RangeError);
});

test('slices of one tensor share one gradient buffer: retained graphs, repeated passes, overlaps', () => {
  const x = f64([4, 3], 30);
  const w = dg.tensor(seededData(12, 31), { shape: [4, 3], dtype: 'float64' });
  const expected = (scale: number): number[] => [...w.data].map((v) => v * scale);
  // Every row as its own slice, weighted by w: the gradient is w, with no slice left out.
  const loss = (): dg.Tensor => dg.stack(dg.split(x, 1, 0).map((r, i) => r.mul(dg.narrow(w, 0, i, 1))), 0).sum();
  const l = loss();
  l.backward(undefined, { retainGraph: true });
  expectClose(x.grad!, expected(1));
  l.backward();
  expectClose(x.grad!, expected(2));
  // A new forward after the graph was freed slices again from a fresh joint.
  loss().backward();
  expectClose(x.grad!, expected(3));
  // Overlapping slices add up.
  x.grad = null;
  dg.narrow(x, 1, 0, 2).sum().add(dg.narrow(x, 1, 1, 2).sum()).backward();
  assert.deepEqual([...x.grad!.data], [1, 2, 1, 1, 2, 1, 1, 2, 1, 1, 2, 1]);
});
