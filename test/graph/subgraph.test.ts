// Subgraphs and compaction against DGL's documented examples (dgl.node_subgraph, edge_subgraph,
// in_subgraph, out_subgraph, compact_graphs) and DGL's relabelling order (first appearance,
// sources before destinations: aten::Relabel_ / IdHashMap).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { expectClose, seededData } from '../helpers.js';
import { randomEdges } from './cases.js';

const ids = (a: ArrayLike<number>): number[] => Array.from(a);
const edgesOf = (g: dg.Graph, etype?: dg.EtypeKey): [number[], number[]] => {
  const [u, v] = g.edges({ etype });
  return [ids(u), ids(v)];
};
const nid = (g: dg.Graph, ntype?: string): number[] => ids(g.nodeFrame(ntype).get(dg.NID).data);
const eid = (g: dg.Graph, etype?: dg.EtypeKey): number[] => ids(g.edgeFrame(etype).get(dg.EID).data);

function cycle(): dg.Graph {
  const g = dg.graph([[0, 1, 2, 3, 4], [1, 2, 3, 4, 0]]);
  g.edata.set('w', dg.tensor(Float32Array.from({ length: 10 }, (_, i) => i), { shape: [5, 2] }));
  g.ndata.set('x', dg.tensor([10, 11, 12, 13, 14], { shape: [5, 1] }));
  return g;
}

test('nodeSubgraph: DGL example; nodes in the given order, edges source by source; masks; features follow', () => {
  const g = cycle();
  const sg = dg.nodeSubgraph(g, [0, 1, 4]);
  assert.equal(sg.numNodes(), 3);
  assert.deepEqual(edgesOf(sg), [[0, 2], [1, 0]]);
  assert.deepEqual(nid(sg), [0, 1, 4]);
  assert.deepEqual(eid(sg), [0, 4]);
  expectClose(sg.edata.get('w'), dg.tensor([[0, 1], [8, 9]]));
  expectClose(sg.ndata.get('x'), dg.tensor([[10], [11], [14]]));
  // Reordered nodes: new ids follow the given order, edges come by new source.
  const re = dg.nodeSubgraph(g, [4, 0, 1]);
  assert.deepEqual(edgesOf(re), [[0, 1], [1, 2]]);
  assert.deepEqual(eid(re), [4, 0]);
  const mask = dg.tensor(Uint8Array.from([1, 1, 0, 0, 1]), { dtype: 'bool' });
  assert.deepEqual(edgesOf(dg.nodeSubgraph(g, mask)), [[0, 2], [1, 0]]);
  const keepAll = dg.nodeSubgraph(g, [0, 1, 4], { relabelNodes: false });
  assert.equal(keepAll.numNodes(), 5);
  assert.deepEqual(edgesOf(keepAll), [[0, 4], [1, 0]]);
  assert.equal(keepAll.ndata.has(dg.NID), false);
  assert.equal(dg.nodeSubgraph(g, [0, 1], { storeIds: false }).edata.has(dg.EID), false);
  assert.throws(() => dg.nodeSubgraph(g, [0, 9]), (e: Error) => e instanceof RangeError && /9/.test(e.message) && /\[0, 5\)/.test(e.message));
  assert.throws(() => dg.nodeSubgraph(g, [1, 1]), /node 1 of type '_N' is given twice/);
});

test('nodeSubgraph on a heterograph: unlisted types keep no nodes (DGL example)', () => {
  const g = dg.heterograph({ 'user:plays:game': [[0, 1, 1, 2], [0, 0, 2, 1]], 'user:follows:user': [[0, 1, 1], [1, 2, 2]] });
  const sg = dg.nodeSubgraph(g, { user: [1, 2] });
  assert.deepEqual([sg.numNodes('game'), sg.numNodes('user'), sg.numEdges('plays'), sg.numEdges('follows')], [0, 2, 0, 2]);
  assert.deepEqual(nid(sg, 'user'), [1, 2]);
  assert.deepEqual(eid(sg, 'follows'), [1, 2]);
  assert.throws(() => dg.nodeSubgraph(g, [0]), /node types \[game, user\]; pass ids as \{ ntype: ids \}/);
  assert.throws(() => dg.nodeSubgraph(g, { person: [0] }), /unknown node type 'person'/);
});

test('edgeSubgraph: DGL example; endpoints relabelled by first appearance, sources first', () => {
  const g = cycle();
  const sg = dg.edgeSubgraph(g, [0, 4]);
  assert.deepEqual(edgesOf(sg), [[0, 1], [2, 0]]);
  assert.deepEqual(nid(sg), [0, 4, 1]);
  assert.deepEqual(eid(sg), [0, 4]);
  expectClose(sg.ndata.get('x'), dg.tensor([[10], [14], [11]]));
  expectClose(sg.edata.get('w'), dg.tensor([[0, 1], [8, 9]]));
  const keep = dg.edgeSubgraph(g, [4, 1], { relabelNodes: false });
  assert.deepEqual(edgesOf(keep), [[4, 1], [0, 2]]);
  assert.equal(keep.numNodes(), 5);
  assert.equal(keep.ndata.has(dg.NID), false);
  const h = dg.heterograph({ 'user:plays:game': [[0, 1, 1, 2], [0, 0, 2, 1]], 'user:follows:user': [[0, 1, 1], [1, 2, 2]] });
  const hs = dg.edgeSubgraph(h, { plays: [1, 2], follows: [2] });
  // user: follows sources [1], follows destinations [2], plays sources [1, 1] -> [1, 2]; game: [0, 2].
  assert.deepEqual(nid(hs, 'user'), [1, 2]);
  assert.deepEqual(nid(hs, 'game'), [0, 2]);
  assert.deepEqual(edgesOf(hs, 'plays'), [[0, 0], [0, 1]]);
  assert.deepEqual(edgesOf(hs, 'follows'), [[0], [1]]);
  assert.throws(() => dg.edgeSubgraph(h, { likes: [0] }), /unknown edge type 'likes'/);
  assert.throws(() => dg.edgeSubgraph(g, [5]), (e: Error) => e instanceof RangeError && /edge id/.test(e.message) && /5/.test(e.message));
});

