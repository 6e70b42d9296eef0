import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../../src/index.js';
import { GATConv, HeteroEmbedding, HeteroLinear, Linear, relationalGAT } from '../../../src/nn/index.js';
import { expectClose, seededData } from '../../helpers.js';

const f64 = (shape: number[], seed: number): dg.Tensor =>
  dg.tensor(seededData(shape.reduce((a, b) => a * b, 1), seed), { shape, dtype: 'float64', requiresGrad: true });

test('HeteroLinear applies one Linear per type; shapes, names, gradients, toString, unknown types', () => {
  const lin = new HeteroLinear({ user: 3, item: 5, 'user:buys:item': 2 }, 4, { dtype: 'float64' });
  const x = { user: f64([2, 3], 1), item: f64([3, 5], 2), 'user:buys:item': f64([4, 2], 3) };
  const out = lin.forward(x);
  assert.deepEqual(Object.fromEntries(Object.entries(out).map(([k, t]) => [k, [...t.shape]])), { user: [2, 4], item: [3, 4], 'user:buys:item': [4, 4] });
  for (const key of Object.keys(x) as (keyof typeof x)[]) {
    const l = lin.linears.get(key) as Linear;
    expectClose(out[key], dg.add(dg.matmul(x[key], dg.transpose(l.weight)), l.bias!), { atol: 1e-12 });
  }
  assert.deepEqual([...lin.stateDict().keys()].sort(), ['linears.item.bias', 'linears.item.weight', 'linears.user.bias', 'linears.user.weight',
    'linears.user:buys:item.bias', 'linears.user:buys:item.weight']);
  assert.deepEqual(Object.keys(lin.forward({ item: x.item })), ['item'], 'a subset of the types is fine');
  dg.gradcheck((u, i) => dg.add(dg.sum(lin.forward({ user: u }).user), dg.sum(lin.forward({ item: i }).item)), [x.user, x.item, (lin.linears.get('item') as Linear).weight]);
  assert.equal(lin.toString(), 'HeteroLinear(\n  inSize={user: 3, item: 5, user:buys:item: 2}, outSize=4\n  (linears): ModuleDict(\n' +
    '    (user): Linear(3, 4)\n    (item): Linear(5, 4)\n    (user:buys:item): Linear(2, 4)\n  )\n)');
  assert.throws(() => lin.forward({ store: dg.zeros([1, 3]) }), /unknown type 'store'; known types are \[user, item, user:buys:item\]/);
  assert.throws(() => lin.forward({ user: dg.zeros([1, 5]) }), /type 'user' have shape \[1, 5\], expected \[rows, 3\]/);
  assert.equal(new HeteroLinear({ a: 2 }, 3, { bias: false }).linears.get('a').bias, null);
});

test('HeteroEmbedding looks up one table per type; weight record, reset, gradients, bad ids', () => {
  dg.manualSeed(3);
  const emb = new HeteroEmbedding({ user: 4, item: 6 }, 3, { dtype: 'float64' });
  const ids = { user: dg.tensor([3, 0, 3], { dtype: 'int32' }), item: Int32Array.from([5]) };
  const out = emb.forward(ids);
  assert.deepEqual([...out.user.shape], [3, 3]);
  const w = emb.weight;
  expectClose(out.user.data.subarray(0, 3), w.user.data.subarray(9, 12));
  expectClose(out.item, w.item.data.subarray(15, 18));
  const before = Float64Array.from(w.item.data);
  emb.resetParameters();
  assert.notDeepEqual(Float64Array.from(w.item.data), before, 'resetParameters re-draws the tables');
  const bound = Math.sqrt(6 / (6 + 3));
  assert.ok(w.item.data.every((v) => Math.abs(v) <= bound), 'xavier-uniform bound');
  dg.gradcheck(() => emb.forward(ids).user, [w.user]);
  assert.equal(emb.toString(), 'HeteroEmbedding(\n  numEmbeddings={user: 4, item: 6}, embeddingDim=3\n  (embeds): ModuleDict(\n' +
    '    (user): Embedding(4, 3)\n    (item): Embedding(6, 3)\n  )\n)');
  assert.throws(() => emb.forward({ user: Int32Array.from([4]) }), /id 4 \(position 0\) of type 'user' is out of range \[0, 4\)/);
  assert.throws(() => emb.forward({ seller: Int32Array.from([0]) }), /unknown type 'seller'/);
  assert.throws(() => new HeteroEmbedding({ user: -1 }, 2), /numEmbeddings of type 'user' must be a non-negative integer/);
});

test('relationalGAT sums one GATConv per relation; a relation equals the homogeneous GATConv on its edges; gradients check', () => {
  const hg = dg.heterograph({
    'user:follows:user': [[0, 1, 2, 2], [1, 2, 0, 1]],
    'user:buys:item': [[0, 1, 2], [0, 0, 1]],
    'item:similar:item': [[0, 1], [1, 0]],
  }, { numNodes: { user: 3, item: 2 } });
  dg.manualSeed(5);
  const rgat = relationalGAT(hg.canonicalEtypes, { user: 3, item: 2 }, 2, 2, { dtype: 'float64' });
  const x = { user: f64([3, 3], 1), item: f64([2, 2], 2) };
  const out = rgat.forward(hg, x);
  assert.deepEqual([...out.item.shape], [2, 2, 2]);
  const mod = (k: string): GATConv => rgat.mods.get(k) as GATConv;
  assert.ok(mod('user:buys:item').fcSrc !== null && mod('user:follows:user').fc !== null, 'separate projections only across types');
  const buys = mod('user:buys:item').forward(hg.relation('buys'), [x.user, x.item]);
  const similar = mod('item:similar:item').forward(hg.relation('similar'), [x.item, x.item]);
  expectClose(out.item, dg.add(buys, similar), { atol: 1e-12 });
  // The user relation alone is the homogeneous GATConv with the same weights on a plain graph.
  const homo = new GATConv(3, 2, 2, { dtype: 'float64' });
  homo.loadStateDict(mod('user:follows:user').stateDict());
  expectClose(out.user, homo.forward(dg.graph([[0, 1, 2, 2], [1, 2, 0, 1]], { numNodes: 3 }), x.user), { atol: 1e-12 });
  dg.gradcheck((u, i) => rgat.forward(hg, { user: u, item: i }).item, [x.user, x.item, mod('user:buys:item').attnL, mod('item:similar:item').fc!.weight]);
  assert.match(rgat.toString(), /user:buys:item\): GATConv\(\(3, 2\), 2, heads=2\)/);
  assert.throws(() => relationalGAT(hg.canonicalEtypes, { user: 3 }, 2, 1), /no size for node type 'item'/);
});
