import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';

const SMALL = { users: 300, items: 200, interactions: 6000, communities: 5, seed: 4 };

test('syntheticRecommendation is deterministic per seed; train and held-out split the distinct interactions', () => {
  const a = dg.data.syntheticRecommendation(SMALL), b = dg.data.syntheticRecommendation(SMALL);
  assert.deepEqual([a.train.users, a.train.items, a.heldOut.users, a.heldOut.items], [b.train.users, b.train.items, b.heldOut.users, b.heldOut.items]);
  assert.deepEqual(a.itemFeatures.data, b.itemFeatures.data);
  const c = dg.data.syntheticRecommendation({ ...SMALL, seed: 5 });
  assert.notDeepEqual(a.train.items, c.train.items, 'another seed gives another graph');
  assert.equal(a.heldOut.users.length, 600, '10% held out');
  assert.equal(a.train.users.length, 5400);
  const pairs = new Set<number>();
  for (const split of [a.train, a.heldOut]) split.users.forEach((u, e) => pairs.add(u * 200 + split.items[e]));
  assert.equal(pairs.size, 6000, 'no interaction repeats, none is in both splits');
  const g = a.graph;
  assert.equal(g.numEdges('buys'), 5400);
  assert.equal(g.numEdges('boughtBy'), 5400);
  assert.deepEqual([...g.nodeFrame('item').get('feat').shape], [200, 16]);
  const counts = new Array<number>(5).fill(0);
  a.itemCommunity.forEach((k) => counts[k]++);
  assert.deepEqual(counts, [40, 40, 40, 40, 40], 'balanced communities');
});

test("in-community items dominate a user's held-out interactions and the ideal ranking beats popularity", () => {
  const r = dg.data.syntheticRecommendation({ ...SMALL, affinity: 0.8 });
  let inside = 0;
  r.heldOut.users.forEach((u, e) => { if (r.userCommunity[u] === r.itemCommunity[r.heldOut.items[e]]) inside++; });
  const share = inside / r.heldOut.users.length;
  assert.ok(share > 0.74 && share < 0.86, `held-out share inside the user's community ${share}, planted 0.8`);
  const popularity = new Float64Array(200);
  r.train.items.forEach((i) => { popularity[i]++; });
  const eval_ = (score: dg.BlockScorer): dg.FullRankingResult =>
    dg.evaluateRanking({ numUsers: 300, numItems: 200, score, heldOut: r.heldOut, exclude: r.train, k: 20, blockSize: 4096 });
  const ideal = eval_(r.idealScore);
  const pop = eval_((users, s, e) => Float64Array.from({ length: users.length * (e - s) }, (_, j) => popularity[s + (j % (e - s))]));
  assert.ok(ideal.recall[20] > pop.recall[20] + 0.1, `ideal recall@20 ${ideal.recall[20]} vs popularity ${pop.recall[20]}`);
  assert.ok(ideal.ndcg[20] > pop.ndcg[20], `ideal ndcg@20 ${ideal.ndcg[20]} vs popularity ${pop.ndcg[20]}`);
  // Item features carry the community: each item is nearer its own community's mean feature vector.
  const f = r.itemFeatures.data, F = 16, mean = new Float64Array(5 * F), n = new Array<number>(5).fill(0);
  for (let i = 0; i < 200; i++) { n[r.itemCommunity[i]]++; for (let d = 0; d < F; d++) mean[r.itemCommunity[i] * F + d] += f[i * F + d]; }
  for (let k = 0; k < 5; k++) for (let d = 0; d < F; d++) mean[k * F + d] /= n[k];
  let nearest = 0;
  for (let i = 0; i < 200; i++) {
    const dist = (k: number): number => { let s = 0; for (let d = 0; d < F; d++) s += (f[i * F + d] - mean[k * F + d]) ** 2; return s; };
    const best = [0, 1, 2, 3, 4].reduce((a, k) => (dist(k) < dist(a) ? k : a), 0);
    if (best === r.itemCommunity[i]) nearest++;
  }
  assert.ok(nearest / 200 > 0.9, `features place ${nearest} / 200 items with their community`);
  assert.throws(() => dg.data.syntheticRecommendation({ users: 3, items: 2, interactions: 7, communities: 1 }), /7 interactions exceed 3 x 2 pairs/);
  assert.throws(() => dg.data.syntheticRecommendation({ affinity: 1.5 }), /affinity must be in \[0, 1\]/);
});
