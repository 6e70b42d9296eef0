import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../../src/index.js';
import { SGConv, edgeWeightNorm } from '../../../src/nn/index.js';
import { expectClose, forEachBackend } from '../../helpers.js';
import { f64, fourNodeGraph, gradcheckModule, zeroInDegreeGraph } from './helpers.js';

test('SGConv: shape, toString, parameters', () => {
  const conv = new SGConv(5, 3, { k: 2 });
  assert.deepEqual([...conv.forward(fourNodeGraph(), dg.randn([4, 5])).shape], [4, 3]);
  assert.equal(String(conv), 'SGConv(5, 3, k=2)');
  assert.equal(String(new SGConv(1433, 7, { cached: true, bias: false })), 'SGConv(1433, 7, k=1, cached=true, bias=false)');
  assert.deepEqual([...conv.namedParameters()].map(([n]) => n), ['fc.weight', 'fc.bias']);
});

/** (D^-1/2 A D^-1/2)^k x with in-degrees on both sides, in UDFs, then the layer's own linear map. */
function udfSg(conv: SGConv, x: dg.Tensor, w: dg.Tensor | null): dg.Tensor {
  const g = fourNodeGraph();
  g.ndata.set('n', dg.tensor(Float64Array.from(g.inDegrees() as Int32Array, (d) => Math.max(d, 1) ** -0.5), { shape: [4, 1] }));
  if (w !== null) g.edata.set('w', edgeWeightNorm(g, w).reshape([-1, 1]));
  let h = x;
  for (let s = 0; s < conv.k; s++) {
    g.ndata.set('h', h);
    g.updateAll((e) => ({ m: w === null ? dg.mul(dg.mul(e.src.h, e.src.n), e.dst.n) : dg.mul(e.src.h, e.data.w) }),
      (n) => ({ h: dg.sum(n.mailbox.m, 1) }));
    h = g.ndata.get('h');
  }
  return conv.fc.forward(h);
}

test('SGConv: equals the UDF formulation (k = 1, 3; with edge weights)', () => forEachBackend(() => {
  const g = fourNodeGraph();
  const x = f64([4, 3], 1, -1, 1, false), w = f64([g.numEdges()], 2, 0.2, 1.5, false);
  for (const k of [1, 3]) {
    const conv = new SGConv(3, 2, { k, dtype: 'float64' });
    dg.nn.init.uniform(conv.fc.bias!, -0.5, 0.5);
    expectClose(conv.forward(g, x), udfSg(conv, x, null), { atol: 1e-12 });
    expectClose(conv.forward(g, x, { edgeWeight: w }), udfSg(conv, x, w), { atol: 1e-12 });
  }
}));

test('SGConv: float64 gradients; cached propagation is reused until clearCache', () => {
  const g = fourNodeGraph();
  const conv = new SGConv(3, 2, { k: 2, dtype: 'float64' });
  const x = f64([4, 3], 3), w = f64([g.numEdges()], 4, 0.2, 1.5);
  gradcheckModule(conv, [x], () => conv.forward(g, x));
  gradcheckModule(conv, [x, w], () => conv.forward(g, x, { edgeWeight: w }));

  const cached = new SGConv(3, 2, { k: 2, cached: true, dtype: 'float64' });
  const first = cached.forward(g, x);
  const other = f64([4, 3], 5, -1, 1, false);
  expectClose(cached.forward(g, other), first, { atol: 0 });
  cached.clearCache();
  expectClose(cached.forward(g, other), udfSg(cached, other, null), { atol: 1e-12 });
  gradcheckModule(cached, [], () => cached.forward(g, other));
});

test('SGConv: zero-in-degree check, norm callable, bad features', () => {
  assert.throws(() => new SGConv(3, 2).forward(zeroInDegreeGraph(), dg.randn([4, 3])), /0-in-degree/);
  assert.doesNotThrow(() => new SGConv(3, 2, { allowZeroInDegree: true }).forward(zeroInDegreeGraph(), dg.randn([4, 3])));
  const g = fourNodeGraph();
  const x = f64([4, 3], 6, -1, 1, false);
  const seen: number[][] = [];
  const conv = new SGConv(3, 2, { dtype: 'float64', norm: (h) => { seen.push([...h.shape]); return dg.mul(h, 2); } });
  const plain = new SGConv(3, 2, { dtype: 'float64' });
  plain.loadStateDict(conv.stateDict());
  expectClose(conv.forward(g, x), plain.forward(g, dg.mul(x, 2)), { atol: 1e-12 });
  assert.deepEqual(seen, [[4, 3]]);
  assert.throws(() => plain.forward(g, dg.randn([4, 5])), /\[4, 5\].*\[4, 3\]/);
});
