// Queries and structure transforms against DGL's docstring examples (python/dgl/heterograph.py,
// transforms/functional.py, subgraph.py, convert.py at 3d16000), on every backend.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { expectClose, forEachBackend } from '../helpers.js';

const ids = (a: ArrayLike<number>): number[] => Array.from(a);
const edgesOf = (g: dg.Graph, etype?: dg.EtypeKey): number[][] => g.edges({ etype }).map(ids);

test('hasNodes and inc (DGL has_nodes / inc examples); inc names an unknown type', () => forEachBackend(() => {
  const g = dg.graph([[0, 1], [0, 2]]);
  assert.deepEqual(g.hasNodes([0, 1, 2, 3, 4]), [true, true, true, false, false]);
  assert.equal(g.hasNodes(-1), false);
  const a = dg.inc(g, 'in');
  // DGL: indices [[0, 2], [0, 1]], values [1, 1], size (3, 2).
  assert.deepEqual([ids(a.row), ids(a.col), ids(a.val.data)], [[0, 2], [0, 1], [1, 1]]);
  assert.deepEqual(a.shape, [3, 2]);
  const o = dg.inc(g, 'out');
  assert.deepEqual([ids(o.row), ids(o.col)], [[0, 1], [0, 1]]);
  const b = dg.inc(g, 'both');
  // DGL: indices [[1, 2], [1, 1]], values [-1, 1] (the self loop 0 -> 0 has no entry).
  const entries = ids(b.row).map((r, i) => [r, b.col[i], b.val.data[i]]).sort((x, y) => x[0] - y[0]);
  assert.deepEqual(entries, [[1, 1, -1], [2, 1, 1]]);
  expectClose(dg.sparse.toDense(b), [0, 0, 0, -1, 0, 1]);
  assert.throws(() => dg.inc(g, 'into' as 'in'), /unknown incidence type 'into'/);
  assert.throws(() => dg.inc(dg.heterograph({ 'a:x:b': [[0], [0]] }), 'both'), /within one node type/);
  assert.throws(() => dg.inc(g, 'in', { etype: 'nope' }), /unknown edge type 'nope'/);
}));

test('metapathReachableGraph follows the relations in order; a metapath that does not chain is named (DGL example)', () => forEachBackend(() => {
  const g = dg.heterograph({ 'A:AB:B': [[0, 1, 2], [1, 2, 3]], 'B:BA:A': [[1, 2, 3], [0, 1, 2]] });
  g.nodeFrame('A').set('h', dg.ones([3, 1]));
  const m = dg.metapathReachableGraph(g, ['AB', 'BA']);
  assert.deepEqual(edgesOf(m), [[0, 1, 2], [0, 1, 2]]);
  assert.deepEqual(m.canonicalEtypes, [['A', '_E', 'A']]);
  assert.equal(m.ndata.get('h'), g.nodeFrame('A').get('h'));
  const two = dg.metapathReachableGraph(g, ['AB']);
  assert.deepEqual(two.canonicalEtypes, [['A', '_E', 'B']]);
  assert.throws(() => dg.metapathReachableGraph(g, ['AB', 'AB']), /does not chain: step 0 \(A:AB:B\) ends on 'B' but step 1 \(A:AB:B\) starts from 'A'/);
}));

test('nodeTypeSubgraph / edgeTypeSubgraph keep the named types with their features (DGL)', () => forEachBackend(() => {
  const g = dg.heterograph({ 'user:follows:user': [[0, 1], [1, 2]], 'user:plays:game': [[0, 2], [0, 1]], 'developer:develops:game': [[0], [1]] });
  g.nodeFrame('user').set('h', dg.ones([3, 1]));
  const n = dg.nodeTypeSubgraph(g, ['user']);
  assert.deepEqual(n.ntypes, ['user']);
  assert.deepEqual(n.canonicalEtypes, [['user', 'follows', 'user']]);
  assert.equal(n.ndata.get('h'), g.nodeFrame('user').get('h'));
  const e = dg.edgeTypeSubgraph(g, ['plays']);
  assert.deepEqual(e.ntypes, ['game', 'user']);
  assert.deepEqual(edgesOf(e), [[0, 2], [0, 1]]);
  assert.throws(() => dg.nodeTypeSubgraph(g, ['shop']), /unknown node type 'shop'/);
}));

