import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { clearBufferPool, pooledBytes } from '../../src/tensor/buffer-pool.js';
import { allocateUninit } from '../../src/tensor/dtype.js';
import { expectClose, forEachBackend, seededData } from '../helpers.js';

const t32 = (n: number, seed: number, requiresGrad = false): dg.Tensor =>
  dg.tensor(Float32Array.from(seededData(n, seed)), { shape: [n / 8, 8], requiresGrad });

/** The chain of op-overhead's benchmark, with the gradients of its parameters. */
function chainGrads(x: dg.Tensor, w: dg.Tensor, b: dg.Tensor): [number[], number[]] {
  w.grad = null; b.grad = null;
  const a = dg.relu(dg.add(dg.matmul(x, w), b));
  const h = dg.add(dg.tanh(dg.mul(a, x)), x);
  dg.sum(dg.mul(h, h)).backward();
  return [[...w.grad!.data], [...b.grad!.data]];
}

test('gradients a backward pass consumed go back to the pool, and the pool reuses them', async () => {
  await forEachBackend(() => {
    clearBufferPool();
    const x = t32(64, 1), w = dg.tensor(Float32Array.from(seededData(64, 2)), { shape: [8, 8], requiresGrad: true });
    const b = dg.tensor(Float32Array.from(seededData(8, 3)), { requiresGrad: true });
    chainGrads(x, w, b);
    assert.ok(pooledBytes() > 0, 'consumed intermediate gradients were released');
    const before = pooledBytes();
    allocateUninit('float32', 64);
    assert.equal(pooledBytes(), before - 256, 'an allocation of a released size takes a pooled buffer');
  });
});

test('leaf gradients and retained gradients are never handed out again', async () => {
  await forEachBackend(() => {
    clearBufferPool();
    const x = t32(64, 4), w = dg.tensor(Float32Array.from(seededData(64, 5)), { shape: [8, 8], requiresGrad: true });
    const b = dg.tensor(Float32Array.from(seededData(8, 6)), { requiresGrad: true });
    const [gw, gb] = chainGrads(x, w, b);
    const kept = [w.grad!, b.grad!];
    // More passes reuse the pool; the first pass's gradients must not change under them.
    for (let i = 0; i < 3; i++) chainGrads(x, w, b);
    expectClose(kept[0], gw, { atol: 0, rtol: 0 });
    expectClose(kept[1], gb, { atol: 0, rtol: 0 });
    const y = t32(64, 7, true);
    const mid = dg.tanh(dg.mul(y, y)).retainGrad();
    dg.sum(dg.mul(mid, 3)).backward();
    const midGrad = [...mid.grad!.data];
    for (let i = 0; i < 3; i++) chainGrads(x, w, b);
    expectClose(mid.grad!, midGrad, { atol: 0, rtol: 0 });
  });
});

test('one gradient reaching several inputs (x + x, a + b of one shape) is not released while held', async () => {
  await forEachBackend(() => {
    clearBufferPool();
    const x = t32(64, 8, true), y = t32(64, 9, true);
    // g flows unchanged to both inputs of each add; x also gets it twice.
    const s = dg.add(dg.add(dg.tanh(x), dg.tanh(x)), dg.add(dg.tanh(y), x));
    dg.sum(dg.mul(s, s)).backward();
    const tx = x.data, ty = y.data, sd = s.data;
    for (let i = 0; i < 64; i++) {
      const g = 2 * sd[i];
      const dx = g * 2 * (1 - Math.tanh(tx[i]) ** 2) + g, dy = g * (1 - Math.tanh(ty[i]) ** 2);
      assert.ok(Math.abs(x.grad!.data[i] - dx) < 1e-4 * (1 + Math.abs(dx)), `x.grad[${i}] ${x.grad!.data[i]} vs ${dx}`);
      assert.ok(Math.abs(y.grad!.data[i] - dy) < 1e-4 * (1 + Math.abs(dy)), `y.grad[${i}] ${y.grad!.data[i]} vs ${dy}`);
    }
    // Fill the pool's buffers with garbage through later allocations: the gradients above stay put.
    const gx = [...x.grad!.data], gy = [...y.grad!.data];
    while (pooledBytes() > 0) allocateUninit('float32', 64).fill(NaN);
    expectClose(x.grad!, gx, { atol: 0, rtol: 0 });
    expectClose(y.grad!, gy, { atol: 0, rtol: 0 });
    // The inner add hands one tensor to both its inputs, the first of which already has a gradient
    // to sum with: that tensor is still the second input's gradient after the sum (a matmul reads
    // it there, and would read its own output if the buffer had gone back to the pool).
    const p = t32(64, 12, true), q = t32(64, 13, true), m = t32(64, 14);
    const a = dg.tanh(p);
    dg.sum(dg.mul(dg.add(dg.add(a, dg.matmul(q, m)), a), 3)).backward();
    const ones = dg.tensor(new Float32Array(64).fill(3), { shape: [8, 8] });
    expectClose(q.grad!, dg.matmul(ones, dg.transpose(m, 0, 1)), { atol: 1e-5, rtol: 1e-5 });
    expectClose(p.grad!, p.data.map((v) => 6 * (1 - Math.tanh(v) ** 2)), { atol: 1e-5, rtol: 1e-5 });
    // A leaf and an intermediate receiving the same gradient: whichever the tape reaches second
    // must not give back the buffer the leaf's .grad now holds.
    for (const leafFirst of [true, false]) {
      const a = t32(64, 10, true), c = t32(64, 11, true);
      const out = leafFirst ? dg.add(a, dg.tanh(c)) : dg.add(dg.tanh(c), a);
      dg.sum(dg.mul(out, out)).backward();
      while (pooledBytes() > 0) allocateUninit('float32', 64).fill(NaN);
      expectClose(a.grad!, out.data.map((v) => 2 * v), { atol: 1e-6, rtol: 1e-6 });
    }
  });
});
