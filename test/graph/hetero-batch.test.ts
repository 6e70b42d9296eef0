// toHomogeneous / toHeterogeneous and batch / unbatch against DGL's documented behaviour.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { expectClose, seededData } from '../helpers.js';

const ids = (a: ArrayLike<number>): number[] => Array.from(a);
const edgesOf = (g: dg.Graph, etype?: dg.EtypeKey): [number[], number[]] => {
  const [u, v] = g.edges({ etype });
  return [ids(u), ids(v)];
};

function devGraph(): dg.Graph {
  const hg = dg.heterograph({ 'user:follows:user': [[0, 1], [1, 2]], 'developer:develops:game': [[0, 1], [0, 1]] });
  hg.nodeFrame('user').set('h', dg.ones([3, 1]));
  hg.nodeFrame('developer').set('h', dg.zeros([2, 1]));
  hg.nodeFrame('game').set('h', dg.full([2, 1], 2));
  hg.edgeFrame('follows').set('w', dg.tensor([[1], [2]]));
  hg.edgeFrame('develops').set('w', dg.tensor([[3], [4]]));
  return hg;
}

test('toHomogeneous: nodes type by type (sorted types), edges relation by relation, _ID and _TYPE (DGL to_homogeneous)', () => {
  const hg = devGraph();
  assert.deepEqual(hg.ntypes, ['developer', 'game', 'user']);
  const g = dg.toHomogeneous(hg, { ndata: ['h'], edata: ['w'] });
  assert.equal(g.numNodes(), 7);
  assert.deepEqual(ids(g.ndata.get(dg.NTYPE).data), [0, 0, 1, 1, 2, 2, 2]);
  assert.deepEqual(ids(g.ndata.get(dg.NID).data), [0, 1, 0, 1, 0, 1, 2]);
  assert.deepEqual(ids(g.edata.get(dg.ETYPE).data), [0, 0, 1, 1]);
  assert.deepEqual(ids(g.edata.get(dg.EID).data), [0, 1, 0, 1]);
  assert.deepEqual(edgesOf(g), [[0, 1, 4, 5], [2, 3, 5, 6]]);
  expectClose(g.ndata.get('h'), dg.tensor([[0], [0], [2], [2], [1], [1], [1]]));
  expectClose(g.edata.get('w'), dg.tensor([[3], [4], [1], [2]]));
  assert.equal(dg.toHomogeneous(hg).ndata.has('h'), false);
  assert.equal(dg.toHomogeneous(hg, { storeType: false }).ndata.has(dg.NTYPE), false);
  assert.throws(() => dg.toHomogeneous(hg, { ndata: ['nope'] }), (e: Error) => e instanceof dg.FeatureNotFoundError && /nope/.test(e.message));
});

test('toHeterogeneous inverts toHomogeneous: same relations and edges, features split by type, homogeneous ids in _ID', () => {
  const hg = devGraph();
  const g = dg.toHomogeneous(hg, { ndata: ['h'], edata: ['w'] });
  const back = dg.toHeterogeneous(g, hg.ntypes, hg.etypes);
  assert.deepEqual(back.canonicalEtypes, hg.canonicalEtypes);
  for (const c of hg.canonicalEtypes) assert.deepEqual(edgesOf(back, c), edgesOf(hg, c));
  for (const t of hg.ntypes) expectClose(back.nodeFrame(t).get('h'), hg.nodeFrame(t).get('h'));
  expectClose(back.edgeFrame('develops').get('w'), dg.tensor([[3], [4]]));
  assert.deepEqual(ids(back.nodeFrame('user').get(dg.NID).data), [4, 5, 6]);
  assert.deepEqual(ids(back.edgeFrame('follows').get(dg.EID).data), [2, 3]);
  assert.equal(back.nodeFrame('user').has(dg.NTYPE), false);
  // Edge type names shared by two canonical types are told apart by their node types.
  const shared = dg.heterograph({ 'a:r:a': [[0], [1]], 'a:r:b': [[1, 0], [0, 0]] });
  const round = dg.toHeterogeneous(dg.toHomogeneous(shared), shared.ntypes, shared.etypes);
  assert.deepEqual(round.canonicalEtypes, [['a', 'r', 'a'], ['a', 'r', 'b']]);
  assert.deepEqual(edgesOf(round, 'a:r:b'), [[1, 0], [0, 0]]);
  assert.throws(() => dg.toHeterogeneous(g, ['only'], hg.etypes), (e: Error) => e instanceof RangeError && /node type id/.test(e.message));
});

