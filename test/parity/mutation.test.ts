// Graph mutation as new graphs (DGL mutates in place; the expected values are DGL's docstring
// examples in python/dgl/heterograph.py add_nodes / add_edges / remove_nodes / remove_edges).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { expectClose, forEachBackend, seededData } from '../helpers.js';

const col = (xs: number[], dtype: 'float32' | 'float64' = 'float32'): dg.Tensor => dg.tensor(xs, { shape: [xs.length, 1], dtype });
const ids = (a: ArrayLike<number>): number[] => Array.from(a);
const edgesOf = (g: dg.Graph, etype?: dg.EtypeKey): number[][] => g.edges({ etype }).map(ids);

test('addNodes: new nodes numbered after the old, zero features unless given; the input graph is unchanged (DGL add_nodes)', () => forEachBackend(() => {
  const g = dg.graph([[0, 1], [1, 2]]);
  assert.equal(dg.addNodes(g, 2).numNodes(), 5);
  assert.equal(g.numNodes(), 3);
  g.ndata.set('h', dg.ones([3, 1]));
  const g1 = dg.addNodes(g, 1);
  // DGL: [[1], [1], [1], [0]]
  expectClose(g1.ndata.get('h'), col([1, 1, 1, 0]));
  const g2 = dg.addNodes(g1, 1, { data: { h: dg.ones([1, 1]), w: dg.ones([1, 1]) } });
  expectClose(g2.ndata.get('h'), col([1, 1, 1, 0, 1]));
  expectClose(g2.ndata.get('w'), col([0, 0, 0, 0, 1]));
  assert.deepEqual(edgesOf(g2), [[0, 1], [1, 2]]);
  const h = dg.heterograph({ 'user:plays:game': [[0, 1, 1, 2], [0, 0, 1, 1]], 'developer:develops:game': [[0, 1], [0, 1]] });
  const h2 = dg.addNodes(h, 2, { ntype: 'user' });
  assert.equal(h2.numNodes('user'), 5);
  assert.equal(h2.numNodes('game'), 2);
  assert.throws(() => dg.addNodes(h, 1), /pass ntype/);
  assert.throws(() => dg.addNodes(g, 1, { data: { h: dg.ones([2, 1]) } }), /data 'h' must have 1 rows/);
}));

test('addEdges: appended after the old edges with data, zeros elsewhere, missing end nodes added (DGL add_edges)', () => forEachBackend(() => {
  const g = dg.graph([[0, 1], [1, 2]]);
  g.edata.set('h', dg.ones([2, 1]));
  const g1 = dg.addEdges(g, [1, 3], [0, 1]);
  // DGL: 4 nodes (node 3 added), edges (0,1),(1,2),(1,0),(3,1); h = [[1],[1],[0],[0]].
  assert.equal(g1.numNodes(), 4);
  assert.deepEqual(edgesOf(g1), [[0, 1, 1, 3], [1, 2, 0, 1]]);
  expectClose(g1.edata.get('h'), col([1, 1, 0, 0]));
  const g2 = dg.addEdges(g1, 1, [0, 2], { data: { h: dg.ones([2, 1]), w: dg.ones([2, 1]) } });
  assert.deepEqual(edgesOf(g2), [[0, 1, 1, 3, 1, 1], [1, 2, 0, 1, 0, 2]]);
  expectClose(g2.edata.get('w'), col([0, 0, 0, 0, 1, 1]));
  const h = dg.heterograph({ 'user:plays:game': [[0, 1, 1, 2], [0, 0, 1, 1]], 'developer:develops:game': [[0, 1], [0, 1]] });
  const h2 = dg.addEdges(h, [3], [3], { etype: 'plays' });
  assert.equal(h2.numNodes('user'), 4);
  assert.equal(h2.numNodes('game'), 4);
  assert.equal(h2.numEdges('develops'), 2);
  assert.throws(() => dg.addEdges(g, [-1], [0]), /source node id.*-1/);
  assert.throws(() => dg.addEdges(g, [0, 1], [0, 1, 2]), /2 source ids but 3 destination ids/);
}));