test('khopInSubgraph / khopOutSubgraph: nodes within k hops, induced edges, seeds located (DGL examples)', () => forEachBackend(() => {
  const g = dg.graph([[1, 1, 2, 3, 4], [0, 2, 0, 4, 2]]);
  g.edata.set('w', dg.arange(10).reshape([5, 2]));
  const { graph: sg, inverseIndices } = dg.khopInSubgraph(g, 0, 2);
  // DGL: 4 nodes, edges ([1, 1, 2, 3], [0, 2, 0, 2]), EID [0, 1, 2, 4], inverse [0].
  assert.equal(sg.numNodes(), 4);
  assert.deepEqual(edgesOf(sg), [[1, 1, 2, 3], [0, 2, 0, 2]]);
  assert.deepEqual(ids(sg.edata.get(dg.EID).data), [0, 1, 2, 4]);
  assert.deepEqual(ids(sg.edata.get('w').data), [0, 1, 2, 3, 4, 5, 8, 9]);
  assert.deepEqual(ids(inverseIndices as Int32Array), [0]);
  const h = dg.heterograph({ 'user:plays:game': [[0, 1, 1, 2], [0, 0, 2, 1]], 'user:follows:user': [[0, 1, 1], [1, 2, 2]] });
  const hin = dg.khopInSubgraph(h, { game: 0 }, 2);
  // DGL: game 1 node, user 2 nodes; follows 1 edge, plays 2 edges; inverse {game: [0]}.
  assert.equal(hin.graph.numNodes('game'), 1);
  assert.equal(hin.graph.numNodes('user'), 2);
  assert.equal(hin.graph.numEdges('follows'), 1);
  assert.equal(hin.graph.numEdges('plays'), 2);
  assert.deepEqual(ids((hin.inverseIndices as Record<string, Int32Array>).game), [0]);
  const out = dg.khopOutSubgraph(g, 1, 1);
  // Node 1 reaches 0 and 2 in one hop: nodes [0, 1, 2], edges 1->0, 1->2, 2->0.
  assert.deepEqual(ids(out.graph.ndata.get(dg.NID).data), [0, 1, 2]);
  assert.deepEqual(ids(out.graph.edata.get(dg.EID).data), [0, 1, 2]);
  assert.deepEqual(ids(out.inverseIndices as Int32Array), [1]);
  assert.throws(() => dg.khopInSubgraph(g, 9, 1), /node id.*9/);
}));

test('khopAdj (rows are sources) and normByDst (DGL examples)', () => forEachBackend(() => {
  const g = dg.graph([[0, 1, 2, 3, 4, 0, 1, 2, 3, 4], [0, 1, 2, 3, 4, 1, 2, 3, 4, 0]]);
  assert.deepEqual(ids(dg.khopAdj(g, 1).data), [1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 1]);
  // DGL: khop_adj(g, 3) rows 0 and 4 = [1, 3, 3, 1, 0] and [3, 3, 1, 0, 1].
  const k3 = dg.khopAdj(g, 3);
  assert.deepEqual([ids(k3.data.subarray(0, 5)), ids(k3.data.subarray(20, 25))], [[1, 3, 3, 1, 0], [3, 3, 1, 0, 1]]);
  assert.deepEqual(ids(dg.khopAdj(g, 0).data), ids(dg.eye(5).data));
  expectClose(dg.normByDst(dg.graph([[0, 1, 1], [1, 1, 2]])), [0.5, 0.5, 1]);
}));

test('createBlock and blockToGraph (DGL examples)', () => forEachBackend(() => {
  const b = dg.createBlock([[0, 1, 2], [1, 2, 3]], { numSrcNodes: 3, numDstNodes: 4 });
  assert.ok(b.isBlock);
  assert.deepEqual([b.numSrcNodes(), b.numDstNodes(), b.numEdges()], [3, 4, 3]);
  const hb = dg.createBlock({ 'A:AB:B': [[1, 2, 3], [2, 1, 0]], 'B:BA:A': [[2, 1], [2, 3]] },
    { numSrcNodes: { A: 6, B: 5 }, numDstNodes: { A: 4, B: 3 } });
  assert.deepEqual([hb.numSrcNodes('A'), hb.numSrcNodes('B'), hb.numDstNodes('A'), hb.numDstNodes('B')], [6, 5, 4, 3]);
  b.srcdata.set('x', dg.ones([3, 2]));
  b.edata.set('w', dg.ones([3]));
  const g = dg.blockToGraph(b);
  assert.equal(g.isBlock, false);
  assert.deepEqual(g.canonicalEtypes, [['_N_src', '_E', '_N_dst']]);
  assert.deepEqual([g.numNodes('_N_src'), g.numNodes('_N_dst')], [3, 4]);
  assert.equal(g.nodeFrame('_N_src').get('x'), b.srcdata.get('x'));
  assert.deepEqual(edgesOf(g), [[0, 1, 2], [1, 2, 3]]);
  assert.throws(() => dg.blockToGraph(dg.graph([[0], [1]])), /expects a block/);
}));