test('batch / unbatch: DGL example structure, sizes, features concatenated and split back with gradients', () => {
  const g1 = dg.graph([[0, 1, 2], [1, 2, 3]]);
  const g2 = dg.graph([[0, 0, 0, 1], [0, 1, 2, 0]]);
  const x1 = dg.tensor(seededData(8, 1), { shape: [4, 2], dtype: 'float64', requiresGrad: true });
  const x2 = dg.tensor(seededData(6, 2), { shape: [3, 2], dtype: 'float64', requiresGrad: true });
  g1.ndata.set('x', x1); g2.ndata.set('x', x2);
  g1.edata.set('w', dg.tensor([[1], [2], [3]])); g2.edata.set('w', dg.tensor([[4], [5], [6], [7]]));
  const bg = dg.batch([g1, g2]);
  assert.equal(bg.batchSize, 2);
  assert.deepEqual(ids(bg.batchNumNodes()), [4, 3]);
  assert.deepEqual(ids(bg.batchNumEdges()), [3, 4]);
  assert.deepEqual(edgesOf(bg), [[0, 1, 2, 4, 4, 4, 5], [1, 2, 3, 4, 5, 6, 4]]);
  expectClose(bg.edata.get('w'), dg.tensor([[1], [2], [3], [4], [5], [6], [7]]));
  expectClose(dg.sumNodes(bg, 'x'), dg.tensor([[x1.data[0] + x1.data[2] + x1.data[4] + x1.data[6], x1.data[1] + x1.data[3] + x1.data[5] + x1.data[7]],
    [x2.data[0] + x2.data[2] + x2.data[4], x2.data[1] + x2.data[3] + x2.data[5]]], { dtype: 'float64' }), { atol: 1e-12 });
  const [u1, u2] = dg.unbatch(bg);
  assert.deepEqual(edgesOf(u1), edgesOf(g1));
  assert.deepEqual(edgesOf(u2), edgesOf(g2));
  expectClose(u2.ndata.get('x'), x2);
  expectClose(u1.edata.get('w'), g1.edata.get('w'));
  dg.gradcheck((a, b) => {
    const h1 = dg.graph([[0, 1, 2], [1, 2, 3]]), h2 = dg.graph([[0, 0, 0, 1], [0, 1, 2, 0]]);
    h1.ndata.set('x', a); h2.ndata.set('x', b);
    const bb = dg.batch([h1, h2]);
    // Message passing on the batch, then the second member's features split back out.
    bb.ndata.set('x', dg.ops.copyUSum(bb, bb.ndata.get('x')).mul(bb.ndata.get('x')));
    return dg.unbatch(bb)[1].ndata.get('x');
  }, [x1, x2]);
  // Batching batched graphs flattens the members (DGL); an empty member is kept.
  const empty = dg.graph([[], []], { numNodes: 0 });
  empty.ndata.set('x', dg.zeros([0, 2], { dtype: 'float64' })); empty.edata.set('w', dg.zeros([0, 1]));
  const nested = dg.batch([bg, empty, g1]);
  assert.deepEqual(ids(nested.batchNumNodes()), [4, 3, 0, 4]);
  const parts = dg.unbatch(nested);
  assert.equal(parts.length, 4);
  assert.deepEqual(edgesOf(parts[3]), edgesOf(g1));
  assert.equal(parts[2].numNodes(), 0);
});

test('batch of heterographs keeps per-type sizes; mismatched graphs are errors that say why', () => {
  const a = dg.heterograph({ 'user:plays:game': [[0, 1], [1, 1]] }, { numNodes: { user: 2, game: 2 } });
  const b = dg.heterograph({ 'user:plays:game': [[0], [2]] }, { numNodes: { user: 1, game: 3 } });
  a.nodeFrame('game').set('y', dg.ones([2])); b.nodeFrame('game').set('y', dg.zeros([3]));
  const bg = dg.batch([a, b]);
  assert.deepEqual(ids(bg.batchNumNodes('user')), [2, 1]);
  assert.deepEqual(ids(bg.batchNumNodes('game')), [2, 3]);
  assert.deepEqual(edgesOf(bg), [[0, 1, 2], [1, 1, 4]]);
  assert.deepEqual(ids(bg.nodeFrame('game').get('y').data), [1, 1, 0, 0, 0]);
  const [ua, ub] = dg.unbatch(bg);
  assert.deepEqual(edgesOf(ub), [[0], [2]]);
  assert.equal(ua.numNodes('game'), 2);
  assert.throws(() => dg.batch([a, dg.graph([[0], [1]])]), /batch: graphs differ in types/);
  const c = dg.heterograph({ 'user:plays:game': [[0], [0]] });
  assert.throws(() => dg.batch([a, c]), (e: Error) => e instanceof dg.FeatureNotFoundError && /'y'/.test(e.message));
  assert.throws(() => dg.batch([]), /at least one graph/);
});
