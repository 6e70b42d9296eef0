import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadData } from '../../src/cli/datasets.js';
import { GIN_INFO } from '../../src/cli/models.js';
import { featureOnly, stratifiedFolds, summariseFolds, trainGraphFold } from '../../src/cli/graph-train.js';
import { sharedData } from '../data/shared-data.js';

test('stratifiedFolds: a partition into near-equal folds with the class mix of the whole', () => {
  const labels = Int32Array.from({ length: 188 }, (_, i) => (i < 63 ? 0 : 1));
  const folds = stratifiedFolds(labels, 10, 0);
  assert.equal(folds.length, 10);
  const seen = new Set<number>();
  for (const f of folds) {
    assert.ok(f.length === 18 || f.length === 19, `fold size ${f.length}`);
    const zeros = Array.from(f).filter((i) => labels[i] === 0).length;
    assert.ok(zeros === 6 || zeros === 7, `class-0 members ${zeros}`);
    for (const i of f) { assert.ok(!seen.has(i), `index ${i} in two folds`); seen.add(i); }
  }
  assert.equal(seen.size, 188);
  assert.deepEqual(stratifiedFolds(labels, 10, 0), folds, 'same seed, same folds');
  assert.notDeepEqual(stratifiedFolds(labels, 10, 1), folds, 'another seed shuffles differently');
  assert.throws(() => stratifiedFolds(labels, 1, 0), /need 2 <= k <= 188/);
});

test('summariseFolds picks the epoch with the best mean over folds', () => {
  const s = summariseFolds([
    { fold: 0, accByEpoch: [0.5, 0.9, 0.7], epochMs: [] },
    { fold: 1, accByEpoch: [0.6, 0.7, 0.8], epochMs: [] },
  ]);
  assert.equal(s.selectedEpoch, 1);
  assert.deepEqual(s.selectedAccs, [0.9, 0.7]);
  assert.deepEqual(s.lastAccs, [0.7, 0.8]);
});

test('GIN on one MUTAG fold learns within 25 epochs (held-out accuracy above the 66% majority class)', async () => {
  const data = await loadData('mutag', sharedData('tu', 'MUTAG'));
  assert.equal(data.kind, 'graph');
  if (data.kind !== 'graph') return;
  const folds = stratifiedFolds(data.labels, 10, 0);
  const h = { ...GIN_INFO.defaults(), epochs: 25 };
  const losses: number[] = [];
  const res = trainGraphFold(data, featureOnly(data.graphs), folds, 0, h, 0, (e) => losses.push(e.loss));
  assert.equal(res.accByEpoch.length, 25);
  assert.ok(losses[24] < losses[0], `loss ${losses[0]} -> ${losses[24]}`);
  const best = Math.max(...res.accByEpoch.slice(15));
  assert.ok(best > 0.7, `held-out accuracy over epochs 16-25: ${res.accByEpoch.slice(15).join(', ')}`);
});
