import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { expectClose, forEachBackend, seededData } from '../helpers.js';
import { adjOf, graphCases, gradCases } from '../cases/graphs.js';
import { refEdgeSoftmax, refSegmentReduce } from '../reference/sparse.js';

const { ops } = dg;
const f64 = (shape: number[], seed: number, lo = -1, hi = 1): dg.Tensor =>
  dg.tensor(seededData(shape.reduce((a, b) => a * b, 1), seed, lo, hi), { shape, dtype: 'float64', requiresGrad: true });

test('edgeSoftmax: matches the reference, sums to 1 per destination, stable at ±1e4', () => forEachBackend(() => {
  for (const c of graphCases()) {
    const adj = adjOf(c), E = c.src.length;
    for (const normBy of ['dst', 'src'] as const) {
      const logits = f64([E, 2, 1], 5, -1e4, 1e4);
      const a = ops.edgeSoftmax(adj, logits, { normBy });
      assert.deepEqual([...a.shape], [E, 2, 1]);
      expectClose(a.data, refEdgeSoftmax(c, logits.data, 2, normBy), { atol: 1e-12, rtol: 1e-9 });
      const sums = ops.gspmm(normBy === 'dst' ? adj : adj.reverse(), 'copyRhs', 'sum', null, a);
      const deg = normBy === 'dst' ? adj.inDegrees() : adj.outDegrees();
      for (let i = 0; i < sums.size; i++) {
        assert.ok(Math.abs(sums.data[i] - (deg[i >> 1] > 0 ? 1 : 0)) < 1e-12, `${c.label} ${normBy}: sum ${sums.data[i]}`);
      }
    }
  }
}));

test('edgeSoftmax: gradients match finite differences', () => {
  for (const c of gradCases()) {
    const adj = adjOf(c);
    for (const normBy of ['dst', 'src'] as const) {
      dg.gradcheck((l) => ops.edgeSoftmax(adj, l, { normBy }), [f64([c.src.length, 2], 8)]);
    }
  }
});

test('edgeSoftmax: logits shifted by ±1e4 give the same values and gradients; exact ±1e4 stays finite', () => forEachBackend(() => {
  const c = graphCases().find((k) => k.label === 'random medium')!;
  const adj = adjOf(c), E = c.src.length;
  const base = seededData(E * 3, 31, -3, 3);
  const upstream = dg.tensor(seededData(E * 3, 32), { shape: [E, 3], dtype: 'float64' });
  const run = (shift: number): [dg.Tensor, dg.Tensor] => {
    const l = dg.tensor(base.map((v) => v + shift), { shape: [E, 3], dtype: 'float64', requiresGrad: true });
    const a = ops.edgeSoftmax(adj, l);
    a.backward(upstream);
    return [a, l.grad!];
  };
  const [a0, g0] = run(0);
  for (const shift of [1e4, -1e4]) {
    const [a, g] = run(shift);
    expectClose(a, a0, { atol: 1e-9 });
    expectClose(g, g0, { atol: 1e-9 });
  }
  // Logits of exactly +1e4 and -1e4 side by side: exp(1e4) overflows, the kernel must not.
  const extreme = dg.tensor(Float64Array.from({ length: E }, (_, e) => (e % 3 === 0 ? -1e4 : 1e4)), { shape: [E, 1], dtype: 'float64', requiresGrad: true });
  const a = ops.edgeSoftmax(adj, extreme);
  assert.ok(a.data.every((v) => Number.isFinite(v)), 'softmax of ±1e4 has a non-finite value');
  const sums = ops.copyESum(adj, a), deg = adj.inDegrees();
  for (let v = 0; v < sums.size; v++) assert.ok(Math.abs(sums.data[v] - (deg[v] > 0 ? 1 : 0)) < 1e-12, `node ${v} sums to ${sums.data[v]}`);
  a.backward(dg.tensor(seededData(E, 33), { shape: [E, 1], dtype: 'float64' }));
  assert.ok(extreme.grad!.data.every((v) => Number.isFinite(v)), 'gradient at ±1e4 has a non-finite value');
  dg.gradcheck((l) => ops.edgeSoftmax(adj, l), [dg.tensor(base.slice(0, E).map((v) => v + 1e4), { shape: [E, 1], dtype: 'float64', requiresGrad: true })],
    { eps: 1e-5, tol: 1e-5 });
}));

test('segmentReduce / segmentSoftmax / segmentBroadcast: reference values and gradients', () => forEachBackend(() => {
  const lengths = [2, 0, 3, 1];
  const x = f64([6, 2], 9);
  for (const r of ['sum', 'mean', 'max', 'min'] as const) {
    expectClose(ops.segmentReduce(lengths, x, r).data, refSegmentReduce(lengths, x.data, 2, r), { atol: 1e-12 });
    dg.gradcheck((t) => ops.segmentReduce(lengths, t, r), [x]);
  }
  const sm = ops.segmentSoftmax(lengths, x);
  expectClose(ops.segmentReduce(lengths, sm, 'sum').data, [1, 1, 0, 0, 1, 1, 1, 1], { atol: 1e-12 });
  dg.gradcheck((t) => ops.segmentSoftmax(lengths, t), [x]);
  const b = ops.segmentBroadcast([2, 0, 1], f64([3, 2], 10));
  expectClose(b.data, [...b.data.slice(0, 2), ...b.data.slice(0, 2), ...b.data.slice(4, 6)]);
  dg.gradcheck((t) => ops.segmentBroadcast([2, 0, 1], t), [f64([3, 2], 10)]);
  assert.throws(() => ops.segmentReduce([2, 2], x), (e: Error) => e instanceof dg.ShapeError && /6 rows/.test(e.message));
}));
