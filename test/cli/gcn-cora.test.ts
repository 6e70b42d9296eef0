import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadData } from '../../src/cli/datasets.js';
import { MODEL_INFO } from '../../src/cli/models.js';
import { trainNodeRun } from '../../src/cli/node-train.js';
import { sharedData } from '../data/shared-data.js';

test('GCN on Cora (public split, row-normalised features, paper settings): 200 epochs reach >= 79% test accuracy', async () => {
  const data = await loadData('cora', sharedData('planetoid', 'raw'));
  assert.equal(data.kind, 'node');
  if (data.kind !== 'node') return;
  const hyper = MODEL_INFO.gcn.defaults('cora');
  assert.equal(hyper.epochs, 200);
  const losses: number[] = [];
  const res = trainNodeRun(data, { model: 'gcn', hyper, seed: 0 }, (e) => losses.push(e.loss));
  assert.equal(res.epochsRun, 200);
  assert.equal(res.selectedEpoch, 199);
  assert.equal(losses.length, 200);
  assert.ok(losses[199] < losses[0] / 2, `training loss fell from ${losses[0]} to ${losses[199]}`);
  assert.ok(res.testAcc >= 0.79, `test accuracy ${res.testAcc}`);
  assert.ok(res.valAcc >= 0.75, `validation accuracy ${res.valAcc}`);
});
