// DGL behaviours deepgraph used to get wrong (issue 15, "Differences to fix"): each case states
// what DGL gives (from its documentation or python/dgl source at 3d16000) and checks ours, on
// every backend.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { expectClose, forEachBackend, seededData } from '../helpers.js';

const { fn } = dg;
const col = (xs: number[], dtype: 'float32' | 'float64' = 'float64'): dg.Tensor => dg.tensor(xs, { shape: [xs.length, 1], dtype });
const f64 = (shape: number[], seed: number): dg.Tensor =>
  dg.tensor(seededData(shape.reduce((a, b) => a * b, 1), seed), { shape, dtype: 'float64', requiresGrad: true });
const ids = (a: ArrayLike<number>): number[] => Array.from(a);

test('toHomogeneous: a type with zero rows may lack the combined feature (DGL combine_frames skips empty frames)', () => forEachBackend(() => {
  const g = dg.heterograph({ 'user:follows:user': [[0, 1], [1, 2]], 'game:playedBy:user': [[], []] }, { numNodes: { user: 3, game: 0 } });
  g.nodeFrame('user').set('h', col([1, 2, 3]));
  g.edgeFrame('follows').set('w', col([5, 6]));
  const hg = dg.toHomogeneous(g, { ndata: ['h'], edata: ['w'] });
  // DGL: ndata['h'] = [1, 2, 3] (game has 0 rows), edata['w'] = [5, 6].
  expectClose(hg.ndata.get('h'), col([1, 2, 3]));
  expectClose(hg.edata.get('w'), col([5, 6]));
  // A type with rows that lacks the feature is still an error naming the feature.
  const g2 = dg.heterograph({ 'user:follows:user': [[0], [1]], 'game:playedBy:user': [[0], [0]] }, { numNodes: { user: 2, game: 1 } });
  g2.nodeFrame('user').set('h', col([1, 2]));
  assert.throws(() => dg.toHomogeneous(g2, { ndata: ['h'] }), /no feature 'h'/);
}));

test("multiUpdateAll: a relation's apply function runs in its own pass; 'stack' orders by edge-type id (DGL)", () => forEachBackend(() => {
  const g = dg.heterograph({ 'user:follows:user': [[0, 1], [1, 2]], 'game:attracts:user': [[0, 0], [1, 2]] }, { numNodes: { user: 3, game: 1 } });
  g.nodeFrame('user').set('h', col([1, 2, 3]));
  g.nodeFrame('game').set('h', col([10]));
  // canonicalEtypes: game:attracts:user (id 0), user:follows:user (id 1). Passing follows first must not change the stack order.
  g.multiUpdateAll({
    follows: [fn.copyU('h', 'm'), fn.sum('m', 'z'), (nodes) => ({ z: nodes.data.z.mul(2) })],
    attracts: [fn.copyU('h', 'm'), fn.sum('m', 'z')],
  }, 'stack');
  const z = g.nodeFrame('user').get('z');
  assert.deepEqual(ids(z.shape), [3, 2, 1]);
  // DGL: z[v] = [attracts sum, 2 * follows sum] = [[0, 0], [10, 2], [10, 4]].
  assert.deepEqual(ids(z.data), [0, 0, 10, 2, 10, 4]);
  g.multiUpdateAll({ follows: [fn.copyU('h', 'm'), fn.sum('m', 'z'), (nodes) => ({ z: nodes.data.z.mul(2) })],
    attracts: [fn.copyU('h', 'm'), fn.sum('m', 'z')] }, 'sum');
  assert.deepEqual(ids(g.nodeFrame('user').get('z').data), [0, 12, 14]);
}));

test('reverse keeps edge-type ids: relation i of the result is relation i flipped (DGL reverse)', () => forEachBackend(() => {
  const g = dg.heterograph({ 'a:x:b': [[0], [1]], 'b:y:a': [[1, 0], [0, 0]], 'a:z:a': [[0], [0]] });
  const r = dg.reverse(g);
  // g's order is a:x:b, a:z:a, b:y:a; DGL keeps it: [(b, x, a), (a, z, a), (a, y, b)] (not re-sorted).
  assert.deepEqual(r.canonicalEtypes, g.canonicalEtypes.map((c) => [c[2], c[1], c[0]]));
  assert.deepEqual(r.canonicalEtypes.map((c) => c.join(':')), ['b:x:a', 'a:z:a', 'a:y:b']);
  assert.deepEqual(ids(r.edges({ etype: 'y' })[0]), [0, 0]);
  assert.deepEqual(ids(r.edges({ etype: 'y' })[1]), [1, 0]);
}));

