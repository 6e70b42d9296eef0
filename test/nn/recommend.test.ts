import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { PinSAGE, WeightedSAGEConv, bprLoss } from '../../src/nn/index.js';
import { expectClose, seededData } from '../helpers.js';

const f64 = (shape: number[], seed: number, lo = -1, hi = 1): dg.Tensor =>
  dg.tensor(seededData(shape.reduce((a, b) => a * b, 1), seed, lo, hi), { shape, dtype: 'float64', requiresGrad: true });

/** x W^T + b for one row. */
function affine(lin: dg.nn.Linear, row: ArrayLike<number>): number[] {
  const [out, inp] = lin.weight.shape, W = lin.weight.data, b = lin.bias!.data;
  return Array.from({ length: out }, (_, o) => {
    let s = b[o];
    for (let i = 0; i < inp; i++) s += W[o * inp + i] * row[i];
    return s;
  });
}

test('WeightedSAGEConv equals a per-node loop: visit-weighted mean of ReLU(Q h_u), ReLU(W [n || h]), unit rows', () => {
  dg.manualSeed(1);
  const g = dg.graph([[0, 1, 2, 3, 3, 4], [1, 1, 0, 0, 2, 2]], { numNodes: 5 });
  const w = dg.tensor([3, 1, 2, 1, 5, 0.5], { dtype: 'float64' });
  const conv = new WeightedSAGEConv(3, 4, 2, 0, 'float64');
  const h = f64([5, 3], 2);
  const out = conv.forward(g, h, w);
  const [src, dst] = g.edges();
  const expected: number[] = [];
  for (let v = 0; v < 5; v++) {
    const n = new Array<number>(4).fill(0);
    let ws = 0;
    for (let e = 0; e < src.length; e++) {
      if (dst[e] !== v) continue;
      affine(conv.Q, h.data.subarray(src[e] * 3, src[e] * 3 + 3)).forEach((q, k) => { n[k] += w.data[e] * Math.max(0, q); });
      ws += w.data[e];
    }
    const z = affine(conv.W, [...n.map((x) => x / Math.max(1, ws)), ...h.data.subarray(v * 3, v * 3 + 3)]).map((x) => Math.max(0, x));
    const norm = Math.hypot(...z);
    expected.push(...z.map((x) => (norm === 0 ? 0 : x / norm)));
  }
  expectClose(out, expected, { atol: 1e-12 });
  dg.gradcheck((x, q) => dg.sum(dg.mul(conv.forward(g, x, w), dg.tensor([1, -2], { dtype: 'float64' }))).add(dg.sum(q)), [h, conv.Q.weight]);
  assert.throws(() => conv.forward(g, dg.zeros([4, 3]), w), /expects features \[5, 3\], got \[4, 3\]/);
  assert.throws(() => conv.forward(g, h, dg.ones([5])), /one scalar per edge \(6 edges\)/);
});

test('PinSAGE: on PinSAGESampler item graphs, blocks give the full-graph rows of their destinations', () => {
  dg.manualSeed(2);
  const rec = dg.data.syntheticRecommendation({ users: 60, items: 40, interactions: 600, numFeatures: 4, seed: 3 });
  const sampler = new dg.PinSAGESampler(rec.graph, 'item', 'user', { numTraversals: 2, terminationProb: 0.5, numRandomWalks: 20, numNeighbors: 5, seed: 4 });
  const items = Int32Array.from({ length: 40 }, (_, i) => i);
  const itemGraph = sampler.sample(items);
  const model = new PinSAGE(4, 6, { numLayers: 2, dropout: 0, dtype: 'float64' });
  const x = rec.itemFeatures.to('float64');
  const full = model.forward(itemGraph, x);
  assert.deepEqual([...full.shape], [40, 6]);
  // Two blocks of the same item graph for seeds [7, 3, 30]: the rows must match the full-graph ones.
  const blockOf = (seeds: dg.Tensor | number[]): dg.Graph => dg.toBlock(dg.inSubgraph(itemGraph, seeds), seeds);
  const b1 = blockOf([7, 3, 30]);
  const b0 = blockOf(b1.srcdata.get(dg.NID));
  const xs = dg.indexSelect(x, 0, b0.srcdata.get(dg.NID));
  const out = model.forward([b0, b1], xs);
  expectClose(out, dg.indexSelect(full, 0, dg.tensor([7, 3, 30], { dtype: 'int32' })), { atol: 1e-10 });
  dg.gradcheck((a) => dg.sum(dg.mul(model.forward(itemGraph, a), model.forward(itemGraph, a))), [f64([40, 4], 5)]);
  assert.throws(() => model.forward([b1], xs), /2 layers need 2 blocks, got 1/);
});

test('bprLoss is the mean of softplus(neg - pos) = -log sigmoid(pos - neg), with gradients', () => {
  const pos = dg.tensor([2, 0, -1, 30], { dtype: 'float64', requiresGrad: true });
  const neg = dg.tensor([1, 0, 3, -30], { dtype: 'float64', requiresGrad: true });
  const want = [-1, 0, 4, -60].map((d) => Math.log1p(Math.exp(d))).reduce((a, b) => a + b) / 4;
  assert.ok(Math.abs(bprLoss(pos, neg).item() - want) < 1e-12);
  assert.ok(Math.abs(bprLoss(pos, neg).item() - [1, 0, -4, 60].map((d) => -Math.log(1 / (1 + Math.exp(-d)))).reduce((a, b) => a + b) / 4) < 1e-12);
  dg.gradcheck((p, n) => bprLoss(p, n), [pos, neg]);
  assert.throws(() => bprLoss(dg.zeros([3]), dg.zeros([4])), /positive scores \[3\] and negative scores \[4\] must have one shape/);
  assert.throws(() => bprLoss(dg.zeros([0]), dg.zeros([0])), /no score pairs/);
});
