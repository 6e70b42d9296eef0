import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { expectClose } from '../helpers.js';
import { randomAdj, range } from './util.js';

function homogeneous(seed: number): dg.Graph {
  const { src, dst } = randomAdj(30, 200, seed).coo();
  return dg.graph([src, dst], { numNodes: 30 });
}

test('sampleNeighbors returns a frontier with every node, the sampled edges and their original ids', () => {
  const g = homogeneous(1);
  g.ndata.set('x', dg.rand([30, 3]));
  g.edata.set('w', dg.rand([200, 2], { dtype: 'float64' }));
  const f = dg.sampleNeighbors(g, [0, 1, 2, 5], 3, { seed: 8 });
  assert.equal(f.numNodes(), 30);
  const eid = f.edata.get(dg.EID).data as Int32Array;
  const ref = dg.sampleNeighborEdges(g.sparse(), [0, 1, 2, 5], 3, { seed: 8 });
  assert.deepEqual([...eid], [...ref.eid]);
  const [fs, fd] = f.edges();
  const [gs, gd] = g.edges();
  for (let i = 0; i < eid.length; i++) {
    assert.equal(fs[i], gs[eid[i]]);
    assert.equal(fd[i], gd[eid[i]]);
    assert.ok([0, 1, 2, 5].includes(fd[i]));
  }
  assert.equal(f.ndata.get('x'), g.ndata.get('x'));
  const w = g.edata.get('w');
  for (let i = 0; i < eid.length; i++) expectClose(f.edata.get('w').data.subarray(2 * i, 2 * i + 2), w.data.subarray(2 * eid[i], 2 * eid[i] + 2));
  // Copied edge features stay differentiable with respect to the originals.
  dg.gradcheck((x) => {
    const h = homogeneous(1);
    h.edata.set('w', x);
    return dg.sampleNeighbors(h, [0, 1], 2, { seed: 3 }).edata.get('w');
  }, [dg.rand([200, 2], { dtype: 'float64', requiresGrad: true })]);
});

test('prob as a feature name: zero-weight edges never sampled; missing names list the features', () => {
  const g = homogeneous(2);
  const p = new Float32Array(200).map((_, e) => (e % 3 === 0 ? 0 : 1));
  g.edata.set('p', dg.tensor(p));
  const f = dg.sampleNeighbors(g, range(30), 4, { prob: 'p', seed: 1, replace: true });
  for (const e of f.edata.get(dg.EID).data) assert.notEqual(e % 3, 0, `zero-probability edge ${e} sampled`);
  assert.throws(() => dg.sampleNeighbors(g, [0], 2, { prob: 'nope' }), (e: Error) =>
    e instanceof dg.FeatureNotFoundError && /nope/.test(e.message) && /p/.test(e.message));
  g.edata.set('bad', dg.tensor(new Float32Array(200).fill(-1)));
  assert.throws(() => dg.sampleNeighbors(g, [0], 2, { prob: 'bad' }), /prob.*non-negative/);
  assert.throws(() => dg.sampleNeighbors(g, [30], 2), /seed node 30.*30 nodes/);
});

test('typed graphs: seeds per node type, fanout per edge type, out-edges', () => {
  const g = dg.heterograph({
    'user:follows:user': [[0, 1, 2, 2, 3], [1, 2, 0, 1, 1]],
    'user:buys:item': [[0, 0, 1, 2, 3, 3, 3], [0, 1, 1, 2, 0, 1, 2]],
  });
  const f = dg.sampleNeighbors(g, { item: [1], user: [1] }, { follows: 1, buys: 2 }, { seed: 5 });
  // With two edge types, DGL's g.edata[name] is a dict keyed by canonical type: here edataPerType.
  const eids = f.edataPerType.get(dg.EID);
  assert.deepEqual(Object.keys(eids).sort(), ['user:buys:item', 'user:follows:user']);
  const buys = f.edgeFrame('buys').get(dg.EID).data;
  assert.equal(eids['user:buys:item'], f.edgeFrame('buys').get(dg.EID));
  assert.equal(buys.length, 2, 'item 1 has 3 in-edges; fanout 2');
  const [, bd] = f.edges({ etype: 'buys' });
  assert.deepEqual([...bd], [1, 1]);
  assert.equal(f.edgeFrame('follows').get(dg.EID).data.length, 1);
  const out = dg.sampleNeighbors(g, { user: [3] }, -1, { edgeDir: 'out', seed: 5 });
  assert.deepEqual([...out.edgeFrame('buys').get(dg.EID).data].sort(), [4, 5, 6]);
  assert.throws(() => dg.sampleNeighbors(g, [0], 1), /node types/);
  assert.throws(() => dg.sampleNeighbors(g, { user: [0] }, { follows: 1 }), /no fanout for edge type user:buys:item/);
});

test('selectTopk keeps the heaviest in-edges as a frontier', () => {
  const g = homogeneous(3);
  const w = dg.rand([200], { dtype: 'float64' });
  g.edata.set('score', w);
  const f = dg.selectTopk(g, 2, 'score', [4, 7]);
  const eid = [...f.edata.get(dg.EID).data];
  const [, gd] = g.edges();
  for (const v of [4, 7]) {
    const want = range(200).filter((e) => gd[e] === v).sort((a, b) => w.data[b] - w.data[a]).slice(0, 2);
    assert.deepEqual(eid.filter((e) => gd[e] === v), want);
  }
});

test('frontier options name what is wrong: unknown node and edge types, a negative prob feature', () => {
  const g = dg.heterograph({
    'user:follows:user': [[0, 1, 2], [1, 2, 0]],
    'user:buys:item': [[0, 1], [0, 1]],
  });
  assert.throws(() => dg.sampleNeighbors(g, { usr: [0] }, 1), /unknown node type 'usr'/);
  assert.throws(() => dg.sampleNeighbors(g, { user: [0] }, { follows: 1, buys: 1, byes: 2 }), /fanout names unknown edge type 'byes'/);
  assert.throws(() => dg.sampleNeighbors(g, { user: [5] }, 1), /seed node of type 'user' 5/);
  g.edgeFrame('follows').set('w', dg.tensor([1, -2, 1]));
  g.edgeFrame('buys').set('w', dg.tensor([1, 1]));
  assert.throws(() => dg.sampleNeighbors(g, { user: [0] }, 1, { prob: 'w' }), /prob 'w' of user:follows:user.*edge 1 has -2/);
  assert.throws(() => dg.sampleNeighbors(g, { user: [0] }, 1, { edgeDir: 'up' as 'in' }), /edgeDir/);
});