test('addReverseEdges with copyEdata records EID on every relation (DGL extract_edge_subframes)', () => forEachBackend(() => {
  const g = dg.heterograph({ 'user:follows:user': [[0, 1, 2], [1, 2, 2]], 'user:plays:game': [[0, 1], [0, 0]] });
  g.edgeFrame('follows').set('w', col([1, 2, 3]));
  const r = dg.addReverseEdges(g, { copyEdata: true, ignoreBipartite: true });
  // DGL: follows EID = [0, 1, 2, 0, 1] (the self loop 2->2 is not mirrored), plays EID = [0, 1].
  assert.deepEqual(ids(r.edgeFrame('follows').get(dg.EID).data), [0, 1, 2, 0, 1]);
  assert.deepEqual(ids(r.edgeFrame('plays').get(dg.EID).data), [0, 1]);
  expectClose(r.edgeFrame('follows').get('w'), col([1, 2, 3, 1, 2]));
  assert.equal(dg.addReverseEdges(g, { ignoreBipartite: true }).edgeFrame('follows').has(dg.EID), false);
}));

test('khopGraph(g, 0) is the identity adjacency: one self loop per node (A^0 = I)', () => forEachBackend(() => {
  const g = dg.graph([[0, 1], [1, 2]], { numNodes: 4 });
  const k0 = dg.khopGraph(g, 0);
  assert.deepEqual(ids(k0.edges()[0]), [0, 1, 2, 3]);
  assert.deepEqual(ids(k0.edges()[1]), [0, 1, 2, 3]);
  assert.throws(() => dg.khopGraph(g, -1), /non-negative integer/);
}));

test('batch keeps only the named features, null for none (DGL batch ndata / edata)', () => forEachBackend(() => {
  const mk = (): dg.Graph => {
    const g = dg.graph([[0], [1]]);
    g.ndata.set('a', col([1, 2])); g.ndata.set('b', col([3, 4])); g.edata.set('w', col([5]));
    return g;
  };
  const b = dg.batch([mk(), mk()], { ndata: ['a'], edata: null });
  assert.deepEqual(b.ndata.keys(), ['a']);
  assert.deepEqual(b.edata.keys(), []);
  assert.deepEqual(dg.batch([mk(), mk()]).ndata.keys().sort(), ['a', 'b']);
}));

test('edgeSoftmax on a typed graph normalises across all relations entering a destination (DGL hetero edge_softmax)', () => forEachBackend(() => {
  const g = dg.heterograph({ 'user:follows:user': [[0, 1], [1, 1]], 'game:attracts:user': [[0, 0], [1, 2]] }, { numNodes: { user: 3, game: 1 } });
  const lf = f64([2, 1], 1), la = f64([2, 1], 2);
  const out = dg.ops.edgeSoftmax(g, { follows: lf, attracts: la });
  // User 1 receives follows edges 0, 1 and attracts edge 0: one softmax over the three; user 2 only attracts edge 1.
  const e = [Math.exp(lf.data[0]), Math.exp(lf.data[1]), Math.exp(la.data[0])];
  const s = e[0] + e[1] + e[2];
  expectClose(out.follows, [e[0] / s, e[1] / s], { atol: 1e-12 });
  expectClose(out.attracts, [e[2] / s, 1], { atol: 1e-12 });
  assert.ok(0 <= dg.gradcheck((a, b) => {
    const r = dg.ops.edgeSoftmax(g, { follows: a, attracts: b });
    return dg.concat([r.follows, r.attracts], 0);
  }, [lf, la]));
}));

test('toBlock with destination nodes for some types only: relations into the other types keep no edges (DGL to_block)', () => forEachBackend(() => {
  const g = dg.heterograph({ 'user:follows:user': [[0, 1, 2], [1, 0, 1]], 'user:plays:game': [[0, 1], [0, 1]] }, { numNodes: { user: 3, game: 2 } });
  const b = dg.toBlock(g, { user: [0, 1] });
  assert.equal(b.numDstNodes('game'), 0);
  assert.equal(b.numEdges('plays'), 0);
  assert.equal(b.numEdges('follows'), 3);
  assert.deepEqual(ids(b.srcFrame('user').get(dg.NID).data), [0, 1, 2]);
}));

