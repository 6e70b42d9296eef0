// Readouts with weights, top-k, broadcast, softmax and frontier propagation, against DGL's
// definitions (python/dgl/readout.py, propagate.py docstrings), on every backend.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { expectClose, forEachBackend, seededData } from '../helpers.js';

const { fn } = dg;
const f64 = (shape: number[], seed: number): dg.Tensor =>
  dg.tensor(seededData(shape.reduce((a, b) => a * b, 1), seed), { shape, dtype: 'float64', requiresGrad: true });
const ids = (a: ArrayLike<number>): number[] => Array.from(a);

function twoGraphs(): dg.Graph {
  const g1 = dg.graph([[0, 1], [1, 0]]);
  g1.ndata.set('h', dg.tensor([1, 2], { shape: [2, 1], dtype: 'float64' }));
  g1.ndata.set('w', dg.tensor([0.1, 0.2], { shape: [2, 1], dtype: 'float64' }));
  g1.edata.set('e', dg.tensor([1, 5], { shape: [2, 1], dtype: 'float64' }));
  const g2 = dg.graph([[0, 1, 2], [1, 2, 0]]);
  g2.ndata.set('h', dg.tensor([1, 2, 3], { shape: [3, 1], dtype: 'float64' }));
  g2.ndata.set('w', dg.tensor([0.1, 0.2, 0.3], { shape: [3, 1], dtype: 'float64' }));
  g2.edata.set('e', dg.tensor([3, 2, 4], { shape: [3, 1], dtype: 'float64' }));
  return dg.batch([g1, g2]);
}

test('readoutNodes / readoutEdges with op and weight (DGL readout_nodes example)', () => forEachBackend(() => {
  const bg = twoGraphs();
  // DGL: readout_nodes(bg, 'h') = [[3], [6]]; with weight 'w': [[.5], [1.4]]; op max: [[2], [3]].
  expectClose(dg.readoutNodes(bg, 'h'), [3, 6], { atol: 1e-12 });
  expectClose(dg.readoutNodes(bg, 'h', { weight: 'w' }), [0.5, 1.4], { atol: 1e-12 });
  expectClose(dg.readoutNodes(bg, 'h', { op: 'max' }), [2, 3], { atol: 1e-12 });
  expectClose(dg.readoutEdges(bg, 'e', { op: 'mean' }), [3, 3], { atol: 1e-12 });
  assert.throws(() => dg.readoutNodes(bg, 'h', { op: 'prod' as 'sum' }), /unknown op 'prod'/);
  const x = f64([5, 2], 1), w = f64([5, 1], 2);
  assert.ok(0 <= dg.gradcheck((a, b) => dg.readoutNodes(bg, a, { weight: b, op: 'mean' }), [x, w]));
}));

test('topkNodes / topkEdges by column or sortby (DGL topk_nodes example)', () => forEachBackend(() => {
  const bg = twoGraphs();
  const [v, i] = dg.topkEdges(bg, 'e', 2);
  // Per member, the two largest edge values: [5, 1] and [4, 3]; indices within each member.
  expectClose(v, [5, 1, 4, 3], { atol: 1e-12 });
  assert.deepEqual(ids(i.data), [1, 0, 2, 0]);
  const feat = dg.tensor([0.0255, 0.1, 0.3, 0.2, 0.1, 0.5, 0.7, 0.4, 0.6, 0.9], { shape: [5, 2], dtype: 'float64' });
  const [tv, ti] = dg.topkNodes(bg, feat, 2, { sortby: 1 });
  // Member 2 (nodes 2..4) by column 1: node 4 (0.9), node 2 (0.5).
  expectClose(tv.reshape([8]).data.subarray(4, 8), [0.6, 0.9, 0.1, 0.5]);
  assert.deepEqual(ids(ti.data), [1, 0, 2, 0]);
  assert.throws(() => dg.topkEdges(bg, 'e', 0), /k must be a positive integer/);
}));

test('broadcastNodes / softmaxNodes / softmaxEdges per member graph (DGL)', () => forEachBackend(() => {
  const bg = twoGraphs();
  const b = dg.broadcastNodes(bg, dg.tensor([7, 8], { shape: [2, 1] }));
  assert.deepEqual(ids(b.data), [7, 7, 8, 8, 8]);
  assert.deepEqual(ids(dg.broadcastEdges(bg, dg.tensor([7, 8], { shape: [2, 1] })).data), [7, 7, 8, 8, 8]);
  const s = dg.softmaxNodes(bg, 'h');
  const e1 = [Math.exp(1), Math.exp(2)], e2 = [Math.exp(1), Math.exp(2), Math.exp(3)];
  const z1 = e1[0] + e1[1], z2 = e2[0] + e2[1] + e2[2];
  expectClose(s, [e1[0] / z1, e1[1] / z1, e2[0] / z2, e2[1] / z2, e2[2] / z2], { atol: 1e-12 });
  assert.ok(0 <= dg.gradcheck((x) => dg.softmaxEdges(bg, x), [f64([5, 2], 3)]));
}));

test('propNodes / propEdges run frontier by frontier; propNodesTopo follows a topological order (DGL prop_nodes)', () => forEachBackend(() => {
  // A path 0 -> 1 -> 2 -> 3: pulling frontiers [1], [2], [3] carries x[0] to the end.
  const g = dg.graph([[0, 1, 2], [1, 2, 3]]);
  g.ndata.set('x', dg.tensor([5, 0, 0, 0], { shape: [4, 1], dtype: 'float64' }));
  dg.propNodes(g, [[1], [2], [3]], fn.copyU('x', 'm'), fn.sum('m', 'x'));
  assert.deepEqual(ids(g.ndata.get('x').data), [5, 5, 5, 5]);
  g.ndata.set('x', dg.tensor([5, 0, 0, 0], { shape: [4, 1], dtype: 'float64' }));
  // All at once (one frontier) only moves one step.
  dg.propNodes(g, [[1, 2, 3]], fn.copyU('x', 'm'), fn.sum('m', 'x'));
  assert.deepEqual(ids(g.ndata.get('x').data), [5, 5, 0, 0]);
  g.ndata.set('x', dg.tensor([1, 0, 0, 0], { shape: [4, 1], dtype: 'float64' }));
  dg.propEdges(g, [[0], [1], [2]], fn.copyU('x', 'm'), fn.sum('m', 'x'), { applyNode: (n) => ({ x: n.data.x.mul(2) }) });
  assert.deepEqual(ids(g.ndata.get('x').data), [1, 2, 4, 8]);
  // A tree: leaves 0, 1 -> 2; 3 -> 4; 2, 4 -> 5. Sum of leaves reaches the root.
  const t = dg.graph([[0, 1, 2, 3, 4], [2, 2, 5, 4, 5]]);
  assert.deepEqual(dg.topologicalNodesGenerator(t).map(ids), [[0, 1, 3], [2, 4], [5]]);
  t.ndata.set('x', dg.tensor([1, 2, 0, 4, 0, 0], { shape: [6, 1], dtype: 'float64' }));
  dg.propNodesTopo(t, fn.copyU('x', 'm'), fn.sum('m', 'x'));
  assert.deepEqual(ids(t.ndata.get('x').data), [1, 2, 3, 4, 4, 7]);
  assert.throws(() => dg.topologicalNodesGenerator(dg.graph([[0, 1], [1, 0]])), /has a cycle/);
}));
