// Structure-changing transforms checked against DGL's documented examples (python/dgl/transforms/
// functional.py docstrings) and, where those are stale, DGL's C++ (to_simple sorts by (src, dst)).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { expectClose } from '../helpers.js';
import { edgeSet, randomEdges } from './cases.js';

const col = (xs: number[], dtype: 'float32' | 'float64' = 'float32'): dg.Tensor => dg.tensor(xs, { shape: [xs.length, 1], dtype });
const ids = (a: ArrayLike<number>): number[] => Array.from(a);
const edgesOf = (g: dg.Graph, etype?: dg.EtypeKey): [number[], number[]] => {
  const [u, v] = g.edges({ etype });
  return [ids(u), ids(v)];
};

test('addSelfLoop: loops appended after the edges; features filled with 1, 0 for unlisted, or aggregated (DGL examples)', () => {
  const g = dg.graph([[0, 0, 2], [2, 1, 0]]);
  g.ndata.set('hv', col([0, 1, 2]));
  g.edata.set('he', col([0, 1, 2]));
  g.edata.set('w', col([5, 6, 7]));
  const s = dg.addSelfLoop(g, { fillData: 'sum', edgeFeatNames: ['he'] });
  assert.deepEqual(edgesOf(s), [[0, 0, 2, 0, 1, 2], [2, 1, 0, 0, 1, 2]]);
  expectClose(s.edata.get('he'), col([0, 1, 2, 2, 1, 0]));
  expectClose(s.edata.get('w'), col([5, 6, 7, 0, 0, 0]));
  assert.equal(s.ndata.get('hv'), g.ndata.get('hv'));
  expectClose(dg.addSelfLoop(g).edata.get('w'), col([5, 6, 7, 1, 1, 1]));
  expectClose(dg.addSelfLoop(g, { fillData: 'max' }).edata.get('w'), col([5, 6, 7, 7, 6, 5]));
  // Loops are added even where one exists.
  assert.equal(dg.addSelfLoop(dg.graph([[0, 1], [0, 0]])).numEdges(), 4);
  const h = dg.heterograph({ 'user:follows:user': [[1, 2], [0, 1]], 'user:plays:game': [[0, 1], [0, 1]] });
  const hs = dg.addSelfLoop(h, { etype: 'follows' });
  assert.equal(hs.numEdges('follows'), 5);
  assert.equal(hs.numEdges('plays'), 2);
  assert.throws(() => dg.addSelfLoop(h, { etype: 'plays' }), /addSelfLoop: edge type user:plays:game joins different node types/);
  assert.throws(() => dg.addSelfLoop(h), /2 edge types/);
});

test('removeSelfLoop: every loop goes, the rest keep order and features, batch sizes shrink (DGL examples)', () => {
  const g = dg.graph([[0, 0, 0, 1], [1, 0, 0, 2]]);
  g.edata.set('he', col([0, 1, 2, 3]));
  const r = dg.removeSelfLoop(g);
  assert.deepEqual(edgesOf(r), [[0, 1], [1, 2]]);
  expectClose(r.edata.get('he'), col([0, 3]));
  const h = dg.heterograph({ 'user:follows:user': [[0, 1, 1, 1, 2], [0, 0, 1, 1, 1]], 'user:plays:game': [[0, 1], [0, 1]] });
  const hr = dg.removeSelfLoop(h, { etype: 'follows' });
  assert.deepEqual([hr.numNodes('user'), hr.numNodes('game'), hr.numEdges('follows'), hr.numEdges('plays')], [3, 2, 2, 2]);
  const b = dg.removeSelfLoop(dg.batch([dg.graph([[0, 1], [0, 0]]), dg.graph([[0, 1, 1], [1, 1, 0]])]));
  assert.deepEqual(ids(b.batchNumEdges()), [1, 2]);
  assert.deepEqual(ids(b.batchNumNodes()), [2, 2]);
  assert.deepEqual(dg.unbatch(b).map((x) => edgesOf(x)), [[[1], [0]], [[0, 1], [1, 0]]]);
});

test('reverse: edges flipped with ids kept, node features copied, edge features only on request (DGL examples)', () => {
  const g = dg.graph([[0, 1, 2], [1, 2, 0]]);
  g.ndata.set('h', col([0, 1, 2]));
  g.edata.set('h', col([3, 4, 5]));
  const rg = dg.reverse(g, { copyEdata: true });
  assert.deepEqual(edgesOf(rg), [[1, 2, 0], [0, 1, 2]]);
  assert.equal(rg.edata.get('h'), g.edata.get('h'));
  assert.equal(rg.ndata.get('h'), g.ndata.get('h'));
  assert.equal(dg.reverse(g).edata.has('h'), false);
  const h = dg.heterograph({ 'user:follows:user': [[0, 2], [1, 2]], 'user:plays:game': [[1, 2, 1], [2, 1, 1]] });
  h.nodeFrame('game').set('hv', col([1, 1, 1]));
  h.edgeFrame('plays').set('he', col([0, 0, 0]));
  const hr = dg.reverse(h);
  // DGL keeps edge-type ids: relation i of the reverse is relation i of h flipped (no re-sort).
  assert.deepEqual(hr.canonicalEtypes, [['user', 'follows', 'user'], ['game', 'plays', 'user']]);
  assert.deepEqual(edgesOf(hr, 'follows'), [[1, 2], [0, 2]]);
  assert.deepEqual(edgesOf(hr, 'plays'), [[2, 1, 1], [1, 2, 1]]);
  assert.equal(hr.nodeFrame('game').get('hv'), h.nodeFrame('game').get('hv'));
  assert.deepEqual(hr.edgeFrame('plays').keys(), []);
});

