import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';

// user 0 bought items 0, 1; user 1 bought 1, 2; user 2 bought 3; item 4 has no buyer.
const U = [0, 0, 1, 1, 2], I = [0, 1, 1, 2, 3];
const shop = (): dg.Graph => dg.heterograph({ 'user:buys:item': [U, I], 'item:boughtBy:user': [I, U] }, { numNodes: { user: 3, item: 5 } });

function edgesBySeed(g: dg.Graph): Map<number, [number, number][]> {
  const [src, dst] = g.edges() as Int32Array[];
  const w = g.edata.get('weights').data;
  const out = new Map<number, [number, number][]>();
  for (let e = 0; e < src.length; e++) out.set(dst[e], [...(out.get(dst[e]) ?? []), [src[e], w[e]]]);
  return out;
}

test('PinSAGESampler: one traversal visits co-purchased items with the walk probabilities', () => {
  const walks = 4000;
  const s = new dg.PinSAGESampler(shop(), 'item', 'user', { numTraversals: 1, terminationProb: 0.5, numRandomWalks: walks, numNeighbors: 5, seed: 7 });
  const g = s.sample([0, 1, 3, 4]);
  assert.deepEqual(g.ntypes, ['item']);
  assert.equal(g.numNodes(), 5);
  const by = edgesBySeed(g);
  const share = (seed: number): Map<number, number> => new Map(by.get(seed)!.map(([v, c]) => [v, c / walks]));
  // item 0 -> user 0 -> {0, 1} evenly; item 1 -> users 0 or 1 -> {0, 1} or {1, 2}: 1/4, 1/2, 1/4.
  const near = (a: number | undefined, b: number): boolean => a !== undefined && Math.abs(a - b) < 0.04;
  assert.ok(near(share(0).get(0), 0.5) && near(share(0).get(1), 0.5) && share(0).size === 2, JSON.stringify([...share(0)]));
  assert.ok(near(share(1).get(0), 0.25) && near(share(1).get(1), 0.5) && near(share(1).get(2), 0.25), JSON.stringify([...share(1)]));
  assert.deepEqual(by.get(3), [[3, walks]], 'item 3 only reaches itself');
  assert.equal(by.get(4), undefined, 'a walk from an item without buyers visits nothing');
});

test('PinSAGESampler keeps the numNeighbors most visited, most first; counts add up to walks x traversals without termination', () => {
  const s = new dg.PinSAGESampler(shop(), 'item', 'user', { numTraversals: 3, terminationProb: 0, numRandomWalks: 50, numNeighbors: 2, seed: 3 });
  const by = edgesBySeed(s.sample([1, 3]));
  const n1 = by.get(1)!;
  assert.equal(n1.length, 2);
  assert.ok(n1[0][1] >= n1[1][1], 'most visited first');
  assert.equal(n1[0][0], 1, 'item 1 is the hub of its component');
  assert.deepEqual(by.get(3), [[3, 150]]);
  const all = new dg.PinSAGESampler(shop(), 'item', 'user', { numTraversals: 3, terminationProb: 0, numRandomWalks: 50, numNeighbors: 10, seed: 3 });
  const total = edgesBySeed(all.sample([1])).get(1)!.reduce((a, [, c]) => a + c, 0);
  assert.equal(total, 150, 'every traversal of every walk is counted once');
  const once = new dg.PinSAGESampler(shop(), 'item', 'user', { numTraversals: 3, terminationProb: 1, numRandomWalks: 50, numNeighbors: 10, seed: 3 });
  assert.equal(edgesBySeed(once.sample([1])).get(1)!.reduce((a, [, c]) => a + c, 0), 50, 'terminationProb 1 stops after one traversal');
});

test('PinSAGESampler is reproducible from its seed and refuses bad input', () => {
  const opts = { numTraversals: 2, terminationProb: 0.3, numRandomWalks: 10, numNeighbors: 3, seed: 11 };
  const a = new dg.PinSAGESampler(shop(), 'item', 'user', opts).sample([0, 1, 2]);
  const b = new dg.PinSAGESampler(shop(), 'item', 'user', opts).sample([0, 1, 2]);
  assert.deepEqual(a.edges(), b.edges());
  assert.deepEqual([...a.edata.get('weights').data], [...b.edata.get('weights').data]);
  assert.throws(() => new dg.PinSAGESampler(shop(), 'item', 'seller', opts), /no relation from 'item' to 'seller'/);
  assert.throws(() => new dg.PinSAGESampler(shop(), 'item', 'user', { ...opts, numNeighbors: 0 }), /numNeighbors must be an integer >= 1/);
  assert.throws(() => new dg.PinSAGESampler(shop(), 'item', 'user', { ...opts, terminationProb: 2 }), /terminationProb must be in \[0, 1\]/);
  assert.throws(() => new dg.PinSAGESampler(shop(), 'item', 'user', opts).sample([5]), /seed item 5/);
  assert.throws(() => new dg.RandomWalkNeighborSampler(shop(), { ...opts, metapath: ['buys'] }), /start and end on one node type, got 'user' and 'item'/);
  assert.throws(() => new dg.RandomWalkNeighborSampler(shop(), opts), /2 relations needs a metapath/);
});
