import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { forEachBackend, seededData } from '../helpers.js';

const f64 = (shape: number[], seed: number, requiresGrad = true): dg.Tensor =>
  dg.tensor(seededData(shape.reduce((a, b) => a * b, 1), seed), { shape, dtype: 'float64', requiresGrad });
const ids = (v: number[], shape?: number[]): dg.Tensor => dg.tensor(Int32Array.from(v), shape ? { shape } : {});

test('indexSelect picks slices along any dimension, repeats included, on every backend', async () => {
  await forEachBackend(() => {
    const x = f64([3, 4, 2], 1, false);
    const idx = [2, 0, 2];
    for (const dim of [0, 1, 2]) {
      const pick = dim === 2 ? [1, 1, 0] : idx;
      const y = dg.indexSelect(x, dim, pick);
      const xa = x.toArray() as number[][][];
      const ya = y.toArray() as number[][][];
      for (let i = 0; i < y.shape[0]; i++) {
        for (let j = 0; j < y.shape[1]; j++) {
          for (let k = 0; k < y.shape[2]; k++) {
            const src = [i, j, k];
            src[dim] = pick[src[dim]];
            assert.equal(ya[i][j][k], xa[src[0]][src[1]][src[2]]);
          }
        }
      }
    }
    const ints = dg.tensor(Int32Array.from([10, 11, 12, 13]), { shape: [4] });
    assert.deepEqual([...dg.indexSelect(ints, 0, [3, 0]).data], [13, 10]);
  });
});

test('indexAdd and scatterAdd accumulate repeated indices like PyTorch', () => {
  const x = dg.zeros([3, 2], { dtype: 'float64' });
  const src = dg.tensor([[1, 2], [3, 4], [5, 6]], { dtype: 'float64' });
  assert.deepEqual(dg.indexAdd(x, 0, [2, 0, 2], src).toArray(), [[3, 4], [0, 0], [6, 8]]);
  assert.deepEqual(dg.indexAdd(dg.ones([2, 3], { dtype: 'float64' }), 1, [0, 0], dg.ones([2, 2], { dtype: 'float64' })).toArray(),
    [[3, 1, 1], [3, 1, 1]]);
  // torch.zeros(2,3).scatter_add_(1, [[0,2],[1,1]], [[1,2],[3,4]])
  const s = dg.scatterAdd(dg.zeros([2, 3], { dtype: 'float64' }), 1, ids([0, 2, 1, 1], [2, 2]),
    dg.tensor([[1, 2], [3, 4]], { dtype: 'float64' }));
  assert.deepEqual(s.toArray(), [[1, 0, 2], [0, 7, 0]]);
  // torch.gather(t, 1, [[0,0],[1,0]]) with t = [[1,2],[3,4]]
  assert.deepEqual(dg.gather(dg.tensor([[1, 2], [3, 4]]), 1, ids([0, 0, 1, 0], [2, 2])).toArray(), [[1, 1], [4, 3]]);
});

test('maskedSelect and maskedFill broadcast the mask', () => {
  const x = dg.tensor([[1, 2, 3], [4, 5, 6]]);
  const mask = dg.tensor(Uint8Array.from([1, 0, 1]), { dtype: 'bool' });
  assert.deepEqual([...dg.maskedSelect(x, mask).data], [1, 3, 4, 6]);
  assert.deepEqual(dg.maskedFill(x, mask, -1).toArray(), [[-1, 2, -1], [-1, 5, -1]]);
  const xi = dg.tensor(Int32Array.from([1, 2, 3]));
  assert.deepEqual([...dg.maskedFill(xi, mask, 0).data], [0, 2, 0]);
});

test('indexing ops: gradients match finite differences', () => {
  dg.gradcheck((x) => dg.indexSelect(x, 0, [2, 0, 2, 1]), [f64([3, 2], 2)]);
  dg.gradcheck((x) => dg.indexSelect(x, 1, [1, 1]), [f64([2, 3, 2], 3)]);
  dg.gradcheck((x, s) => dg.indexAdd(x, 0, [1, 1, 0], s), [f64([2, 3], 4), f64([3, 3], 5)]);
  dg.gradcheck((x, s) => dg.scatterAdd(x, 0, ids([1, 0, 1, 1], [2, 2]), s), [f64([2, 3], 6), f64([3, 2], 7)]);
  dg.gradcheck((x) => dg.gather(x, 1, ids([2, 0, 0, 1], [2, 2])), [f64([2, 3], 8)]);
  const mask = dg.tensor(Uint8Array.from([0, 1, 1, 0, 1, 0]), { shape: [2, 3], dtype: 'bool' });
  dg.gradcheck((x) => dg.maskedSelect(x, mask), [f64([2, 3], 9)]);
  dg.gradcheck((x) => dg.maskedFill(x, mask, 2), [f64([2, 3], 10)]);
  dg.gradcheck((x) => dg.maskedSelect(x, dg.tensor(Uint8Array.from([1, 0]), { dtype: 'bool' })), [f64([3, 2], 11)]);
});

test('an index out of range is a RangeError naming the index and the bound', () => {
  const x = dg.zeros([3, 2]);
  assert.throws(() => dg.indexSelect(x, 0, [0, 3]), (e: Error) => e instanceof RangeError && /index 3/.test(e.message) && /\[0, 3\)/.test(e.message));
  assert.throws(() => dg.indexSelect(x, 0, [-1]), (e: Error) => e instanceof RangeError && /-1/.test(e.message));
  assert.throws(() => dg.indexSelect(x, 0, [0.5]), RangeError);
  assert.throws(() => dg.indexAdd(x, 1, [2], dg.zeros([3, 1])), (e: Error) => e instanceof RangeError && /\[0, 2\)/.test(e.message));
  assert.throws(() => dg.scatterAdd(x, 0, ids([5, 0], [1, 2]), dg.zeros([1, 2])), (e: Error) => e instanceof RangeError && /index 5/.test(e.message));
  assert.throws(() => dg.indexSelect(x, 0, dg.tensor([0, 1])), (e: Error) => e instanceof dg.DTypeError && /int32/.test(e.message));
  assert.throws(() => dg.indexAdd(x, 0, [0], dg.zeros([2, 2])), (e: Error) => e instanceof dg.ShapeError && /\[2, 2\]/.test(e.message));
  assert.throws(() => dg.maskedSelect(x, dg.zeros([3, 2])), dg.DTypeError);
});