test('addReverseEdges: v->u appended after u->v, self-loops skipped by default, edge features only with copyEdata (DGL examples)', () => {
  const g = dg.graph([[0, 0], [0, 1]]);
  g.edata.set('w', col([1, 2]));
  assert.deepEqual(edgesOf(dg.addReverseEdges(g)), [[0, 0, 1], [0, 1, 0]]);
  assert.deepEqual(edgesOf(dg.addReverseEdges(g, { excludeSelf: false })), [[0, 0, 0, 1], [0, 1, 0, 0]]);
  assert.equal(dg.addReverseEdges(g).edata.has('w'), false);
  const h = dg.heterograph({
    'user:wins:user': [[0, 2, 0, 2, 2], [1, 1, 2, 1, 0]],
    'user:plays:game': [[1, 2, 1], [2, 1, 1]],
    'user:follows:user': [[1, 2, 1], [0, 0, 0]],
  });
  h.nodeFrame('game').set('hv', col([1, 1, 1]));
  h.edgeFrame('wins').set('h', col([0, 1, 2, 3, 4]));
  const bg = dg.addReverseEdges(h, { copyNdata: true, copyEdata: true, ignoreBipartite: true });
  assert.deepEqual(edgesOf(bg, 'wins'), [[0, 2, 0, 2, 2, 1, 1, 2, 1, 0], [1, 1, 2, 1, 0, 0, 2, 0, 2, 2]]);
  assert.deepEqual(edgesOf(bg, 'follows'), [[1, 2, 1, 0, 0, 0], [0, 0, 0, 1, 2, 1]]);
  assert.deepEqual(edgesOf(bg, 'plays'), [[1, 2, 1], [2, 1, 1]]);
  expectClose(bg.edgeFrame('wins').get('h'), col([0, 1, 2, 3, 4, 0, 1, 2, 3, 4]));
  assert.equal(bg.nodeFrame('game').get('hv'), h.nodeFrame('game').get('hv'));
  assert.throws(() => dg.addReverseEdges(h), /user:plays:game joins different node types; pass ignoreBipartite/);
});

test('toSimple: one edge per (src, dst), sorted, counts and write-back mapping; features by aggregator', () => {
  const g = dg.graph([[0, 1, 2, 1], [1, 2, 0, 2]]);
  g.ndata.set('h', col([0, 1, 2]));
  g.edata.set('h', col([3, 4, 5, 6]));
  const { graph: sg, mapping } = dg.toSimpleWithMapping(g, { returnCounts: 'cnt' });
  assert.deepEqual(edgesOf(sg), [[0, 1, 2], [1, 2, 0]]);
  assert.deepEqual(ids(sg.edata.get('cnt').data), [1, 2, 1]);
  assert.deepEqual(ids(mapping.get('_N:_E:_N')!), [0, 1, 2, 1]);
  assert.equal(sg.edata.has('h'), false);
  assert.equal(sg.ndata.get('h'), g.ndata.get('h'));
  expectClose(dg.toSimple(g, { copyEdata: true }).edata.get('h'), col([3, 4, 5]));
  expectClose(dg.toSimple(g, { copyEdata: true, aggregator: 'sum' }).edata.get('h'), col([3, 10, 5]));
  expectClose(dg.toSimple(g, { copyEdata: true, aggregator: 'mean' }).edata.get('h'), col([3, 5, 5]));
  // DGL's docstring shows first-appearance order here; its C++ (COOToSimple) sorts by (src, dst).
  const h = dg.heterograph({ 'user:wins:user': [[0, 2, 0, 2, 2], [1, 1, 2, 1, 0]], 'user:plays:game': [[1, 2, 1], [2, 1, 1]] });
  const hs = dg.toSimpleWithMapping(h);
  assert.deepEqual(edgesOf(hs.graph, 'wins'), [[0, 0, 2, 2], [1, 2, 0, 1]]);
  assert.deepEqual(ids(hs.mapping.get('user:wins:user')!), [0, 3, 1, 3, 2]);
  assert.deepEqual(ids(hs.graph.edgeFrame('wins').get('count').data), [1, 1, 1, 2]);
  assert.deepEqual(edgesOf(hs.graph, 'plays'), [[1, 1, 2], [1, 2, 1]]);
  // A random multigraph: the result is the sorted distinct pairs, and the mapping points at them.
  const [src, dst] = randomEdges(8, 40, 3);
  const r = dg.toSimpleWithMapping(dg.graph([src, dst], { numNodes: 8 }));
  const distinct = [...new Set(edgeSet(src, dst))].sort((a, b) => {
    const [a0, a1] = a.split('-').map(Number), [b0, b1] = b.split('-').map(Number);
    return a0 - b0 || a1 - b1;
  });
  const [ru, rv] = edgesOf(r.graph);
  assert.deepEqual(ru.map((u, i) => `${u}-${rv[i]}`), distinct);
  const map = r.mapping.get('_N:_E:_N')!;
  for (let e = 0; e < 40; e++) assert.equal(`${ru[map[e]]}-${rv[map[e]]}`, `${src[e]}-${dst[e]}`);
  assert.equal(r.graph.isMultigraph(), false);
});

