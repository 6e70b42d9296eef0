import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTrainArgs, runTraining } from '../../src/cli/train.js';
import { createProgress } from '../../src/cli/progress.js';
import { sharedData } from '../data/shared-data.js';

test('R-GCN on AIFB through deepgraph train (DGL entity_classify.py settings, seed 0): >= 91.7% test accuracy (33 of 36)', async () => {
  const cfg = parseTrainArgs(['--dataset', 'aifb', '--data-dir', sharedData('rdf')]);
  assert.equal(cfg.model, 'rgcn');
  const s = await runTraining(cfg, createProgress({ silent: true }));
  assert.equal(s.runs, 1);
  assert.match(s.protocol, /140 train \/ 36 test Personen/);
  assert.ok(s.testAccMean >= 33 / 36 - 1e-9, `test accuracy ${s.testAccMean}`);
});
