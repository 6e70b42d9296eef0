import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { SparseFeatures } from '../../src/cli/sparse-input.js';
import { expectClose, seededData } from '../helpers.js';

/** A [6, 5] matrix with about half its entries zero. */
function sparseDense(): dg.Tensor {
  const v = seededData(30, 7, -1, 1);
  return dg.tensor(Float32Array.from(v, (x) => (x > 0 ? x : 0)), { shape: [6, 5] });
}

test('SparseFeatures.matmul equals the dense product, and its weight gradient too', () => {
  const x = sparseDense();
  const sx = SparseFeatures.fromDense(x);
  assert.equal(sx.values.length, Array.from(x.data).filter((v) => v !== 0).length);
  const w1 = dg.tensor(Float32Array.from(seededData(15, 3)), { shape: [5, 3], requiresGrad: true });
  const w2 = dg.tensor(Float32Array.from(w1.data), { shape: [5, 3], requiresGrad: true });
  const upstream = dg.tensor(Float32Array.from(seededData(18, 11)), { shape: [6, 3] });
  const ys = sx.matmul(w1);
  const yd = dg.matmul(x, w2);
  expectClose(ys, yd, { atol: 1e-5 });
  dg.sum(dg.mul(ys, upstream)).backward();
  dg.sum(dg.mul(yd, upstream)).backward();
  expectClose(w1.grad!, w2.grad!, { atol: 1e-5 });
});

test('SparseFeatures.matmul drops nonzeros with probability p and scales the rest by 1/(1-p)', () => {
  const x = sparseDense();
  const sx = SparseFeatures.fromDense(x);
  const eye = dg.eye(5);
  dg.manualSeed(1);
  const y = sx.matmul(eye, 0.5, true);
  let kept = 0, dropped = 0;
  for (let i = 0; i < 30; i++) {
    if (x.data[i] === 0) { assert.equal(y.data[i], 0); continue; }
    if (y.data[i] === 0) dropped++;
    else { kept++; assert.ok(Math.abs(y.data[i] - 2 * x.data[i]) < 1e-6); }
  }
  assert.ok(kept > 0 && dropped > 0, `kept ${kept}, dropped ${dropped}`);
  // Not training: no dropout.
  expectClose(sx.matmul(eye, 0.5, false), x);
  assert.throws(() => sx.matmul(dg.eye(4)), /weight shape \[4, 4\] does not start with 5/);
});
