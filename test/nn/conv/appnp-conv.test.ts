import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../../src/index.js';
import { APPNPConv } from '../../../src/nn/index.js';
import { expectClose, forEachBackend } from '../../helpers.js';
import { f64, fourNodeGraph } from './helpers.js';

test('APPNPConv: shape, toString, no parameters, k = 0 and alpha = 1 return the input', () => {
  const g = fourNodeGraph();
  const x = dg.randn([4, 3]);
  const conv = new APPNPConv(10, 0.1);
  assert.deepEqual([...conv.forward(g, x).shape], [4, 3]);
  assert.equal(String(conv), 'APPNPConv(k=10, alpha=0.1)');
  assert.equal(String(new APPNPConv(3, 0.2, { edgeDrop: 0.5 })), 'APPNPConv(k=3, alpha=0.2, edgeDrop=0.5)');
  assert.equal(conv.parameters().length, 0);
  expectClose(new APPNPConv(0, 0.1).forward(g, x), x);
  expectClose(new APPNPConv(4, 1).forward(g, x), x);
  assert.throws(() => new APPNPConv(-1, 0.1), /k must be/);
  assert.throws(() => new APPNPConv(2, 1.5), /alpha/);
  assert.throws(() => conv.forward(dg.bipartite([[0], [1]], { numSrc: 2, numDst: 3 }), dg.randn([2, 3])), /sources are its destinations/);
});

/** k steps of (1 - alpha) * sum_j h_j / sqrt(outdeg(j) indeg(i)) + alpha * h0, in UDFs through updateAll. */
function udfAppnp(x: dg.Tensor, k: number, alpha: number, w: dg.Tensor | null): dg.Tensor {
  const g = fourNodeGraph();
  const col = (d: Int32Array | number, pw: number): dg.Tensor =>
    dg.tensor(Float64Array.from(d as Int32Array, (v) => Math.max(v, 1) ** pw), { shape: [4, 1] });
  g.ndata.set('ns', col(g.outDegrees(), -0.5));
  g.ndata.set('nd', col(g.inDegrees(), -0.5));
  if (w !== null) {
    // Weighted degrees for edgeWeightNorm('both').
    g.edata.set('w', w.reshape([-1, 1]));
    g.updateAll((e) => ({ m: e.data.w }), (n) => ({ inW: dg.sum(n.mailbox.m, 1) }));
    const r = dg.reverse(g);
    r.edata.set('w', w.reshape([-1, 1]));
    r.updateAll((e) => ({ m: e.data.w }), (n) => ({ outW: dg.sum(n.mailbox.m, 1) }));
    g.ndata.set('ns', dg.pow(r.ndata.get('outW'), -0.5));
    g.ndata.set('nd', dg.pow(g.ndata.get('inW'), -0.5));
  }
  let h = x;
  for (let s = 0; s < k; s++) {
    g.ndata.set('h', h);
    g.updateAll((e) => {
      const m = dg.mul(dg.mul(e.src.h, e.src.ns), e.dst.nd);
      return { m: w === null ? m : dg.mul(m, e.data.w) };
    }, (n) => ({ h: dg.sum(n.mailbox.m, 1) }));
    h = dg.add(dg.mul(g.ndata.get('h'), 1 - alpha), dg.mul(x, alpha));
  }
  return h;
}

test('APPNPConv: equals the UDF formulation, with and without edge weights', () => forEachBackend(() => {
  const g = fourNodeGraph();
  const x = f64([4, 3], 1, -1, 1, false), w = f64([g.numEdges()], 2, 0.2, 1.5, false);
  expectClose(new APPNPConv(3, 0.2).forward(g, x), udfAppnp(x, 3, 0.2, null), { atol: 1e-12 });
  expectClose(new APPNPConv(3, 0.2).forward(g, x, { edgeWeight: w }), udfAppnp(x, 3, 0.2, w), { atol: 1e-12 });
}));

test('APPNPConv: float64 gradients for features and edge weights; edge dropout only while training', () => {
  const g = fourNodeGraph();
  const x = f64([4, 3], 3), w = f64([g.numEdges()], 4, 0.2, 1.5);
  const conv = new APPNPConv(3, 0.3);
  dg.gradcheck(() => conv.forward(g, x), [x]);
  dg.gradcheck(() => conv.forward(g, x, { edgeWeight: w }), [x, w]);
  const drop = new APPNPConv(2, 0.1, { edgeDrop: 0.5 });
  const a = drop.forward(g, x), b = drop.forward(g, x);
  assert.notDeepEqual([...a.data], [...b.data]);
  drop.eval();
  expectClose(drop.forward(g, x), new APPNPConv(2, 0.1).forward(g, x), { atol: 1e-12 });
  assert.throws(() => conv.forward(g, x, { edgeWeight: dg.neg(w) }), /non-positive edge weight/);
});
