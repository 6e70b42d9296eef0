import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../../src/index.js';
import { edgeWeightNorm } from '../../../src/nn/index.js';
import { degreeNorm, expandAsPair } from '../../../src/nn/conv/util.js';
import { expectClose } from '../../helpers.js';
import { bipartiteGraph, blockGraph, f64 } from './helpers.js';

test('edgeWeightNorm: both = w / sqrt(out_w(u) in_w(v)), right = w / in_w(v), by hand; gradients', () => {
  // 0->1 (w 1), 2->1 (w 3), 0->2 (w 2), 1->1 (w 4)
  const g = dg.graph([[0, 2, 0, 1], [1, 1, 2, 1]], { numNodes: 3 });
  const w = dg.tensor(Float64Array.from([1, 3, 2, 4]), { requiresGrad: true });
  const outW = [3, 4, 3], inW = [0, 8, 2];
  const [src, dst] = [[0, 2, 0, 1], [1, 1, 2, 1]];
  expectClose(edgeWeightNorm(g, w), w.data.map((x, e) => x / Math.sqrt(outW[src[e]] * inW[dst[e]])), { atol: 1e-14 });
  expectClose(edgeWeightNorm(g, w, 'right'), w.data.map((x, e) => x / inW[dst[e]]), { atol: 1e-14 });
  dg.gradcheck(() => edgeWeightNorm(g, w), [w]);
  assert.deepEqual([...edgeWeightNorm(g, w.reshape([4, 1])).shape], [4, 1]);
  assert.throws(() => edgeWeightNorm(g, dg.tensor([1, 0, 2, 1])), /non-positive edge weight 0 at edge 1/);
  assert.doesNotThrow(() => edgeWeightNorm(g, dg.tensor([1, 0, 2, 1]), 'right'));
  assert.throws(() => edgeWeightNorm(g, dg.ones([3])), /one scalar per edge/);
});

test('degreeNorm: clamped powers, cached per structure and dtype', () => {
  const adj = bipartiteGraph().sparse();
  const a = degreeNorm(adj, 'in', -0.5, 'float64');
  assert.equal(degreeNorm(adj, 'in', -0.5, 'float64'), a);
  assert.notEqual(degreeNorm(adj, 'in', -0.5, 'float32'), a);
  expectClose(a, dg.tensor(Float64Array.from(adj.inDegrees(), (d) => Math.max(d, 1) ** -0.5), { shape: [3, 1] }));
  expectClose(degreeNorm(adj, 'out', -1, 'float64', true), dg.tensor(Float64Array.from(adj.outDegrees(), (d) => 1 / (d + 1)), { shape: [5, 1] }));
});

test('expandAsPair: blocks slice, pairs are checked, bipartite graphs need pairs', () => {
  const x = f64([5, 2], 1, -1, 1, false);
  const [s, d] = expandAsPair('T', blockGraph(), x);
  assert.equal(s, x);
  expectClose(d, dg.narrow(x, 0, 0, 3));
  assert.throws(() => expandAsPair('T', bipartiteGraph(), [x, f64([4, 2], 2)]), /T: destination features has shape \[4, 2\], expected \[3, \*\]/);
  assert.throws(() => expandAsPair('T', bipartiteGraph(), x), /T: the graph is bipartite/);
  assert.throws(() => expandAsPair('T', blockGraph(), x, [3, null]), /\[5, 2\], expected \[5, 3\]/);
});