test('removeNodes: nodes and their edges go, the rest renumbered in order with features; storeIds records NID / EID (DGL remove_nodes)', () => forEachBackend(() => {
  const g = dg.graph([[0, 0, 2], [0, 1, 2]]);
  g.ndata.set('hv', col([0, 1, 2]));
  g.edata.set('he', col([0, 1, 2]));
  const r = dg.removeNodes(g, [0, 1]);
  // DGL: 1 node, 1 edge, hv = [[2]], he = [[2]].
  assert.equal(r.numNodes(), 1);
  assert.deepEqual(edgesOf(r), [[0], [0]]);
  expectClose(r.ndata.get('hv'), col([2]));
  expectClose(r.edata.get('he'), col([2]));
  assert.equal(r.ndata.has(dg.NID), false);
  const s = dg.removeNodes(g, 1, { storeIds: true });
  assert.deepEqual(ids(s.ndata.get(dg.NID).data), [0, 2]);
  assert.deepEqual(ids(s.edata.get(dg.EID).data), [0, 2]);
  assert.throws(() => dg.removeNodes(g, [3]), /removeNodes: node id.*3/);
  assert.throws(() => dg.removeNodes(g, [0.5]), /index 0.5 at position 0 is not an integer/);
  const h = dg.heterograph({ 'user:plays:game': [[0, 1, 1, 2], [0, 0, 1, 1]], 'developer:develops:game': [[0, 1], [0, 1]] });
  const h2 = dg.removeNodes(h, [0, 1], { ntype: 'game' });
  assert.equal(h2.numNodes('game'), 0);
  assert.equal(h2.numEdges('plays'), 0);
  assert.equal(h2.numEdges('develops'), 0);
}));

test('removeEdges: every node stays, the other edges keep order and features; storeIds records EID (DGL remove_edges)', () => forEachBackend(() => {
  const g = dg.graph([[0, 0, 2], [0, 1, 2]]);
  g.edata.set('he', col([0, 1, 2]));
  const r = dg.removeEdges(g, [0, 1]);
  // DGL: 3 nodes, edge (2, 2) with he [[2]].
  assert.equal(r.numNodes(), 3);
  assert.deepEqual(edgesOf(r), [[2], [2]]);
  expectClose(r.edata.get('he'), col([2]));
  assert.deepEqual(ids(dg.removeEdges(g, 1, { storeIds: true }).edata.get(dg.EID).data), [0, 2]);
  assert.throws(() => dg.removeEdges(g, [3]), /removeEdges: edge id.*3/);
  const h = dg.heterograph({ 'user:plays:game': [[0, 1, 1, 2], [0, 0, 1, 1]], 'developer:develops:game': [[0, 1], [0, 1]] });
  const h2 = dg.removeEdges(h, [0, 1], { etype: 'plays' });
  assert.equal(h2.numEdges('plays'), 2);
  assert.equal(h2.numEdges('develops'), 2);
}));

test('batched graphs: mutation keeps member sizes; setBatchNumNodes / setBatchNumEdges check the totals (DGL)', () => forEachBackend(() => {
  const b = dg.batch([dg.graph([[0, 1], [1, 2]]), dg.graph([[0, 1], [1, 0]])]);
  assert.deepEqual(ids(dg.removeNodes(b, [1]).batchNumNodes()), [2, 2]);
  assert.deepEqual(ids(dg.removeNodes(b, [1]).batchNumEdges()), [0, 2]);
  assert.deepEqual(ids(dg.removeEdges(b, [3]).batchNumEdges()), [2, 1]);
  assert.deepEqual(ids(dg.addNodes(b, 2).batchNumNodes()), [3, 4]);
  assert.deepEqual(ids(dg.addEdges(b, [0], [4]).batchNumEdges()), [2, 3]);
  const g = dg.graph([[0, 1, 2, 3], [1, 0, 3, 2]]);
  g.setBatchNumNodes([2, 2]);
  g.setBatchNumEdges([2, 2]);
  assert.equal(g.batchSize, 2);
  assert.deepEqual(dg.unbatch(g).map((x) => edgesOf(x)), [[[0, 1], [1, 0]], [[0, 1], [1, 0]]]);
  assert.throws(() => g.setBatchNumNodes([2, 3]), /add up to 5 but there are 4/);
}));

test('ndata.set with ids writes only those rows; a new feature is zero elsewhere; gradients reach both tensors (DGL g.nodes[ids].data)', () => forEachBackend(() => {
  const g = dg.graph([[0, 1], [1, 2]], { numNodes: 4 });
  g.ndata.set('h', dg.tensor([1, 2], { shape: [2, 1] }), { ids: [1, 3] });
  expectClose(g.ndata.get('h'), col([0, 1, 0, 2]));
  g.ndata.set('h', col([9]), { ids: 0 });
  expectClose(g.ndata.get('h'), col([9, 1, 0, 2]));
  g.edata.set('w', col([5]), { ids: [1] });
  expectClose(g.edata.get('w'), col([0, 5]));
  const base = dg.tensor(seededData(4, 1), { shape: [4, 1], dtype: 'float64', requiresGrad: true });
  const rows = dg.tensor(seededData(2, 2), { shape: [2, 1], dtype: 'float64', requiresGrad: true });
  assert.ok(0 <= dg.gradcheck((a, b) => { const f = new dg.Frame(4, 'test'); f.set('x', a); f.set('x', b, { ids: [2, 0] }); return f.get('x'); }, [base, rows]));
  assert.throws(() => g.ndata.set('h', col([1]), { ids: [4] }), /row id of feature 'h'.*4/);
  assert.throws(() => g.ndata.set('h', col([1, 2]), { ids: [1] }), /first dimension must be 1/);
}));