test('GraphConv takes [N, *, inFeats] features, and one tensor on a bipartite graph (DGL expand_as_pair)', () => forEachBackend(() => {
  const g = dg.graph([[0, 1, 2, 2], [1, 2, 0, 1]]);
  const conv = new dg.nn.GraphConv(3, 2, { dtype: 'float64' });
  const x = f64([3, 4, 3], 5);
  const y = conv.forward(g, x);
  assert.deepEqual(ids(y.shape), [3, 4, 2]);
  // DGL: each slice x[:, k, :] convolves independently.
  for (let k = 0; k < 4; k++) {
    const slice = dg.narrow(x, 1, k, 1).reshape([3, 3]);
    expectClose(dg.narrow(y, 1, k, 1).reshape([3, 2]), conv.forward(g, slice), { atol: 1e-12 });
  }
  assert.ok(0 <= dg.gradcheck((t) => conv.forward(g, t), [f64([3, 2, 3], 6)]));
  const bg = dg.bipartite([[0, 1, 2], [0, 1, 1]], { numSrc: 3, numDst: 2 });
  const out = new dg.nn.GraphConv(3, 2, { dtype: 'float64' }).forward(bg, f64([3, 3], 7));
  assert.deepEqual(ids(out.shape), [2, 2]);
}));

test('GATConv takes [N, *, inFeats] features: output [N, *, heads, outFeats], each slice attended on its own (DGL GATConv)', () => forEachBackend(() => {
  const g = dg.graph([[0, 1, 2, 2, 0], [1, 2, 0, 1, 0]]);
  const conv = new dg.nn.GATConv(3, 2, 2, { dtype: 'float64', residual: true });
  const x = f64([3, 4, 3], 8);
  const w = dg.tensor(Float64Array.from([0.5, 2, 1, 0.25, 3]), { shape: [5] });
  const y = conv.forward(g, x, { edgeWeight: w });
  assert.deepEqual(ids(y.shape), [3, 4, 2, 2]);
  for (let k = 0; k < 4; k++) {
    const slice = dg.narrow(x, 1, k, 1).reshape([3, 3]);
    expectClose(dg.narrow(y, 1, k, 1).reshape([3, 2, 2]), conv.forward(g, slice, { edgeWeight: w }), { atol: 1e-12 });
  }
  assert.ok(0 <= dg.gradcheck((t) => conv.forward(g, t), [f64([3, 2, 3], 9)]));
  // A [src, dst] pair on a bipartite graph keeps the extra dimension on both sides.
  const bg = dg.bipartite([[0, 1, 2], [0, 1, 1]], { numSrc: 3, numDst: 2 });
  const pair = new dg.nn.GATConv([3, 4], 2, 2, { dtype: 'float64' });
  const out = pair.forward(bg, [f64([3, 5, 3], 10), f64([2, 5, 4], 11)]);
  assert.deepEqual(ids(out.shape), [2, 5, 2, 2]);
}));

test("edgeWeightNorm: 'none' returns the weights unchanged; an unknown norm is an error (DGL EdgeWeightNorm)", () => forEachBackend(() => {
  const g = dg.graph([[0, 1, 2], [1, 2, 2]]);
  const w = col([0.5, -2, 3]);
  assert.equal(dg.nn.edgeWeightNorm(g, w, 'none'), w);
  assert.equal(new dg.nn.EdgeWeightNorm({ norm: 'none' }).forward(g, w), w);
  assert.throws(() => dg.nn.edgeWeightNorm(g, w, 'left' as 'both'), /invalid norm 'left'/);
  assert.throws(() => new dg.nn.EdgeWeightNorm({ norm: 'sym' as 'both' }), /invalid norm 'sym'/);
  // 'right': w / in_w(v): v=1 gets 0.5/0.5, v=2 gets -2/1 and 3/1.
  expectClose(new dg.nn.EdgeWeightNorm({ norm: 'right' }).forward(g, w), col([1, -2, 3]), { atol: 1e-12 });
}));

