// Message passing on typed graphs through the Graph methods, and bad input that must say what is wrong.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { expectClose, seededData } from '../helpers.js';

const { fn } = dg;
const f64 = (shape: number[], seed: number, lo = -1, hi = 1): dg.Tensor =>
  dg.tensor(seededData(shape.reduce((a, b) => a * b, 1), seed, lo, hi), { shape, dtype: 'float64', requiresGrad: true });

/** Users follow users and games are played by users: two relations into 'user'. */
function twoRelations(): dg.Graph {
  const g = dg.heterograph({
    'user:follows:user': [[0, 1, 2, 2, 3], [1, 2, 0, 3, 1]],
    'game:playedBy:user': [[0, 1, 1, 2], [0, 0, 2, 3]],
  }, { numNodes: { user: 5, game: 3 } });
  g.nodeFrame('user').set('h', f64([5, 2], 1));
  g.nodeFrame('game').set('h', f64([3, 2], 2));
  g.edgeFrame('follows').set('w', f64([5, 1], 3, 0.5, 2));
  return g;
}

test('multiUpdateAll with sum across relations equals the two single-relation results added (values and gradients)', () => {
  const g = twoRelations();
  const follows = [fn.uMulE('h', 'w', 'm'), fn.sum('m', 'z')] as const;
  const played = [fn.copyU('h', 'm'), fn.mean('m', 'z')] as const;
  g.updateAll(...follows, undefined, 'follows');
  const a = g.nodeFrame('user').get('z');
  g.updateAll(...played, undefined, ['game', 'playedBy', 'user']);
  const b = g.nodeFrame('user').get('z');
  g.multiUpdateAll({ follows, 'game:playedBy:user': played }, 'sum');
  const z = g.nodeFrame('user').get('z');
  expectClose(z, a.add(b), { atol: 1e-12 });
  // Node 4 has no in-edges of either type: 0, as each single relation gives.
  assert.deepEqual([z.data[8], z.data[9]], [0, 0]);
  const upstream = dg.tensor(seededData(10, 4), { shape: [5, 2], dtype: 'float64' });
  const leaves = [g.nodeFrame('user').get('h'), g.nodeFrame('game').get('h'), g.edgeFrame('follows').get('w')];
  z.backward(upstream);
  const multi = leaves.map((t) => [...t.grad!.data]);
  for (const t of leaves) t.grad = null;
  a.add(b).backward(upstream);
  leaves.forEach((t, i) => expectClose(t.grad!, multi[i], { atol: 1e-12 }));
  // Other cross reducers combine the same two results.
  g.multiUpdateAll({ follows, playedBy: played }, 'max');
  expectClose(g.nodeFrame('user').get('z'), dg.maximum(a, b));
  g.multiUpdateAll({ follows, playedBy: played }, 'mean');
  expectClose(g.nodeFrame('user').get('z'), a.add(b).div(2), { atol: 1e-12 });
  g.multiUpdateAll({ follows, playedBy: played }, 'stack');
  assert.deepEqual([...g.nodeFrame('user').get('z').shape], [5, 2, 2]);
});

test('typed graphs: edgeSoftmax, ops and applyEdges on one relation; edgeSoftmax by source', () => {
  const g = twoRelations();
  const logits = f64([5, 1], 5);
  const a = dg.ops.edgeSoftmax(g, logits, { etype: 'follows' });
  const sums = dg.ops.copyESum(g.relation('follows'), a);
  const deg = g.inDegrees(undefined, 'follows');
  deg.forEach((d, v) => assert.ok(Math.abs(sums.data[v] - (d > 0 ? 1 : 0)) < 1e-12));
  const bySrc = dg.ops.edgeSoftmax(g, logits, { etype: 'follows', normBy: 'src' });
  const srcSums = dg.ops.copyESum(dg.reverse(g.relation('follows')), bySrc);
  g.outDegrees(undefined, 'follows').forEach((d, u) => assert.ok(Math.abs(srcSums.data[u] - (d > 0 ? 1 : 0)) < 1e-12));
  g.applyEdges(fn.uDotV('h', 'h', 's'), undefined, 'playedBy');
  assert.deepEqual([...g.edgeFrame('playedBy').get('s').shape], [4, 1]);
  expectClose(g.edgeFrame('playedBy').get('s'), dg.ops.uDotV(g.relation('playedBy'), g.nodeFrame('game').get('h'), g.nodeFrame('user').get('h')));
});