test('toBidirected: simple graph with both directions, sorted; no edge features, node features on request (DGL examples)', () => {
  const g = dg.graph([[0, 1, 2, 0, 1], [1, 2, 0, 2, 1]]);
  g.ndata.set('x', col([1, 2, 3]));
  g.edata.set('w', col([1, 2, 3, 4, 5]));
  const b = dg.toBidirected(g);
  assert.deepEqual(edgesOf(b), [[0, 0, 1, 1, 1, 2, 2], [1, 2, 0, 1, 2, 0, 1]]);
  assert.deepEqual(b.edata.keys(), []);
  assert.deepEqual(b.ndata.keys(), []);
  assert.equal(dg.toBidirected(g, { copyNdata: true }).ndata.get('x'), g.ndata.get('x'));
  const h = dg.heterograph({ 'user:wins:user': [[0, 2, 0, 2], [1, 1, 2, 0]], 'user:follows:user': [[1, 2, 1], [2, 1, 1]] });
  const hb = dg.toBidirected(h);
  assert.deepEqual(edgesOf(hb, 'wins'), [[0, 0, 1, 1, 2, 2], [1, 2, 0, 2, 0, 1]]);
  assert.deepEqual(edgesOf(hb, 'follows'), [[1, 1, 2], [1, 2, 1]]);
  assert.throws(() => dg.toBidirected(dg.bipartite([[0], [1]])), /joins different node types/);
});

test('khopGraph: one edge per walk of length k (A^k as a multigraph), node features kept (DGL examples)', () => {
  assert.deepEqual(edgesOf(dg.khopGraph(dg.graph([[0, 1], [1, 2]]), 2)), [[0], [2]]);
  const g = dg.graph([[0, 1, 2, 3, 4, 0, 1, 2, 3, 4], [0, 1, 2, 3, 4, 1, 2, 3, 4, 0]]);
  g.ndata.set('x', col([0, 1, 2, 3, 4]));
  assert.equal(dg.khopGraph(g, 1).numEdges(), 10);
  const k3 = dg.khopGraph(g, 3);
  assert.equal(k3.numEdges(), 40);
  // DGL's khop_adj(g, 3) row by row: the multiplicity of u->v.
  const A3 = [[1, 3, 3, 1, 0], [0, 1, 3, 3, 1], [1, 0, 1, 3, 3], [3, 1, 0, 1, 3], [3, 3, 1, 0, 1]];
  const [u, v] = edgesOf(k3);
  const count = A3.map((row) => row.map(() => 0));
  u.forEach((s, i) => { count[s][v[i]]++; });
  assert.deepEqual(count, A3);
  assert.equal(k3.ndata.get('x'), g.ndata.get('x'));
  assert.equal(dg.khopGraph(g, 2, { copyNdata: false }).ndata.has('x'), false);
  assert.throws(() => dg.khopGraph(g, -1), /k must be a non-negative integer/);
});

test('lineGraph: a node per edge, e1->e2 where e1 ends at e2\'s start; without backtracking; shared features (DGL example)', () => {
  const g = dg.graph([[0, 1, 1, 2, 2], [2, 0, 2, 0, 1]]);
  g.edata.set('w', col([10, 11, 12, 13, 14]));
  const lg = dg.lineGraph(g);
  assert.equal(lg.numNodes(), 5);
  assert.deepEqual(edgesOf(lg), [[0, 0, 1, 2, 2, 3, 4, 4], [3, 4, 0, 3, 4, 0, 1, 2]]);
  assert.deepEqual(edgesOf(dg.lineGraph(g, { backtracking: false })), [[0, 1, 2, 4], [4, 0, 3, 1]]);
  assert.equal(lg.ndata.has('w'), false);
  assert.equal(dg.lineGraph(g, { shared: true }).ndata.get('w'), g.edata.get('w'));
});
