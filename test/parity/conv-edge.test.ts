// NNConv, GINEConv, EGATConv, GMMConv against dense per-edge references of DGL's docstring
// formulas; shape, toString and float64 gradient checks, on every backend.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { expectClose, forEachBackend } from '../helpers.js';
import { addVec, dot, f64, inEdgeLists, linearRef, row, scaleVec, smallGraph, softmaxRef } from './dense-ref.js';

const { nn } = dg;

test('NNConv: h_i = b + aggregate_j h_j W(e_ji), sum / mean / max; residual; gradients', () => forEachBackend(() => {
  const g = smallGraph(), x = f64([4, 3], 1, true), e = f64([8, 2], 2, true);
  for (const agg of ['sum', 'mean', 'max'] as const) {
    const edgeFunc = new nn.Linear(2, 3 * 5, { dtype: 'float64' });
    const conv = new nn.NNConv(3, 5, edgeFunc, { aggregatorType: agg, dtype: 'float64' });
    dg.nn.init.uniform(conv.bias!, -1, 1);
    const out = conv.forward(g, x, e);
    assert.deepEqual([...out.shape], [4, 5]);
    const lists = inEdgeLists(g);
    const expected = lists.flatMap((list, v) => Array.from({ length: 5 }, (_, o) => {
      // DGL reduces the [in, out] products per entry, then sums over in.
      let total = conv.bias!.data[o];
      for (let i = 0; i < 3; i++) {
        const terms = list.map(([u, eid]) => x.data[u * 3 + i] * linearRef(edgeFunc, row(e, eid))[i * 5 + o]);
        total += agg === 'sum' ? terms.reduce((a, b) => a + b, 0) : agg === 'mean' ? terms.reduce((a, b) => a + b, 0) / terms.length : Math.max(...terms);
      }
      return total;
    }));
    expectClose(out, expected, { atol: 1e-10 });
    dg.gradcheck((a, b) => conv.forward(g, a, b), [x, e, ...conv.parameters()]);
  }
  const res = new nn.NNConv(3, 4, new nn.Linear(2, 12), { residual: true });
  assert.equal(res.toString(), 'NNConv(3, 4, edgeFunc=Linear(2, 12), aggregator=mean)');
  assert.ok(res.resFc !== null);
  assert.throws(() => new nn.NNConv(3, 4, new nn.Linear(2, 12), { aggregatorType: 'lstm' as 'sum' }), /aggregatorType/);
  assert.throws(() => new nn.NNConv(3, 4, new nn.Linear(2, 7)).forward(g, dg.randn([4, 3]), dg.randn([8, 2])), /edgeFunc returned \[8, 7\]/);
}));

test('GINEConv: (1 + eps) h_i + sum_j ReLU(h_j + e_ji), then applyFunc; gradients', () => forEachBackend(() => {
  const g = smallGraph(), x = f64([4, 3], 3, true), e = f64([8, 3], 4, true);
  const mlp = new nn.Linear(3, 2, { dtype: 'float64' });
  const conv = new nn.GINEConv({ applyFunc: mlp, initEps: 0.25, learnEps: true, dtype: 'float64' });
  const out = conv.forward(g, x, e);
  assert.deepEqual([...out.shape], [4, 2]);
  const expected = inEdgeLists(g).flatMap((list, v) => {
    let h = scaleVec(row(x, v), 1.25);
    for (const [u, eid] of list) h = addVec(h, addVec(row(x, u), row(e, eid)).map((z) => Math.max(z, 0)));
    return linearRef(mlp, h);
  });
  expectClose(out, expected, { atol: 1e-10 });
  dg.gradcheck((a, b) => conv.forward(g, a, b), [x, e, ...conv.parameters()]);
  assert.equal(conv.toString(), `GINEConv(applyFunc=${mlp.toString()}, initEps=0.25, learnEps=true)`);
  assert.deepEqual([...conv.namedParameters()].map(([n]) => n), ['eps', 'applyFunc.weight', 'applyFunc.bias']);
}));

