import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { expectClose, forEachBackend, seededData } from '../helpers.js';

const f64 = (shape: number[], seed: number, lo = -1, hi = 1): dg.Tensor =>
  dg.tensor(seededData(shape.reduce((a, b) => a * b, 1), seed, lo, hi), { shape, dtype: 'float64', requiresGrad: true });

test('add broadcasts like NumPy', () => {
  const a = dg.tensor([[1, 2, 3], [4, 5, 6]]);
  const b = dg.tensor([10, 20, 30]);
  expectClose(dg.add(a, b), dg.tensor([[11, 22, 33], [14, 25, 36]]));
  expectClose(a.add(1), dg.tensor([[2, 3, 4], [5, 6, 7]]));
});

test('binary ops: gradients match finite differences, with broadcasting', () => {
  const cases: [string, (a: dg.Tensor, b: dg.Tensor) => dg.Tensor][] = [
    ['add', dg.add], ['sub', dg.sub], ['mul', dg.mul], ['div', dg.div],
    ['maximum', dg.maximum], ['minimum', dg.minimum],
  ];
  const shapes: [number[], number[]][] = [[[3, 4], [3, 4]], [[3, 4], [4]], [[2, 1, 4], [3, 1]], [[], [2, 3]]];
  for (const [name, f] of cases) {
    for (const [sa, sb] of shapes) {
      const a = f64(sa, 1), b = f64(sb, 2, 0.5, 2);
      assert.doesNotThrow(() => dg.gradcheck(f, [a, b]), `${name} ${JSON.stringify(sa)} x ${JSON.stringify(sb)}`);
    }
  }
  dg.gradcheck((a, b) => dg.pow(a, b), [f64([3, 2], 3, 0.5, 2), f64([2], 4, 0.5, 2)]);
  dg.gradcheck((a) => dg.pow(a, 3), [f64([5], 5)]);
});

test('unary ops: gradients match finite differences', () => {
  const positive = f64([4, 3], 7, 0.2, 3);
  const any = f64([4, 3], 8);
  for (const f of [dg.exp, dg.neg, dg.abs, dg.square]) dg.gradcheck(f, [any]);
  for (const f of [dg.log, dg.sqrt, dg.reciprocal]) dg.gradcheck(f, [positive]);
  dg.gradcheck((x) => dg.clamp(x, -0.5, 0.5), [any]);
  dg.gradcheck((c) => dg.where(dg.gt(c, 0), c, dg.mul(c, 2)), [any]);
});

test('shape mismatch names the operation and both shapes', () => {
  assert.throws(() => dg.add(dg.zeros([2, 3]), dg.zeros([4])), (e: Error) =>
    e instanceof dg.ShapeError && /add/.test(e.message) && /\[2, 3\]/.test(e.message) && /\[4\]/.test(e.message));
});

test('backward: accumulation, non-scalar error, noGrad, freed graph', () => {
  const x = dg.tensor([1, 2, 3], { requiresGrad: true });
  x.mul(x).sum().backward();
  x.mul(2).sum().backward();
  expectClose(x.grad!, dg.tensor([4, 6, 8]));
  assert.throws(() => x.mul(2).backward(), /without a gradient/);
  const y = dg.noGrad(() => x.mul(3));
  assert.equal(y.requiresGrad, false);
  const z = x.mul(x).sum();
  z.backward();
  assert.throws(() => z.backward(), /already freed/);
});

test('small same-shape + - * / and relu / neg (computed without the backend) give the backend kernel\'s bits, on every backend', async () => {
  const specials = [NaN, -0, 0, Infinity, -Infinity, 1e-45, 3.4e38, -2.5];
  await forEachBackend((name, backend) => {
    for (const dtype of ['float32', 'float64'] as const) {
      // 4096 elements is the largest size the small path takes; 4097 goes to the backend on both sides.
      for (const n of [1, 7, 4096, 4097]) {
        const mk = (seed: number): dg.Tensor => {
          const d = seededData(n, seed, -3, 3);
          for (let i = 0; i < Math.min(n, specials.length); i++) d[(i * 5 + seed) % n] = specials[i];
          return dg.tensor(d, { shape: [n], dtype });
        };
        const a = mk(1), b = mk(2);
        for (const op of ['add', 'sub', 'mul', 'div'] as const) {
          const want = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
          backend.binary(op, a.data as Float32Array, [n], b.data as Float32Array, [n], want, [n]);
          assert.deepEqual(dg[op](a, b).data, want, `${name} ${dtype} ${op} n=${n}`);
        }
        for (const op of ['relu', 'neg'] as const) {
          const want = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
          backend.unary(op, a.data as Float32Array, want);
          assert.deepEqual(dg[op](a).data, want, `${name} ${dtype} ${op} n=${n}`);
        }
      }
    }
  });
});