test('reorderGraph: rcmk, custom and dst orders as in DGL; degree and random are permutations', () => forEachBackend(() => {
  const g = dg.graph([[0, 1, 2, 3, 4], [2, 2, 3, 2, 3]]);
  g.ndata.set('h', dg.arange(10).reshape([5, 2]));
  g.edata.set('w', dg.arange(5).reshape([5, 1]));
  const rg = dg.reorderGraph(g);
  // DGL (rcmk): NID [4, 3, 1, 2, 0], edge w / EID [4, 3, 1, 2, 0].
  assert.deepEqual(ids(rg.ndata.get(dg.NID).data), [4, 3, 1, 2, 0]);
  assert.deepEqual(ids(rg.ndata.get('h').data), [8, 9, 6, 7, 2, 3, 4, 5, 0, 1]);
  assert.deepEqual(ids(rg.edata.get(dg.EID).data), [4, 3, 1, 2, 0]);
  const cg = dg.reorderGraph(g, { nodePermuteAlgo: 'custom', permuteConfig: { nodesPerm: [3, 2, 0, 4, 1] } });
  // DGL: w [3, 2, 0, 4, 1].
  assert.deepEqual(ids(cg.edata.get('w').data), [3, 2, 0, 4, 1]);
  const dgd = dg.reorderGraph(g, { nodePermuteAlgo: 'rcmk', edgePermuteAlgo: 'dst' });
  // DGL: EID [4, 2, 3, 1, 0].
  assert.deepEqual(ids(dgd.edata.get(dg.EID).data), [4, 2, 3, 1, 0]);
  assert.deepEqual(ids(dgd.edata.get('w').data), [4, 2, 3, 1, 0]);
  const deg = dg.reorderGraph(g, { nodePermuteAlgo: 'degree' });
  assert.equal(deg.ndata.get(dg.NID).data[0], 2);
  const rnd = dg.reorderGraph(g, { nodePermuteAlgo: 'random', permuteConfig: { seed: 4 } });
  assert.deepEqual(ids(rnd.ndata.get(dg.NID).data).sort(), [0, 1, 2, 3, 4]);
  assert.throws(() => dg.reorderGraph(g, { nodePermuteAlgo: 'metis' as 'rcmk' }), /'metis' is not available/);
  assert.throws(() => dg.reorderGraph(g, { nodePermuteAlgo: 'custom', permuteConfig: { nodesPerm: [0, 0, 1, 2, 3] } }), /permutation/);
}));

test('knnGraph and radiusGraph (DGL examples)', () => forEachBackend(() => {
  const x = dg.tensor([0, 0, 1, 1, 0.5, 0.5, 0.5, 0.2, 0.2, 0.3, 0.2, 0.4], { shape: [4, 3] });
  assert.deepEqual(edgesOf(dg.knnGraph(x, 2)), [[0, 1, 2, 2, 2, 3, 3, 3], [0, 1, 1, 2, 3, 0, 2, 3]]);
  const x2 = dg.tensor([0, 1, 1, 0.3, 0.3, 0.3, 0.4, 0.4, 1, 0.3, 0.8, 0.2], { shape: [4, 3] });
  const kb = dg.knnGraph(dg.stack([x, x2], 0), 2);
  assert.deepEqual(edgesOf(kb), [[0, 1, 2, 2, 2, 3, 3, 3, 4, 5, 5, 5, 6, 6, 7, 7], [0, 1, 1, 2, 3, 0, 2, 3, 4, 5, 6, 7, 4, 6, 5, 7]]);
  assert.deepEqual(ids(kb.batchNumNodes()), [4, 4]);
  const noSelf = dg.knnGraph(x, 1, { excludeSelf: true });
  assert.ok(edgesOf(noSelf)[0].every((u, i) => u !== edgesOf(noSelf)[1][i]));
  const [rg, dist] = dg.radiusGraph(x, 0.75, { getDistances: true });
  assert.deepEqual(edgesOf(rg), [[0, 1, 2, 2, 3, 3], [3, 2, 1, 3, 0, 2]]);
  expectClose(dist, [0.7, 0.6557, 0.6557, 0.2828, 0.7, 0.2828], { atol: 1e-4 });
  assert.throws(() => dg.knnGraph(x, 5), /k \(5\) is larger/);
  assert.throws(() => dg.knnGraph(dg.ones([2]), 1), /\[N, D\] or \[B, N, D\]/);
}));
