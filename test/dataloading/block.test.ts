import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { expectClose, forEachBackend, seededData } from '../helpers.js';
import { randomAdj } from '../sampling/util.js';

const ids = (t: dg.Tensor): number[] => [...t.data];

test("toBlock: DGL's example — destinations as given, sources start with them, edges map back", () => {
  const g = dg.graph([[1, 2], [2, 3]]);
  const b = dg.toBlock(g, [3, 2]);
  assert.equal(b.isBlock, true);
  assert.deepEqual(ids(b.dstdata.get(dg.NID)), [3, 2]);
  assert.deepEqual(ids(b.srcdata.get(dg.NID)), [3, 2, 1]);
  assert.equal(b.numSrcNodes(), 3);
  assert.equal(b.numDstNodes(), 2);
  const [s, d] = b.edges();
  const srcNid = ids(b.srcdata.get(dg.NID)), dstNid = ids(b.dstdata.get(dg.NID));
  const eid = ids(b.edata.get(dg.EID));
  const [gs, gd] = g.edges();
  for (let i = 0; i < b.numEdges(); i++) {
    assert.equal(srcNid[s[i]], gs[eid[i]]);
    assert.equal(dstNid[d[i]], gd[eid[i]]);
  }
  // Edges keep the frontier's order.
  assert.deepEqual(eid, [0, 1]);
  assert.throws(() => dg.toBlock(g, [2]), /node 3 .* has an in-edge but is not among the destination nodes/);
  assert.throws(() => dg.toBlock(g, [2, 3, 2]), /repeat a node/);
  assert.throws(() => dg.toBlock(g, [9]), /destination node 9/);
  assert.throws(() => dg.toBlock(b), /not a block/);
});

test('toBlock defaults, includeDstInSrc false, given srcNodes', () => {
  const g = dg.graph([[4, 0, 4, 1], [2, 2, 0, 2]], { numNodes: 6 });
  const b = dg.toBlock(g);
  assert.deepEqual(ids(b.dstdata.get(dg.NID)), [0, 2], 'every node with an in-edge, in increasing id');
  assert.deepEqual(ids(b.srcdata.get(dg.NID)), [0, 2, 4, 1]);
  const nb = dg.toBlock(g, [2, 0], { includeDstInSrc: false });
  assert.deepEqual(ids(nb.srcdata.get(dg.NID)), [4, 0, 1]);
  const fixed = dg.toBlock(g, [2, 0], { srcNodes: [1, 4, 5] });
  assert.deepEqual(ids(fixed.srcdata.get(dg.NID)), [2, 0, 1, 4, 5]);
  assert.throws(() => dg.toBlock(g, [2, 0], { srcNodes: [1] }), /node 4 .* has an out-edge but is not among the source nodes/);
});

test('toBlock on a typed frontier: per-type destinations, source types from the relations', () => {
  const g = dg.heterograph({ 'A:_E:B': [[1, 2], [2, 3]] });
  const b = dg.toBlock(g, { B: [3, 2] });
  assert.equal(b.numDstNodes('A'), 0);
  assert.equal(b.numDstNodes('B'), 2);
  assert.deepEqual(ids(b.dstFrame('B').get(dg.NID)), [3, 2]);
  assert.deepEqual(ids(b.srcFrame('B').get(dg.NID)), [3, 2]);
  // Other sources in order of first appearance in the frontier's edges.
  assert.deepEqual(ids(b.srcFrame('A').get(dg.NID)), [1, 2]);
  assert.throws(() => dg.toBlock(g, [3, 2]), /node types/);
  assert.throws(() => dg.toBlock(g, { C: [0] }), /unknown node type 'C'/);
});

test('toBlock copies node features (differentiably) and keeps the frontier EID', () => {
  const g = dg.graph([[0, 1, 2, 3], [1, 2, 3, 1]]);
  g.ndata.set('x', dg.tensor([[0, 1], [10, 11], [20, 21], [30, 31]]));
  g.edata.set('w', dg.tensor([0.5, 1.5, 2.5, 3.5]));
  const f = dg.sampleNeighbors(g, [1], -1, { seed: 1 });
  const b = dg.toBlock(f, [1]);
  const srcNid = ids(b.srcdata.get(dg.NID));
  assert.deepEqual(srcNid, [1, 0, 3]);
  expectClose(b.srcdata.get('x'), dg.tensor([[10, 11], [0, 1], [30, 31]]));
  expectClose(b.dstdata.get('x'), dg.tensor([[10, 11]]));
  // The frontier's EID (ids in g) survives, and edge features follow the edges.
  const eid = ids(b.edata.get(dg.EID));
  assert.deepEqual(eid, [0, 3]);
  expectClose(b.edata.get('w'), dg.tensor([0.5, 3.5]));
  dg.gradcheck((x) => {
    const h = dg.graph([[0, 1, 2, 3], [1, 2, 3, 1]]);
    h.ndata.set('x', x);
    return dg.toBlock(h, [1, 2, 3]).srcdata.get('x');
  }, [dg.rand([4, 2], { dtype: 'float64', requiresGrad: true })]);
});

test('message passing over a block: gspmm reads numSrc rows and writes numDst rows, on every backend', async () => {
  const adj = randomAdj(50, 300, 4);
  const { src, dst } = adj.coo();
  const g = dg.graph([src, dst], { numNodes: 50 });
  const f = dg.sampleNeighbors(g, [0, 3, 7, 11, 20], 4, { seed: 9 });
  const b = dg.toBlock(f, [0, 3, 7, 11, 20], { copyNdata: false });
  assert.ok(b.numSrcNodes() > b.numDstNodes());
  const x = dg.tensor(Float64Array.from(seededData(b.numSrcNodes() * 3, 5)), { shape: [b.numSrcNodes(), 3] });
  const [bs, bd] = b.edges();
  const want = new Float64Array(b.numDstNodes() * 3);
  for (let e = 0; e < bs.length; e++) for (let j = 0; j < 3; j++) want[bd[e] * 3 + j] += x.data[bs[e] * 3 + j];
  await forEachBackend(() => {
    const out = dg.ops.copyUSum(b, x);
    assert.deepEqual([...out.shape], [b.numDstNodes(), 3]);
    expectClose(out, want);
    b.srcdata.set('h', x);
    dg.updateAll(b, dg.fn.copyU('h', 'm'), dg.fn.sum('m', 'agg'));
    expectClose(b.dstdata.get('agg'), want);
  });
});
