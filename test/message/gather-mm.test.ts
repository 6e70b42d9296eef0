import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { expectClose, forEachBackend, seededData } from '../helpers.js';

const f64 = (shape: number[], seed: number): dg.Tensor =>
  dg.tensor(seededData(shape.reduce((a, b) => a * b, 1), seed), { shape, dtype: 'float64', requiresGrad: true });

/** out[i] = x[i] @ w[types[i]] with plain loops. */
function naive(x: dg.Tensor, w: dg.Tensor, types: ArrayLike<number>): number[] {
  const [M, k] = x.shape, n = w.shape[2];
  const out: number[] = [];
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let c = 0; c < k; c++) s += x.data[i * k + c] * w.data[(types[i] * k + c) * n + j];
      out.push(s);
    }
  }
  return out;
}

test('segmentMm and gatherMm equal per-row products with the weight of each type; gradients check', () => forEachBackend(() => {
  const x = f64([7, 3], 1), w = f64([3, 3, 2], 2);
  const lens = [3, 0, 4];
  const segTypes = [0, 0, 0, 2, 2, 2, 2];
  const seg = dg.ops.segmentMm(x, w, lens);
  assert.deepEqual([...seg.shape], [7, 2]);
  expectClose(seg, naive(x, w, segTypes), { atol: 1e-12, rtol: 1e-12 });
  dg.gradcheck((a, b) => dg.ops.segmentMm(a, b, lens), [x, w]);

  const types = Int32Array.from([2, 0, 1, 2, 0, 1, 1]);
  const gm = dg.ops.gatherMm(x, w, types);
  expectClose(gm, naive(x, w, types), { atol: 1e-12, rtol: 1e-12 });
  dg.gradcheck((a, b) => dg.ops.gatherMm(a, b, types), [x, w]);
}));

test('segmentMm and gatherMm name bad shapes and ids', () => {
  const x = f64([4, 3], 3), w = f64([2, 3, 2], 4);
  assert.throws(() => dg.ops.segmentMm(x, w, [1, 2]), /sum to 3 but the input has 4 rows/);
  assert.throws(() => dg.ops.segmentMm(x, w, [1, 1, 2]), /3 segment lengths for w with 2 types/);
  assert.throws(() => dg.ops.gatherMm(x, f64([2, 4, 2], 5), [0, 0, 1, 1]), (e: Error) =>
    e instanceof dg.ShapeError && /\[4, 3\]/.test(e.message) && /\[2, 4, 2\]/.test(e.message));
  assert.throws(() => dg.ops.gatherMm(x, w, Int32Array.from([0, 2, 1, 1])), /type id 2 at position 1 is out of range \[0, 2\)/);
  assert.throws(() => dg.ops.gatherMm(x, w, Int32Array.from([0, 1])), /2 type ids for x with 4 rows/);
});
