import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { sparseRowsDropoutLinear, sparseRowsMatmul } from '../../src/message/sparse-rows.js';
import { linear } from '../../src/tensor/linear.js';
import { expectClose, forEachBackend, seededData } from '../helpers.js';

/** A [rows, cols] float32 tensor with about `density` nonzeros (values in [-1, 1)). */
function bagOfWords(rows: number, cols: number, density: number, seed: number): dg.Tensor {
  const u = seededData(rows * cols, seed, 0, 1), v = seededData(rows * cols, seed + 1);
  const d = new Float32Array(rows * cols);
  for (let i = 0; i < d.length; i++) if (u[i] < density) d[i] = v[i];
  return dg.tensor(d, { shape: [rows, cols] });
}

const weight = (rows: number, cols: number, seed: number): dg.Tensor =>
  dg.tensor(Float32Array.from(seededData(rows * cols, seed)), { shape: [rows, cols], requiresGrad: true });

test('x W from the cached nonzeros of a read-only x equals the dense product, value and weight gradient', async () => {
  await forEachBackend(() => {
    const x = bagOfWords(60, 90, 0.03, 1), w = weight(90, 5, 2), gOut = dg.tensor(Float32Array.from(seededData(300, 3)), { shape: [60, 5] });
    const dense = dg.matmul(x, w);
    dg.sum(dg.mul(dense, gOut)).backward();
    const denseGrad = w.grad!;
    w.grad = null;
    assert.equal(sparseRowsMatmul(x, w), null, 'a tensor not promised read-only is not cached');
    dg.markReadOnly(x);
    const sparse = sparseRowsMatmul(x, w);
    assert.ok(sparse !== null, 'a read-only mostly-zero x takes the nonzeros');
    expectClose(sparse, dense, { atol: 1e-5, rtol: 1e-5 });
    dg.sum(dg.mul(sparse, gOut)).backward();
    expectClose(w.grad!, denseGrad, { atol: 1e-5, rtol: 1e-5 });
  });
});

test('the nonzeros path declines dense, gradient-needing or mis-shaped input and a non-finite weight', () => {
  const dense = dg.markReadOnly(bagOfWords(20, 30, 0.5, 4));
  assert.equal(sparseRowsMatmul(dense, weight(30, 4, 5)), null);
  const x = dg.markReadOnly(bagOfWords(20, 30, 0.02, 6));
  const w = weight(30, 4, 7);
  w.data[5] = Infinity;
  assert.equal(sparseRowsMatmul(x, w), null, '0 * Inf must stay NaN as densely');
  assert.equal(sparseRowsMatmul(x, weight(31, 4, 8)), null);
  const grad = dg.markReadOnly(bagOfWords(20, 30, 0.02, 9).setRequiresGrad());
  assert.equal(sparseRowsMatmul(grad, weight(30, 4, 10)), null);
});

test('dropout then Linear on the nonzeros draws the dense dropout mask: same output and weight gradient', async () => {
  await forEachBackend(() => {
    const x = dg.markReadOnly(bagOfWords(50, 70, 0.04, 11)), w = weight(6, 70, 12);
    const gOut = dg.tensor(Float32Array.from(seededData(300, 13)), { shape: [50, 6] });
    for (const [p, training] of [[0.6, true], [0.3, true], [0.6, false]] as const) {
      w.grad = null;
      const dense = linear(dg.dropout(x, p, training, new dg.Generator(21)), w);
      dg.sum(dg.mul(dense, gOut)).backward();
      const denseGrad = w.grad!;
      w.grad = null;
      const fused = sparseRowsDropoutLinear(x, p, training, w, new dg.Generator(21));
      assert.ok(fused !== null);
      expectClose(fused, dense, { atol: 1e-5, rtol: 1e-5 });
      dg.sum(dg.mul(fused, gOut)).backward();
      expectClose(w.grad!, denseGrad, { atol: 1e-5, rtol: 1e-5 });
    }
  });
});

test('GATConv and GraphConv give the same training step on read-only features as on a writable copy', async () => {
  await forEachBackend(() => {
    const g = dg.addSelfLoop(dg.graph([[0, 1, 2, 3, 4, 5, 1, 3], [1, 2, 3, 4, 5, 0, 4, 0]], { numNodes: 6 }));
    const ro = dg.markReadOnly(bagOfWords(6, 200, 0.04, 14)), rw = dg.tensor(ro.data.slice(), { shape: [6, 200] });
    for (const make of [() => new dg.nn.GATConv(200, 3, 2, { featDrop: 0.5, attnDrop: 0.2 }), () => new dg.nn.GraphConv(200, 3)]) {
      const outs: dg.Tensor[] = [], grads: dg.Tensor[] = [];
      for (const x of [ro, rw]) {
        dg.manualSeed(5);
        const layer = make();
        const y = layer.forward(g, x);
        dg.sum(dg.mul(y, y)).backward();
        outs.push(y);
        grads.push([...layer.parameters()].find((q) => q.shape[0] === 200 || q.shape[1] === 200)!.grad!);
      }
      expectClose(outs[0], outs[1], { atol: 1e-5, rtol: 1e-5 });
      expectClose(grads[0], grads[1], { atol: 1e-5, rtol: 1e-5 });
    }
  });
});
