// AGNNConv, DotGatConv and PNAConv against dense references of DGL's formulas; shapes, toString,
// float64 gradient checks, on every backend.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { expectClose, forEachBackend } from '../helpers.js';
import { addVec, dot, f64, inEdgeLists, linearRef, row, scaleVec, smallGraph, softmaxRef } from './dense-ref.js';

const { nn } = dg;

test('AGNNConv: softmax_j(beta cos(h_i, h_j)) weighted sum; zero in-degree refused', () => forEachBackend(() => {
  const g = smallGraph(), x = f64([4, 3], 11, true);
  const conv = new nn.AGNNConv({ initBeta: 0.7, dtype: 'float64' });
  const out = conv.forward(g, x);
  const cos = (a: number[], b: number[]): number => dot(a, b) / (Math.sqrt(dot(a, a)) * Math.sqrt(dot(b, b)));
  const expected = inEdgeLists(g).flatMap((list, v) => {
    const alpha = softmaxRef(list.map(([u]) => 0.7 * cos(row(x, v), row(x, u))));
    return list.reduce((acc: number[], [u], i) => addVec(acc, scaleVec(row(x, u), alpha[i])), [0, 0, 0]);
  });
  expectClose(out, expected, { atol: 1e-10 });
  dg.gradcheck((a) => conv.forward(g, a), [x, ...conv.parameters()]);
  assert.equal(conv.toString(), 'AGNNConv(initBeta=0.7, learnBeta=true)');
  assert.deepEqual([...new nn.AGNNConv({ learnBeta: false }).namedBuffers()].map(([n]) => n), ['beta']);
  assert.throws(() => conv.forward(dg.graph([[0], [1]], { numNodes: 4 }), x), /0-in-degree/);
}));

test('DotGatConv: per head softmax_j((W h_i)·(W h_j) / sqrt(d)) W h_j, attention returned on request', () => forEachBackend(() => {
  const g = smallGraph(), x = f64([4, 3], 12, true);
  const conv = new nn.DotGatConv(3, 2, 2, { dtype: 'float64' });
  const [out, attn] = conv.forward(g, x, { getAttention: true });
  assert.deepEqual([[...out.shape], [...attn.shape]], [[4, 2, 2], [8, 2, 1]]);
  const z = [0, 1, 2, 3].map((v) => linearRef(conv.fc!, row(x, v)));
  const expected = inEdgeLists(g).flatMap((list, v) => [0, 1].flatMap((k) => {
    const head = (u: number): number[] => z[u].slice(k * 2, k * 2 + 2);
    const alpha = softmaxRef(list.map(([u]) => dot(head(v), head(u)) / Math.sqrt(2)));
    return list.reduce((acc: number[], [u], i) => addVec(acc, scaleVec(head(u), alpha[i])), [0, 0]);
  }));
  expectClose(out, expected, { atol: 1e-10 });
  dg.gradcheck((a) => conv.forward(g, a), [x, ...conv.parameters()]);
  assert.equal(conv.toString(), 'DotGatConv(3, 2, numHeads=2)');
  const bip = dg.bipartite([[0, 1, 2], [0, 1, 1]], { numSrc: 3, numDst: 2 });
  const pair = new nn.DotGatConv([3, 4], 2, 1, { dtype: 'float64' });
  assert.deepEqual([...pair.forward(bip, [f64([3, 3], 1), f64([2, 4], 2)]).shape], [2, 1, 2]);
}));

// moment3 is left out of the value check: on a node with two in-edges the third central moment is 0
// up to rounding, whose cube root (~1e-6) makes any comparison meaningless.
test('PNAConv: aggregators x scalers through U, graph-size norm, batch norm, mixing and residual (eval mode reference)', () => forEachBackend(() => {
  const g = smallGraph(), x = f64([4, 4], 13, true), e = f64([8, 2], 14, true);
  const delta = 1.2;
  const conv = new nn.PNAConv(4, 4, ['mean', 'max', 'std', 'moment4'], ['identity', 'amplification', 'attenuation'], delta,
    { edgeFeatSize: 2, dtype: 'float64' }).eval();
  const out = conv.forward(g, x, e);
  assert.deepEqual([...out.shape], [4, 4]);
  const tower = conv.towers.get(0) as unknown as { M: dg.nn.Linear; U: dg.nn.Linear; batchnorm: dg.nn.BatchNorm1d };
  const expected = inEdgeLists(g).flatMap((list, v) => {
    const msgs = list.map(([u, eid]) => linearRef(tower.M, [...row(x, u), ...row(x, v), ...row(e, eid)]));
    const col = (f: number): number[] => msgs.map((m) => m[f]);
    const mean = (a: number[]): number => a.reduce((s, t) => s + t, 0) / a.length;
    const aggs = [
      [0, 1, 2, 3].map((f) => mean(col(f))),
      [0, 1, 2, 3].map((f) => Math.max(...col(f))),
      [0, 1, 2, 3].map((f) => Math.sqrt(Math.max(mean(col(f).map((t) => t * t)) - mean(col(f)) ** 2, 0) + 1e-30)),
      [0, 1, 2, 3].map((f) => { const mu = mean(col(f)); const m4 = mean(col(f).map((t) => (t - mu) ** 4)); return Math.sign(m4) * (Math.abs(m4) + 1e-30) ** (1 / 4); }),
    ].flat();
    const l = Math.log(list.length + 1);
    const h = linearRef(tower.U, [...row(x, v), ...aggs, ...scaleVec(aggs, l / delta), ...scaleVec(aggs, delta / l)]).map((t) => t * Math.sqrt(1 / 4));
    const bn = h.map((t) => t / Math.sqrt(1 + 1e-5));
    const mixed = linearRef(conv.mixingLayer, bn).map((t) => (t > 0 ? t : 0.01 * t));
    return addVec(mixed, row(x, v));
  });
  expectClose(out, expected, { atol: 1e-9 });
  dg.gradcheck((a, b) => conv.forward(g, a, b), [x, e, ...conv.parameters()]);
  assert.equal(conv.toString(), 'PNAConv(4, 4, aggregators=[mean, max, std, moment4], scalers=[identity, amplification, attenuation], delta=1.2)');
  const towers = new nn.PNAConv(4, 2, ['sum', 'var', 'min'], ['identity'], 1, { numTowers: 2 });
  assert.deepEqual([...towers.forward(dg.batch([smallGraph(), smallGraph()]), dg.randn([8, 4])).shape], [8, 2]);
  assert.throws(() => new nn.PNAConv(4, 4, ['median' as 'mean'], ['identity'], 1), /unknown aggregator 'median'/);
  assert.throws(() => new nn.PNAConv(5, 4, ['mean'], ['identity'], 1, { numTowers: 2 }), /divisible/);
}));
