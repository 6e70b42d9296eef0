import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { expectClose, forEachBackend, seededData } from '../helpers.js';

const f64 = (shape: number[], seed: number, requiresGrad = true): dg.Tensor =>
  dg.tensor(seededData(shape.reduce((a, b) => a * b, 1), seed), { shape, dtype: 'float64', requiresGrad });

/** Triple-loop reference for [m,k] @ [k,n] on plain arrays. */
function naive(a: ArrayLike<number>, b: ArrayLike<number>, m: number, k: number, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i * k + p] * b[p * n + j];
      out.push(s);
    }
  }
  return out;
}

function transposed(x: ArrayLike<number>, rows: number, cols: number, Ctor: Float32ArrayConstructor | Float64ArrayConstructor) {
  const out = new Ctor(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = x[r * cols + c];
  return out;
}

test('backend matmul with transposed operands and broadcast batches matches a triple loop', async () => {
  await forEachBackend((_name, backend) => {
    // Sizes straddle the JS kernel's 4-row and 128/256 blocks.
    for (const [m, k, n] of [[1, 1, 1], [5, 3, 7], [9, 130, 6], [3, 300, 260], [0, 4, 3], [4, 0, 3]]) {
      for (const dtype of ['float32', 'float64'] as const) {
        const Ctor = dtype === 'float32' ? Float32Array : Float64Array;
        const batch = 2;
        const a = Ctor.from(seededData(batch * m * k, m + k));
        const b = Ctor.from(seededData(batch * k * n, n + 7));
        const expected: number[] = [];
        for (let bt = 0; bt < batch; bt++) {
          expected.push(...naive(a.subarray(bt * m * k), b.subarray(bt * k * n), m, k, n));
        }
        const tol = dtype === 'float32' ? { atol: 1e-4, rtol: 1e-4 } : { atol: 1e-12, rtol: 1e-12 };
        for (const transA of [false, true]) {
          for (const transB of [false, true]) {
            const aa = new Ctor(batch * m * k), bb = new Ctor(batch * k * n);
            for (let bt = 0; bt < batch; bt++) {
              aa.set(transA ? transposed(a.subarray(bt * m * k, (bt + 1) * m * k), m, k, Ctor) : a.subarray(bt * m * k, (bt + 1) * m * k), bt * m * k);
              bb.set(transB ? transposed(b.subarray(bt * k * n, (bt + 1) * k * n), k, n, Ctor) : b.subarray(bt * k * n, (bt + 1) * k * n), bt * k * n);
            }
            const out = new Ctor(batch * m * n).fill(NaN);
            backend.matmul(aa, bb, out, batch, m, k, n, transA, transB, m * k, k * n);
            expectClose(out, expected, tol);
            // Stride 0 broadcasts the first b over both batches.
            const outB = new Ctor(batch * m * n);
            backend.matmul(aa, bb, outB, batch, m, k, n, transA, transB, m * k, 0);
            const first = naive(a.subarray(m * k), b, m, k, n);
            expectClose(outB.subarray(m * n), first, tol);
          }
        }
      }
    }
  });
});

test('matmul shapes follow PyTorch for 1-D, 2-D and 3-D operands', () => {
  const v = dg.tensor([1, 2, 3]), m = dg.tensor([[1, 0], [0, 1], [1, 1]]);
  assert.deepEqual(dg.matmul(v, v).shape, []);
  assert.equal(dg.matmul(v, v).item(), 14);
  assert.deepEqual(dg.matmul(v, m).toArray(), [4, 5]);
  assert.deepEqual(dg.matmul(m.T, v).toArray(), [4, 5]);
  assert.deepEqual(dg.matmul(dg.zeros([4, 2, 3]), m).shape, [4, 2, 2]);
  assert.deepEqual(dg.matmul(m.T, dg.zeros([4, 3, 5])).shape, [4, 2, 5]);
  assert.deepEqual(dg.matmul(dg.zeros([4, 2, 3]), dg.zeros([4, 3, 5])).shape, [4, 2, 5]);
  assert.equal(dg.matmul(dg.zeros([2, 2], { dtype: 'float32' }), dg.zeros([2, 2], { dtype: 'float64' })).dtype, 'float64');
});

test('matmul: gradients match finite differences for every operand layout', () => {
  dg.gradcheck(dg.matmul, [f64([3, 4], 1), f64([4, 2], 2)]);
  dg.gradcheck(dg.matmul, [f64([2, 3, 4], 3), f64([2, 4, 2], 4)]);
  dg.gradcheck(dg.matmul, [f64([2, 3, 4], 5), f64([4, 2], 6)]);
  dg.gradcheck(dg.matmul, [f64([3, 4], 7), f64([2, 4, 2], 8)]);
  dg.gradcheck(dg.matmul, [f64([4], 9), f64([4, 3], 10)]);
  dg.gradcheck(dg.matmul, [f64([3, 4], 11), f64([4], 12)]);
  dg.gradcheck(dg.matmul, [f64([4], 13), f64([4], 14)]);
  dg.gradcheck((a) => dg.matmul(a, a.T), [f64([3, 2], 15)]);
});

test('matmul errors name both shapes and the dtype', () => {
  assert.throws(() => dg.matmul(dg.zeros([2, 3]), dg.zeros([4, 2])),
    (e: Error) => e instanceof dg.ShapeError && /matmul/.test(e.message) && /\[2, 3\]/.test(e.message) && /\[4, 2\]/.test(e.message));
  assert.throws(() => dg.matmul(dg.zeros([2, 2, 3]), dg.zeros([3, 3, 2])), dg.ShapeError);
  assert.throws(() => dg.matmul(dg.zeros([2, 2, 2, 2]), dg.zeros([2, 2])), dg.ShapeError);
  assert.throws(() => dg.matmul(dg.tensor(Int32Array.from([1, 2])), dg.zeros([2])),
    (e: Error) => e instanceof dg.DTypeError && /int32/.test(e.message));
});
