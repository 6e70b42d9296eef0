import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as dg from '../../src/index.js';
import { loadData, type NodeData } from '../../src/cli/datasets.js';
import { accuracy } from '../../src/cli/node-train.js';
import { runCli } from '../cli/cli-run.js';
import { sharedData } from '../data/shared-data.js';
import { exportDir, runOnnxChecker, runOrt } from './ort.js';

const dir = exportDir();
after(() => rmSync(dir, { recursive: true, force: true }));

test('deepgraph train --export-onnx writes the trained GCN: onnxruntime on Cora gives the test accuracy the CLI reported', async () => {
  const file = join(dir, 'gcn-cora.onnx');
  const r = runCli(['train', '--dataset', 'cora', '--data-dir', sharedData(), '--model', 'gcn', '--epochs', '60', '--json', '--export-onnx', file]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /wrote .*gcn-cora\.onnx \(ONNX, \d+ bytes\)/);
  const summary = JSON.parse(r.stdout) as { testAccMean: number };
  const data = await loadData('cora', sharedData()) as NodeData;
  // The CLI's GCN runs on the graph with exactly one self-loop per node.
  const graph = dg.addSelfLoop(dg.removeSelfLoop(data.graph));
  const logits = await runOrt(new Uint8Array(readFileSync(file)), { graph, features: data.features });
  assert.deepEqual(logits.shape, [data.graph.numNodes(), 7]);
  const acc = accuracy(logits, data.labels, data.testIdx);
  assert.ok(Math.abs(acc - summary.testAccMean) < 1e-4, `onnxruntime test accuracy ${acc} vs the CLI's ${summary.testAccMean}`);
  assert.ok(acc > 0.7, `accuracy ${acc}`);
});

test('deepgraph train --dataset mutag --export-onnx writes GIN with a graph_ids input that onnxruntime runs on a batch', async () => {
  const file = join(dir, 'gin-mutag.onnx');
  const r = runCli(['train', '--dataset', 'mutag', '--data-dir', sharedData(), '--epochs', '2', '--runs', '1', '--json', '--export-onnx', file]);
  assert.equal(r.code, 0, r.stderr);
  const ds = new dg.data.TUDataset('MUTAG', { rawDir: sharedData('tu', 'MUTAG') });
  const g = dg.batch(Array.from({ length: 20 }, (_, i) => ds.get(i)[0]));
  const out = await runOrt(new Uint8Array(readFileSync(file)), { graph: g, features: g.ndata.get('feat') });
  assert.deepEqual(out.shape, [20, 2]);
  assert.ok(Array.from(out.data).every(Number.isFinite));
});

test('--export-onnx is refused with --minibatch (usage error, exit code 2)', () => {
  const r = runCli(['train', '--minibatch', '--export-onnx', join(dir, 'x.onnx')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--export-onnx applies to full-graph training/);
});

test('the ONNX checker accepts the files written by deepgraph train', (t) => runOnnxChecker(t, dir, 2));