test('HeteroGraphConv runs the module of a relation without edges: its destinations get the zero-message output (DGL)', () => forEachBackend(() => {
  const g = dg.heterograph({ 'user:follows:user': [[0, 1], [1, 2]], 'game:attracts:user': [[], []] }, { numNodes: { user: 3, game: 2 } });
  const follows = new dg.nn.GraphConv(2, 2, { dtype: 'float64' });
  const attracts = new dg.nn.GraphConv(2, 2, { dtype: 'float64' });
  attracts.bias!.data.set([0.5, -1]);
  const conv = new dg.nn.HeteroGraphConv({ follows, attracts }, 'sum');
  const xu = f64([3, 2], 8), xg = f64([2, 2], 9);
  const out = conv.forward(g, { user: xu, game: xg });
  // DGL: sum of follows' output and attracts' bias (zero messages, norm 'both' on empty degrees).
  expectClose(out.user, follows.forward(g.relation('follows'), xu).add(dg.tensor([0.5, -1], { dtype: 'float64' })), { atol: 1e-12 });
}));

test('randomWalk: per-step restartProb, uniform steps on relations without the prob feature, 2-D prob rejected (DGL random_walk)', () => forEachBackend(() => {
  const g = dg.graph([[0, 1, 2, 0], [1, 2, 0, 2]]);
  const start = [0, 1, 2, 0, 1, 2];
  const cut = dg.randomWalk(g, start, { length: 3, restartProb: [0, 1, 0], seed: 3 });
  // restartProb[1] = 1: every walk stops after its second transition; traces [N, 4] end with -1.
  for (let i = 0; i < start.length; i++) {
    assert.ok(cut.traces.data[i * 4 + 2] >= 0);
    assert.equal(cut.traces.data[i * 4 + 3], -1);
  }
  const full = dg.randomWalk(g, start, { length: 3, restartProb: dg.tensor([0, 0, 0]), seed: 3 });
  assert.ok(ids(full.traces.data).every((v) => v >= 0));
  assert.throws(() => dg.randomWalk(g, start, { length: 3, restartProb: [0, 1] }), /one entry per step \(3\)/);
  const h = dg.heterograph({ 'user:follows:user': [[0, 1], [1, 0]], 'user:plays:game': [[0, 0, 1], [0, 1, 1]], 'game:playedBy:user': [[0, 1, 1], [0, 0, 1]] });
  h.edgeFrame('plays').set('p', dg.tensor([1, 0, 1], { dtype: 'float64' }));
  const w = dg.randomWalk(h, [0, 1], { metapath: ['plays', 'playedBy'], prob: 'p', seed: 1 });
  // plays from user 0 must take edge 0 (weight 1, edge 1 has 0); playedBy lacks 'p' and is walked uniformly.
  assert.equal(w.traces.data[1], 0);
  assert.ok(ids(w.traces.data).every((v) => v >= 0));
  h.edgeFrame('plays').set('p', dg.tensor([1, 0, 1], { shape: [3, 1], dtype: 'float64' }));
  assert.throws(() => dg.randomWalk(h, [0], { metapath: ['plays'], prob: 'p' }), /one value per edge \(shape \[3\]\)/);
}));

test('sampleNeighbors on a typed graph: relations without the prob feature are sampled uniformly; a scalar seed is one node (DGL)', () => forEachBackend(() => {
  const g = dg.heterograph({ 'user:follows:user': [[0, 1, 2], [1, 1, 1]], 'game:attracts:user': [[0, 1], [1, 1]] }, { numNodes: { user: 3, game: 2 } });
  g.edgeFrame('follows').set('p', dg.tensor([0, 1, 0], { dtype: 'float64' }));
  const f = dg.sampleNeighbors(g, { user: 1 }, -1, { prob: 'p', seed: 2 });
  // follows: only the edge of nonzero probability; attracts (no 'p'): both edges; the scalar seed 1 is node [1].
  assert.deepEqual(ids(f.edgeFrame('follows').get(dg.EID).data), [1]);
  assert.deepEqual(ids(f.edgeFrame('attracts').get(dg.EID).data).sort(), [0, 1]);
  const h = dg.graph([[0, 1], [1, 1]]);
  assert.equal(dg.sampleNeighbors(h, 1, -1, { seed: 1 }).numEdges(), 2);
  // select_topk keeps DGL's rule: the weight must exist on every relation.
  assert.throws(() => dg.selectTopk(g, 1, 'p'), /no feature 'p'/);
}));
