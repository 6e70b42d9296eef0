import { test } from 'node:test';
import assert from 'node:assert/strict';
import { graphHyper, nodeHyper, parseTrainArgs } from '../../src/cli/train.js';
import { planetoidDir, tuDir } from '../../src/cli/datasets.js';
import { MODEL_INFO } from '../../src/cli/models.js';
import { sharedData } from '../data/shared-data.js';

test('parseTrainArgs: defaults are GCN on the synthetic dataset, one run; GIN and 10 folds on MUTAG', () => {
  const d = parseTrainArgs([]);
  assert.deepEqual([d.dataset, d.model, d.runs, d.seed, d.json], ['synthetic', 'gcn', 1, 0, false]);
  const m = parseTrainArgs(['--dataset', 'MUTAG']);
  assert.deepEqual([m.dataset, m.model, m.runs], ['mutag', 'gin', 10]);
});

test('options override the paper defaults, and only those', () => {
  const cfg = parseTrainArgs(['--model', 'gat', '--dataset', 'cora', '--epochs', '7', '--lr', '0.1', '--hidden', '4']);
  const h = nodeHyper(cfg);
  const base = MODEL_INFO.gat.defaults('cora');
  assert.deepEqual([h.epochs, h.lr, h.hidden], [7, 0.1, 4]);
  assert.deepEqual([h.weightDecay, h.dropout, h.attnDropout, h.heads, h.outHeads], [base.weightDecay, 0.6, 0.6, 8, 1]);
  assert.deepEqual(h.selection, { kind: 'valAcc', patience: 100 });
  const pubmed = MODEL_INFO.gat.defaults('pubmed');
  assert.deepEqual([pubmed.outHeads, pubmed.lr, pubmed.weightDecay], [8, 0.01, 1e-3]);
  const gcn = nodeHyper(parseTrainArgs(['--dataset', 'cora']));
  assert.deepEqual([gcn.epochs, gcn.lr, gcn.weightDecay, gcn.hidden, gcn.dropout, gcn.weightDecayScope], [200, 0.01, 5e-4, 16, 0.5, 'first']);
  const gin = graphHyper(parseTrainArgs(['--dataset', 'mutag', '--batch-size', '128', '--runs', '3']));
  assert.deepEqual([gin.batchSize, gin.epochs, gin.numLayers, gin.folds, gin.stepSize, gin.gamma], [128, 350, 5, 10, 50, 0.5]);
  assert.throws(() => graphHyper(parseTrainArgs(['--dataset', 'mutag', '--runs', '11'])), /at most 10; got 11/);
});

test('--data-dir may name the raw folder itself or a data root above it', () => {
  const root = sharedData();
  assert.equal(planetoidDir(root, 'cora'), sharedData('planetoid', 'raw'));
  assert.equal(planetoidDir(sharedData('planetoid', 'raw'), 'cora'), sharedData('planetoid', 'raw'));
  assert.equal(tuDir(root, 'MUTAG'), sharedData('tu', 'MUTAG'));
  assert.equal(tuDir(sharedData('tu'), 'PROTEINS'), sharedData('tu', 'PROTEINS'));
  // Nothing found: the folder itself, so the loader names the files it misses there.
  assert.equal(planetoidDir(sharedData('tu'), 'cora'), sharedData('tu'));
});
