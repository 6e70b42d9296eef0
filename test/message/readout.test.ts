import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { SparseAdj } from '../../src/graph/sparse.js';
import { expectClose, forEachBackend, seededData } from '../helpers.js';
import { refEdgeSoftmax, refSegmentReduce } from '../reference/sparse.js';

const f64 = (shape: number[], seed: number): dg.Tensor =>
  dg.tensor(seededData(shape.reduce((a, b) => a * b, 1), seed), { shape, dtype: 'float64', requiresGrad: true });

/** Three member graphs with 2, 0 and 3 nodes (the middle one empty) and 2, 0, 3 edges. */
function batched(): dg.Graph {
  const adj = SparseAdj.fromCoo(Int32Array.from([0, 1, 2, 3, 4]), Int32Array.from([1, 0, 3, 4, 2]), 5, 5);
  return dg.Graph.fromSpec({
    ntypes: ['_N'], numNodes: [5], relations: [{ srcType: '_N', etype: '_E', dstType: '_N', adj }],
    batchNumNodes: new Map([['_N', Int32Array.from([2, 0, 3])]]),
    batchNumEdges: new Map([['_N:_E:_N', Int32Array.from([2, 0, 3])]]),
  });
}

test('node and edge readouts match per-graph references, with weights and gradients', () => forEachBackend(() => {
  const g = batched();
  const x = f64([5, 3], 1), w = f64([5, 1], 2), e = f64([5, 2], 3);
  g.ndata.set('x', x); g.ndata.set('w', w); g.edata.set('e', e);
  const lens = [2, 0, 3];
  expectClose(dg.sumNodes(g, 'x').data, refSegmentReduce(lens, x.data, 3, 'sum'), { atol: 1e-12 });
  expectClose(dg.meanNodes(g, 'x').data, refSegmentReduce(lens, x.data, 3, 'mean'), { atol: 1e-12 });
  expectClose(dg.maxNodes(g, 'x').data, refSegmentReduce(lens, x.data, 3, 'max'), { atol: 1e-12 });
  expectClose(dg.sumEdges(g, 'e').data, refSegmentReduce(lens, e.data, 2, 'sum'), { atol: 1e-12 });
  expectClose(dg.meanEdges(g, 'e').data, refSegmentReduce(lens, e.data, 2, 'mean'), { atol: 1e-12 });
  const xw = Array.from(x.data, (v, i) => v * w.data[Math.floor(i / 3)]);
  expectClose(dg.sumNodes(g, 'x', { weight: 'w' }).data, refSegmentReduce(lens, xw, 3, 'sum'), { atol: 1e-12 });
  dg.gradcheck((a, b) => dg.sumNodes(g, a, { weight: b }), [x, w]);
  dg.gradcheck((a) => dg.maxNodes(g, a), [x]);
}));

test('softmaxNodes sums to 1 per graph; broadcastNodes repeats graph rows; both differentiate', () => {
  const g = batched();
  const x = f64([5, 2], 4);
  const s = dg.softmaxNodes(g, x);
  // The member graphs are segments: reuse the edge-softmax reference grouped by a "graph id".
  const groups = { src: [0, 1, 2, 3, 4], dst: [0, 0, 2, 2, 2], numSrc: 5, numDst: 3 };
  expectClose(s.data, refEdgeSoftmax(groups, x.data, 2, 'dst'), { atol: 1e-12 });
  dg.gradcheck((a) => dg.softmaxNodes(g, a), [x]);
  const hg = f64([3, 2], 5);
  const b = dg.broadcastNodes(g, hg);
  expectClose(b.data, [0, 1, 0, 1, 4, 5, 4, 5, 4, 5].map((i) => hg.data[i]));
  dg.gradcheck((a) => dg.broadcastNodes(g, a), [hg]);
});

test('topkNodes: per column or by one column, zero-padded, with indices within each graph', () => {
  const g = batched();
  const x = dg.tensor([[1, 9], [5, 2], [3, 3], [7, 1], [4, 8]], { dtype: 'float64', requiresGrad: true });
  const [v, idx] = dg.topkNodes(g, x, 2);
  assert.deepEqual([...v.shape], [3, 2, 2]);
  expectClose(v.data, [5, 9, 1, 2, 0, 0, 0, 0, 7, 8, 4, 3]);
  assert.deepEqual([...idx.data], [1, 0, 0, 1, -1, -1, -1, -1, 1, 2, 2, 0]);
  const [vs, is] = dg.topkNodes(g, x, 2, { sortby: 1, descending: false });
  expectClose(vs.data, [5, 2, 1, 9, 0, 0, 0, 0, 7, 1, 3, 3]);
  assert.deepEqual([...is.data], [1, 0, -1, -1, 1, 0]);
  dg.gradcheck((a) => dg.topkNodes(g, a, 2)[0], [x]);
});
