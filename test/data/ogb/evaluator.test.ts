import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OgbEvaluator } from '../../../src/data/ogb/evaluator.js';
import { tensor } from '../../../src/tensor/creation.js';

/** ROC-AUC by its definition: the share of (positive, negative) pairs ordered right, ties counting one half. */
function pairwiseAuc(y: number[], s: number[]): number {
  let good = 0, pairs = 0;
  y.forEach((yi, i) => y.forEach((yj, j) => {
    if (yi !== 1 || yj !== 0) return;
    pairs++;
    good += s[i] > s[j] ? 1 : s[i] === s[j] ? 0.5 : 0;
  }));
  return good / pairs;
}

/** sklearn's average precision by its definition: precision at each distinct threshold times the recall gained there. */
function thresholdAp(y: number[], s: number[]): number {
  const positives = y.filter((v) => v === 1).length;
  let ap = 0, prevRecall = 0;
  for (const t of [...new Set(s)].sort((a, b) => b - a)) {
    const sel = s.map((v, i) => [v, y[i]]).filter(([v]) => v >= t);
    const tp = sel.filter(([, l]) => l === 1).length;
    ap += (tp / positives - prevRecall) * (tp / sel.length);
    prevRecall = tp / positives;
  }
  return ap;
}

test('rocauc: ties count one half (hand case)', () => {
  const ev = new OgbEvaluator('ogbg-molbace');
  // positives score 0.5 and 0.8, negatives 0.5 and 0.2: 3 pairs ordered right, one tie -> 3.5 / 4
  const r = ev.eval({ yTrue: [[1], [0], [1], [0]], yPred: [[0.5], [0.5], [0.8], [0.2]] });
  assert.deepEqual(Object.keys(r), ['rocauc']);
  assert.equal(r.rocauc, 0.875);
});

test('rocauc over tasks: NaN labels ignored, a task without both classes skipped, none left is an error', () => {
  const ev = new OgbEvaluator('ogbg-molclintox'); // two tasks
  const nan = NaN;
  const yTrue = [[1, 1], [0, 1], [nan, 1], [1, nan], [0, 1]];
  const yPred = [[0.9, 0.1], [0.3, 0.2], [0.0, 0.3], [0.2, 0.4], [0.6, 0.5]];
  // task 0 over rows 0, 1, 3, 4; task 1 has no negative and is skipped
  const expected = pairwiseAuc([1, 0, 1, 0], [0.9, 0.3, 0.2, 0.6]);
  assert.equal(expected, 0.5);
  assert.equal(ev.eval({ yTrue: tensor(yTrue.flat(), { shape: [5, 2] }), yPred: tensor(yPred.flat(), { shape: [5, 2] }) }).rocauc, expected);
  assert.throws(() => ev.eval({ yTrue: [[1, 1], [1, nan]], yPred: [[0.1, 0.2], [0.3, 0.4]] }), /No positively labeled data available\. Cannot compute ROC-AUC/);
  assert.throws(() => ev.eval({ yTrue: [[1], [0]], yPred: [[0.1], [0.3]] }), /2 tasks expected, yTrue has 1 column/);
  assert.throws(() => ev.eval({ yTrue: [[1, 0], [0, 1]], yPred: [[0.1, 0.2]] }), /yTrue is \[2, 2\] but yPred is \[1, 2\]/);
});

test('rocauc and ap equal the direct computation on random scores with many ties', () => {
  let seed = 7;
  const rand = (): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
  for (let trial = 0; trial < 20; trial++) {
    const n = 5 + Math.floor(rand() * 60);
    const y = Array.from({ length: n }, (_, i) => (i < 2 ? i : rand() < 0.4 ? 1 : 0));
    const s = y.map(() => Math.round(rand() * 6) / 6);
    const auc = new OgbEvaluator('ogbg-molhiv').eval({ yTrue: y, yPred: s }).rocauc as number;
    assert.ok(Math.abs(auc - pairwiseAuc(y, s)) < 1e-12, `trial ${trial}: ${auc} vs ${pairwiseAuc(y, s)}`);
    const ap = new OgbEvaluator('ogbg-molpcba').eval({ yTrue: y.map((v) => new Array<number>(128).fill(v)), yPred: s.map((v) => new Array<number>(128).fill(v)) }).ap as number;
    assert.ok(Math.abs(ap - thresholdAp(y, s)) < 1e-12, `trial ${trial}: ${ap} vs ${thresholdAp(y, s)}`);
  }
  // hand case: thresholds 0.9 (P 1, R 1/3), 0.8 (no recall gained), 0.7 (P 3/4, R 1)
  const ap = new OgbEvaluator('ogbg-molmuv').eval({
    yTrue: [1, 0, 1, 1, 0].map((v) => new Array<number>(17).fill(v)), yPred: [0.9, 0.8, 0.7, 0.7, 0.1].map((v) => new Array<number>(17).fill(v)),
  }).ap as number;
  assert.ok(Math.abs(ap - (1 / 3 + (2 / 3) * 0.75)) < 1e-12);
});

test('rmse per task over labelled rows, averaged; acc per task', () => {
  const r = new OgbEvaluator('ogbg-molesol').eval({ yTrue: [[1], [NaN], [3]], yPred: [[2], [100], [1]] });
  assert.deepEqual(Object.keys(r), ['rmse']);
  assert.equal(r.rmse, Math.sqrt((1 + 4) / 2));
  assert.equal(new OgbEvaluator('ogbn-arxiv').eval({ yTrue: [[3], [1], [2], [0]], yPred: [[3], [2], [2], [0]] }).acc, 0.75);
  assert.equal(new OgbEvaluator('ogbg-ppa').eval({ yTrue: [[5], [1]], yPred: [[5], [5]] }).acc, 0.5);
  assert.equal(new OgbEvaluator('ogbn-proteins').evalMetric, 'rocauc');
});

test('link metrics: hits@K against the K-th best negative, MRR with tied ranks averaged, ROC-AUC of pos vs neg', () => {
  const neg = Array.from({ length: 25 }, (_, i) => i); // the 20th best negative scores 5
  assert.deepEqual(new OgbEvaluator('ogbl-ddi').eval({ yPredPos: [6, 5, 30], yPredNeg: neg }), { 'hits@20': 2 / 3 });
  assert.deepEqual(new OgbEvaluator('ogbl-ddi').eval({ yPredPos: [0], yPredNeg: [1, 2] }), { 'hits@20': 1 }, 'fewer negatives than K');
  assert.equal(new OgbEvaluator('ogbl-collab').evalMetric, 'hits@50');
  const r = new OgbEvaluator('ogbl-citation2').eval({ yPredPos: [0.5, 0.95], yPredNeg: [[0.9, 0.5, 0.1], [0.9, 0.5, 0.1]] });
  // first: one negative above, one tied -> rank 0.5 (1 + 2) + 1 = 2.5; second: rank 1
  assert.deepEqual([...(r.mrr_list as Float32Array)], [Math.fround(0.4), 1], "float32, as OGB returns");
  assert.deepEqual([...(r['hits@1_list'] as Float32Array)], [0, 1]);
  assert.deepEqual([...(r['hits@3_list'] as Float32Array)], [1, 1]);
  assert.equal(new OgbEvaluator('ogbl-vessel').eval({ yPredPos: [0.9, 0.4], yPredNeg: [0.4, 0.1] }).rocauc, 0.875);
  assert.throws(() => new OgbEvaluator('ogbl-nope'), /unknown link-property dataset 'ogbl-nope'/);
  assert.throws(() => new OgbEvaluator('cora'), /not an OGB dataset name/);
});