test('EGATConv: edge scores LeakyReLU(W_ni h_u + W_nj h_v + W_f f + b), softmax of a·f per destination, node sum', () => forEachBackend(() => {
  const g = smallGraph(), x = f64([4, 3], 5, true), e = f64([8, 2], 6, true);
  const conv = new nn.EGATConv(3, 2, 4, 3, 2, { dtype: 'float64' });
  dg.nn.init.uniform(conv.bias!, -0.5, 0.5);
  const [h, f, a] = conv.forward(g, x, e, { getAttention: true });
  assert.deepEqual([[...h.shape], [...f.shape], [...a.shape]], [[4, 2, 4], [8, 2, 3], [8, 2, 1]]);
  const [src, dst] = g.edges();
  const fRef = Array.from(src, (u, eid) => {
    const z = addVec(addVec(linearRef(conv.fcNi, row(x, u)), linearRef(conv.fcNj, row(x, dst[eid]))), linearRef(conv.fcFij, row(e, eid)));
    return addVec(z, Array.from(conv.bias!.data)).map((v) => (v > 0 ? v : 0.01 * v));
  });
  expectClose(f, fRef.flat(), { atol: 1e-10 });
  const lists = inEdgeLists(g);
  const hRef = lists.flatMap((list) => [0, 1].flatMap((k) => {
    const scores = list.map(([, eid]) => dot(fRef[eid].slice(k * 3, k * 3 + 3), Array.from(conv.attn.data.subarray(k * 3, k * 3 + 3))));
    const alpha = softmaxRef(scores);
    let acc = [0, 0, 0, 0];
    list.forEach(([u], i) => { acc = addVec(acc, scaleVec(linearRef(conv.fcNodeSrc, row(x, u)).slice(k * 4, k * 4 + 4), alpha[i])); });
    return acc;
  }));
  expectClose(h, hRef, { atol: 1e-10 });
  dg.gradcheck((p, q) => { const [ho, fo] = conv.forward(g, p, q); return dg.concat([ho.reshape([-1]), fo.reshape([-1])], 0); }, [x, e, ...conv.parameters()]);
  assert.equal(conv.toString(), 'EGATConv(3, 2, 4, 3, numHeads=2)');
}));

test('GMMConv: Gaussian kernel weights of pseudo-coordinates, summed over kernels after the aggregation', () => forEachBackend(() => {
  const g = smallGraph(), x = f64([4, 3], 7, true), pseudo = f64([8, 2], 8, true);
  const conv = new nn.GMMConv(3, 2, 2, 3, { aggregatorType: 'mean', dtype: 'float64' });
  dg.nn.init.uniform(conv.invSigma, 0.5, 1.5);
  const out = conv.forward(g, x, pseudo);
  assert.deepEqual([...out.shape], [4, 2]);
  const expected = inEdgeLists(g).flatMap((list) => Array.from({ length: 2 }, (_, o) => {
    let total = conv.bias!.data[o];
    for (let k = 0; k < 3; k++) {
      let s = 0;
      for (const [u, eid] of list) {
        let q = 0;
        for (let d = 0; d < 2; d++) q += -0.5 * (pseudo.data[eid * 2 + d] - conv.mu.data[k * 2 + d]) ** 2 * conv.invSigma.data[k * 2 + d] ** 2;
        s += Math.exp(q) * linearRef(conv.fc, row(x, u))[k * 2 + o];
      }
      total += s / list.length;
    }
    return total;
  }));
  expectClose(out, expected, { atol: 1e-10 });
  dg.gradcheck((a, b) => conv.forward(g, a, b), [x, pseudo, ...conv.parameters()]);
  assert.equal(conv.toString(), 'GMMConv(3, 2, dim=2, nKernels=3, aggregator=mean)');
  assert.throws(() => conv.forward(dg.graph([[0], [1]], { numNodes: 4 }), x, f64([1, 2], 1)), /0-in-degree/);
}));
