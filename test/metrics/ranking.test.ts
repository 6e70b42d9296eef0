import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { expectClose, seededData } from '../helpers.js';

// Ranks by hand (OGB: 1 + above + ties / 2): 3 ties one negative -> 1.5; 1 ties two -> 2; 0.5 is below all three -> 4.
const POS = [3, 1, 0.5];
const NEG = [[1, 2, 3], [1, 1, 0], [0.6, 0.7, 0.8]];

test('mrr and hitsAtK rank each positive among its own negatives with OGB ties', () => {
  expectClose(dg.positiveRanks(POS, NEG), [1.5, 2, 4]);
  expectClose([dg.mrr(POS, NEG)], [(1 / 1.5 + 1 / 2 + 1 / 4) / 3], { atol: 1e-12 });
  assert.equal(dg.hitsAtK(POS, NEG, 1), 0, 'a tie at the top is rank 1.5, not a hit at 1');
  expectClose([dg.hitsAtK(POS, NEG, 2), dg.hitsAtK(POS, NEG, 3)], [2 / 3, 2 / 3], { atol: 1e-12 });
  assert.equal(dg.hitsAtK(POS, NEG, 4), 1);
  assert.equal(dg.hitsAtK(POS, NEG, 100), 1, 'k above the negative count counts every positive');
  const t = dg.tensor(NEG.flat(), { shape: [3, 3] });
  assert.equal(dg.mrr(dg.tensor(POS), t), dg.mrr(POS, NEG), 'tensors and arrays agree');
});

test('ranking metrics refuse bad input with the problem named', () => {
  assert.throws(() => dg.mrr([1, 2], NEG), /pos has 2 scores but neg has 3 rows/);
  assert.throws(() => dg.hitsAtK(POS, NEG, 0), /k must be a positive integer/);
  assert.throws(() => dg.mrr([NaN, 1, 2], NEG), /pos has NaN/);
  assert.throws(() => dg.mrr(POS, [1, 2, 3]), /neg must be 2-D/);
  assert.throws(() => dg.recallAtK([[1, 2]], [[1, 0, 0]], 1), /same shape/);
  assert.throws(() => dg.recallAtK([[1, 2]], [[0, 0]], 1), /no user has a relevant item/);
  assert.throws(() => dg.auc([1, 2], [1, 1]), /one positive and one negative/);
});

// User 0: relevant 0 and 2; user 1 has none (skipped); user 2: all scores tie, relevant 3 (ranks last: lower index first).
const SCORES = [[0.9, 0.8, 0.7, 0.1], [0.1, 0.2, 0.3, 0.4], [0.5, 0.5, 0.5, 0.5]];
const REL = [[1, 0, 1, 0], [0, 0, 0, 0], [0, 0, 0, 1]];

test('recallAtK and ndcgAtK equal hand computations (ties, users without positives, k above the item count)', () => {
  assert.equal(dg.recallAtK(SCORES, REL, 2), (0.5 + 0) / 2);
  assert.equal(dg.recallAtK(SCORES, REL, 10), 1);
  const idcg2 = 1 + 1 / Math.log2(3);
  expectClose([dg.ndcgAtK(SCORES, REL, 2)], [(1 / idcg2 + 0) / 2], { atol: 1e-12 });
  expectClose([dg.ndcgAtK(SCORES, REL, 10)], [((1 + 1 / Math.log2(4)) / idcg2 + 1 / Math.log2(5)) / 2], { atol: 1e-12 });
  // Graded relevance is the gain: the ideal order puts gain 3 first.
  expectClose([dg.ndcgAtK([[0.9, 0.1]], [[1, 3]], 2)], [(1 + 3 / Math.log2(3)) / (3 + 1 / Math.log2(3))], { atol: 1e-12 });
  // -Infinity excludes an item from the ranking (how training items are masked).
  assert.equal(dg.recallAtK([[-Infinity, 0.1, 0.2]], [[0, 1, 0]], 1), 0);
  assert.equal(dg.recallAtK([[-Infinity, 0.1, 0.2]], [[0, 1, 0]], 2), 1);
});

test('auc counts ties as one half and averages per user rows that have both labels', () => {
  assert.equal(dg.auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]), 0.75);
  assert.equal(dg.auc([0.5, 0.5, 0.2, 0.9], [1, 0, 0, 1]), 3.5 / 4);
  assert.equal(dg.auc([[0.1, 0.4, 0.35, 0.8], [1, 2, 3, 4]], [[0, 0, 1, 1], [0, 0, 0, 0]]), 0.75);
  assert.equal(dg.auc([[1, 2], [2, 1]], [[0, 1], [0, 1]]), 0.5);
});

test('evaluateRanking in small blocks equals the dense metrics on the masked score matrix', () => {
  const U = 7, I = 11, d = 3;
  const ue = dg.tensor(seededData(U * d, 5), { shape: [U, d], dtype: 'float64' });
  const ie = dg.tensor(seededData(I * d, 6), { shape: [I, d], dtype: 'float64' });
  const train = { users: [0, 0, 1, 2, 3, 3, 3, 5, 6], items: [1, 4, 2, 0, 5, 6, 7, 10, 3] };
  const heldOut = { users: [0, 0, 1, 3, 5, 5, 5, 6], items: [2, 9, 3, 8, 0, 1, 2, 4] };
  const dense = dg.matmul(ue, dg.transpose(ie)).data.slice() as Float64Array;
  for (let e = 0; e < train.users.length; e++) dense[train.users[e] * I + train.items[e]] = -Infinity;
  const rel = new Float64Array(U * I);
  for (let e = 0; e < heldOut.users.length; e++) rel[heldOut.users[e] * I + heldOut.items[e]] = 1;
  const scores = dg.tensor(dense, { shape: [U, I], dtype: 'float64' }), relevance = dg.tensor(rel, { shape: [U, I], dtype: 'float64' });
  const inner = dg.dotProductScorer(ue, ie);
  let largest = 0;
  const score: dg.BlockScorer = (users, s, e) => { largest = Math.max(largest, users.length * (e - s)); return inner(users, s, e); };
  for (const blockSize of [4, 23, 1000]) {
    largest = 0;
    const r = dg.evaluateRanking({ numUsers: U, numItems: I, score, heldOut, exclude: train, k: [1, 3, 20], blockSize });
    assert.equal(r.numUsers, 5, 'users 2 and 4 have nothing held out');
    assert.ok(largest <= blockSize, `a score block of ${largest} entries exceeds blockSize ${blockSize}`);
    for (const k of [1, 3, 20]) {
      expectClose([r.recall[k], r.ndcg[k]], [dg.recallAtK(scores, relevance, k), dg.ndcgAtK(scores, relevance, k)], { atol: 1e-12 });
    }
    assert.equal(r.recall[20], 1, 'k above the item count finds every held-out item');
    assert.equal(r.hitRate[20], 1);
  }
  assert.throws(() => dg.evaluateRanking({ numUsers: U, numItems: I, score, heldOut: { users: [0], items: [11] }, k: 5 }), /heldOut item 11/);
  assert.throws(() => dg.evaluateRanking({ numUsers: U, numItems: I, score: () => [1, 2], heldOut, k: 5 }), /score returned 2 values/);
});