test('bad input: unknown and ambiguous edge types name the valid canonical types', () => {
  const g = dg.heterograph({ 'user:likes:item': [[0], [0]], 'user:likes:user': [[0], [1]], 'item:soldTo:user': [[0], [1]] });
  g.nodeFrame('user').set('h', f64([2, 2], 1));
  g.nodeFrame('item').set('h', f64([1, 2], 2));
  const ambiguous = (e: Error): boolean => /edge type 'likes' is ambiguous/.test(e.message)
    && /user:likes:item/.test(e.message) && /user:likes:user/.test(e.message);
  assert.throws(() => g.updateAll(fn.copyU('h', 'm'), fn.sum('m', 'z'), undefined, 'likes'), ambiguous);
  assert.throws(() => dg.ops.gspmm(g, 'copyLhs', 'sum', g.nodeFrame('user').get('h'), null, 'likes'), ambiguous);
  assert.throws(() => g.multiUpdateAll({ likes: [fn.copyU('h', 'm'), fn.sum('m', 'z')] }), ambiguous);
  assert.throws(() => g.applyEdges(fn.copyU('h', 'm'), undefined, 'buys'), /unknown edge type 'buys'; valid edge types: \[item:soldTo:user, user:likes:item, user:likes:user\]/);
  assert.throws(() => dg.ops.edgeSoftmax(g, f64([1, 1], 3), { etype: 'buys' }), /unknown edge type 'buys'/);
  assert.throws(() => g.updateAll(fn.copyU('h', 'm'), fn.sum('m', 'z')), /3 edge types; pass one of/);
  g.updateAll(fn.copyU('h', 'm'), fn.sum('m', 'z'), undefined, 'user:likes:user');
  assert.deepEqual([...g.nodeFrame('user').get('z').shape], [2, 2]);
});

test('bad input: out-of-range node and edge ids say which id and the bound', () => {
  const g = dg.graph([[0, 1, 2], [1, 2, 0]]);
  g.ndata.set('h', f64([3, 1], 1));
  const outOfRange = (id: number, bound: number) => (e: Error): boolean =>
    e instanceof RangeError && e.message.includes(`index ${id}`) && e.message.includes(`[0, ${bound})`);
  assert.throws(() => g.pull([0, 7], fn.copyU('h', 'm'), fn.sum('m', 'z')), outOfRange(7, 3));
  assert.throws(() => g.push([-1], fn.copyU('h', 'm'), fn.sum('m', 'z')), outOfRange(-1, 3));
  assert.throws(() => g.sendAndRecv([0, 3], fn.copyU('h', 'm'), fn.sum('m', 'z')), (e: Error) => outOfRange(3, 3)(e) && /edge id/.test(e.message));
  assert.throws(() => g.applyEdges(fn.copyU('h', 'm'), [5]), outOfRange(5, 3));
  assert.throws(() => g.applyNodes((n) => ({ y: n.data.h }), [3]), outOfRange(3, 3));
  assert.throws(() => g.sendAndRecv([[0], [2]], fn.copyU('h', 'm'), fn.sum('m', 'z')), /there is no edge 0 -> 2/);
  assert.throws(() => g.inDegrees([4]), outOfRange(4, 3));
});

test('bad input: missing features list the names present; UDF results of the wrong length name both', () => {
  const g = dg.graph([[0, 1, 2], [1, 2, 0]]);
  g.ndata.set('h', f64([3, 1], 1));
  g.edata.set('w', f64([3, 1], 2));
  const missing = (name: string, present: string) => (e: Error): boolean =>
    e instanceof dg.FeatureNotFoundError && e.message.includes(`'${name}'`) && e.message.includes(present);
  assert.throws(() => g.applyEdges(fn.uMulE('h', 'x', 'm')), missing('x', '[w]'));
  assert.throws(() => g.updateAll(fn.copyE('v', 'm'), fn.sum('m', 'z')), missing('v', '[w]'));
  assert.throws(() => g.updateAll((e) => ({ m: e.dst.q }), fn.sum('m', 'z')), missing('q', '[h]'));
  assert.throws(() => g.updateAll(fn.copyU('h', 'm'), (n) => ({ z: n.mailbox.zz.sum(1) })), missing('zz', '[m]'));
  assert.throws(() => g.updateAll(fn.copyU('h', 'm'), (n) => ({ z: n.data.nope })), missing('nope', '[h'));
  assert.throws(() => g.applyEdges(() => ({ m: dg.ones([2, 1]) })), (e: Error) =>
    e instanceof dg.ShapeError && /output 'm' has shape \[2, 1\]/.test(e.message) && /3 items/.test(e.message));
  assert.throws(() => g.updateAll(fn.copyU('h', 'm'), () => ({ z: dg.ones([5, 1]) })), (e: Error) =>
    e instanceof dg.ShapeError && /\[5, 1\]/.test(e.message) && /items/.test(e.message));
});
