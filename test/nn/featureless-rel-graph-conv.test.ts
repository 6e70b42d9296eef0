import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { FeaturelessRelGraphConv, NodeEmbeddingInput } from '../../src/nn/conv/featureless-rel-graph-conv.js';
import { expectClose, forEachBackend } from '../helpers.js';

// 5 trained nodes, 3 relations; the layer runs on a 4-node graph whose nodes are trained nodes 4, 0, 2, 1.
const src = Int32Array.of(0, 1, 2, 3, 3, 0), dst = Int32Array.of(1, 2, 0, 0, 2, 3), types = Int32Array.of(0, 2, 1, 1, 0, 2);
const ids = Int32Array.of(4, 0, 2, 1);
const norm = Float32Array.of(0.5, 1, 0.25, 0.75, 1, 2);

test('FeaturelessRelGraphConv equals one-hot ids through W_r = sum_b a_rb V_b, normed, summed per destination, plus bias and self-loop rows', () =>
  forEachBackend(() => {
    dg.manualSeed(1);
    const conv = new FeaturelessRelGraphConv(5, 3, 3, 2, true);
    conv.hBias!.data.set([0.1, -0.2, 0.3]);
    const g = dg.graph([src, dst], { numNodes: 4 });
    const out = conv.forward(g, dg.tensor(ids), types, { norm: dg.tensor(norm, { shape: [6, 1] }) });
    const V = conv.weight.data, a = conv.wComp!.data, L = conv.loopWeight!.data;
    const w = (r: number, v: number, o: number): number => a[r * 2] * V[v * 3 + o] + a[r * 2 + 1] * V[15 + v * 3 + o];
    const want = new Float64Array(12);
    for (let i = 0; i < 4; i++) for (let o = 0; o < 3; o++) want[i * 3 + o] = conv.hBias!.data[o] + L[ids[i] * 3 + o];
    for (let e = 0; e < 6; e++) for (let o = 0; o < 3; o++) want[dst[e] * 3 + o] += norm[e] * w(types[e], ids[src[e]], o);
    expectClose(out, want, { atol: 1e-6 });
    const loss = dg.sum(dg.mul(out, out));
    loss.backward();
    assert.ok(conv.weight.grad !== null && conv.wComp!.grad !== null, 'gradients reach the bases and the coefficients');
  }));

test('NodeEmbeddingInput sums normed embedding rows of the sources per destination, plus bias', () => {
  dg.manualSeed(2);
  const layer = new NodeEmbeddingInput(5, 2);
  const g = dg.graph([src, dst], { numNodes: 4 });
  const out = layer.forward(g, dg.tensor(ids), { norm: dg.tensor(norm, { shape: [6, 1] }) });
  const E = layer.emb.data, want = new Float64Array(8);
  for (let e = 0; e < 6; e++) for (let o = 0; o < 2; o++) want[dst[e] * 2 + o] += norm[e] * E[ids[src[e]] * 2 + o];
  expectClose(out, want, { atol: 1e-6 });
});

test('node ids that are not int32 [numNodes] within the trained nodes are named', () => {
  const conv = new FeaturelessRelGraphConv(5, 3, 3, 0, false);
  const g = dg.graph([src, dst], { numNodes: 4 });
  assert.throws(() => conv.forward(g, dg.tensor(Int32Array.of(0, 1, 2)), types), /node ids must be an int32 tensor of shape \[4\]/);
  assert.throws(() => conv.forward(g, dg.tensor(Float32Array.of(0, 1, 2, 3)), types), /got float32 \[4\]/);
  assert.throws(() => conv.forward(g, dg.tensor(Int32Array.of(0, 1, 5, 3)), types), /node id 5 at 2 is outside \[0, 5\)/);
});