test('inSubgraph / outSubgraph: DGL examples; all nodes kept (no NID) unless relabelNodes', () => {
  const g = cycle();
  const ins = dg.inSubgraph(g, [2, 0]);
  assert.equal(ins.numNodes(), 5);
  assert.deepEqual(edgesOf(ins), [[1, 4], [2, 0]]);
  assert.deepEqual(eid(ins), [1, 4]);
  expectClose(ins.edata.get('w'), dg.tensor([[2, 3], [8, 9]]));
  assert.equal(ins.ndata.has(dg.NID), false);
  assert.equal(ins.ndata.get('x'), g.ndata.get('x'));
  const outs = dg.outSubgraph(g, [2, 0]);
  assert.deepEqual(edgesOf(outs), [[2, 0], [3, 1]]);
  assert.deepEqual(eid(outs), [2, 0]);
  expectClose(outs.edata.get('w'), dg.tensor([[4, 5], [0, 1]]));
  const rel = dg.inSubgraph(g, [2, 0], { relabelNodes: true });
  assert.deepEqual(nid(rel), [1, 4, 2, 0]);
  assert.deepEqual(edgesOf(rel), [[0, 1], [2, 3]]);
  const h = dg.heterograph({ 'user:plays:game': [[0, 1, 1, 2], [0, 0, 2, 1]], 'user:follows:user': [[0, 1, 1], [1, 2, 2]] });
  const hi = dg.inSubgraph(h, { game: [0] });
  assert.deepEqual([hi.numEdges('plays'), hi.numEdges('follows'), hi.numNodes('user')], [2, 0, 3]);
  assert.deepEqual(eid(hi, 'plays'), [0, 1]);
  const ho = dg.outSubgraph(h, { user: [1] });
  assert.deepEqual(eid(ho, 'plays'), [1, 2]);
  assert.deepEqual(eid(ho, 'follows'), [1, 2]);
});

test('subgraph features stay differentiable with respect to the parent features', () => {
  const [src, dst] = randomEdges(7, 20, 5);
  const x = dg.tensor(seededData(14, 1), { shape: [7, 2], dtype: 'float64', requiresGrad: true });
  const w = dg.tensor(seededData(20, 2), { shape: [20, 1], dtype: 'float64', requiresGrad: true });
  dg.gradcheck((a, b) => {
    const g = dg.graph([src, dst], { numNodes: 7 });
    g.ndata.set('x', a); g.edata.set('w', b);
    const ns = dg.nodeSubgraph(g, [6, 2, 3, 0, 5]);
    assert.ok(ns.numEdges() >= 3, 'the case needs edges among the kept nodes');
    const sg = dg.edgeSubgraph(ns, [2, 0, ns.numEdges() - 1]);
    return dg.ops.uMulESum(sg, sg.ndata.get('x'), sg.edata.get('w'));
  }, [x, w]);
});

test('compactGraphs: DGL examples; shared numbering across graphs, alwaysPreserve first', () => {
  const g = dg.heterograph({ 'user:plays:game': [[1, 3], [3, 5]] }, { numNodes: { user: 20, game: 10 } });
  const c = dg.compactGraphs(g);
  assert.deepEqual(nid(c, 'user'), [1, 3]);
  assert.deepEqual(nid(c, 'game'), [3, 5]);
  assert.deepEqual(edgesOf(c), [[0, 1], [0, 1]]);
  const g2 = dg.heterograph({ 'user:plays:game': [[1, 6], [6, 8]] }, { numNodes: { user: 20, game: 10 } });
  const [a, b] = dg.compactGraphs([g, g2]);
  assert.deepEqual(nid(a, 'user'), [1, 3, 6]);
  assert.deepEqual(nid(a, 'game'), [3, 5, 6, 8]);
  assert.deepEqual(nid(b, 'user'), [1, 3, 6]);
  assert.deepEqual(edgesOf(a), [[0, 1], [0, 1]]);
  assert.deepEqual(edgesOf(b), [[0, 2], [2, 3]]);
  const h = dg.heterograph({ 'user:follow:user': [[1, 3], [3, 5]], 'user:plays:game': [[2, 3, 2], [4, 4, 3]] });
  h.edgeFrame('plays').set('w', dg.tensor([[1], [2], [3]]));
  const hc = dg.compactGraphs(h);
  assert.deepEqual(nid(hc, 'user'), [1, 3, 5, 2]);
  assert.deepEqual(nid(hc, 'game'), [4, 3]);
  assert.deepEqual(edgesOf(hc, 'plays'), [[3, 1, 3], [0, 0, 1]]);
  assert.equal(hc.edgeFrame('plays').get('w'), h.edgeFrame('plays').get('w'));
  assert.equal(hc.edgeFrame('plays').has(dg.EID), false);
  const p = dg.compactGraphs(dg.graph([[3], [1]], { numNodes: 6 }), { alwaysPreserve: [5, 1] });
  assert.deepEqual(nid(p), [5, 1, 3]);
  assert.deepEqual(edgesOf(p), [[2], [1]]);
  assert.throws(() => dg.compactGraphs([g, dg.heterograph({ 'user:plays:game': [[0], [0]] }, { numNodes: { user: 19, game: 10 } })]),
    /node type 'user' has 20 nodes in one graph and 19 in another/);
});
