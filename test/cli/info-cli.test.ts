import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from './cli-run.js';
import { sharedData } from '../data/shared-data.js';
import { VERSION } from '../../src/version.js';

test('deepgraph info: version, backend, thread count', () => {
  const r = runCli(['info']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`^deepgraph ${VERSION.replace(/\./g, '\\.')}\n`));
  assert.match(r.stdout, /backend: (js|native) \(available: /);
  assert.match(r.stdout, /kernel threads: \d+/);
  const j = JSON.parse(runCli(['info', '--json']).stdout) as Record<string, unknown>;
  assert.equal(j.version, VERSION);
  assert.ok(Number.isInteger(j.threads) && (j.threads as number) >= 1);
});

test('deepgraph info --dataset cora / citeseer: the standard statistics', () => {
  const cora = runCli(['info', '--dataset', 'cora', '--data-dir', sharedData()]);
  assert.equal(cora.code, 0, cora.stderr);
  for (const line of ['nodes: 2708', 'edges: 10556', 'features: 1433', 'classes: 7', 'train: 140', 'val: 500', 'test: 1000']) {
    assert.ok(cora.stdout.includes(`${line}\n`), `${line} in\n${cora.stdout}`);
  }
  const cs = JSON.parse(runCli(['info', '--dataset', 'citeseer', '--data-dir', sharedData('planetoid', 'raw'), '--json']).stdout) as { data: Record<string, number> };
  assert.deepEqual([cs.data.nodes, cs.data.edges, cs.data.features, cs.data.classes, cs.data.train], [3327, 9104, 3703, 6, 120]);
});

test('deepgraph info --dataset mutag / proteins: graph counts', () => {
  const m = JSON.parse(runCli(['info', '--dataset', 'mutag', '--data-dir', sharedData(), '--json']).stdout) as { data: Record<string, unknown> };
  assert.equal(m.data.graphs, 188);
  assert.equal(m.data.nodes, 3371);
  assert.equal(m.data.features, 7);
  assert.deepEqual(m.data.graphsPerClass, [63, 125]);
  const p = JSON.parse(runCli(['info', '--dataset', 'proteins', '--data-dir', sharedData('tu', 'PROTEINS'), '--json']).stdout) as { data: Record<string, unknown> };
  assert.equal(p.data.graphs, 1113);
});

test('deepgraph info --dataset in an empty folder names the missing files', () => {
  const r = runCli(['info', '--dataset', 'cora', '--data-dir', sharedData('tu')]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /ind\.cora\.x/);
});
