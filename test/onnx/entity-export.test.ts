import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as dg from '../../src/index.js';
import { loadData } from '../../src/cli/datasets.js';
import { entityGraph, rgcnDefaults, RGCN_NORM, trainEntityRun, type EntityData } from '../../src/cli/entity-train.js';
import { accuracy } from '../../src/cli/node-train.js';
import { runCli } from '../cli/cli-run.js';
import { sharedData } from '../data/shared-data.js';
import { checkEntityExport } from './entity.js';
import { exportDir, runOnnxChecker, runOrt } from './ort.js';

const dir = exportDir();
after(() => rmSync(dir, { recursive: true, force: true }));

for (const input of ['onehot', 'embed'] as const) {
  test(`R-GCN trained on AIFB (${input} input) exports: onnxruntime equals deepgraph to 1e-5 on AIFB and on a third of it, same test accuracy`, async () => {
    const data = await loadData('aifb', sharedData()) as EntityData;
    const res = trainEntityRun(data, { ...rgcnDefaults('aifb'), input, epochs: 3 }, 0, undefined, true);
    const check = await checkEntityExport(data, res.entity!, join(dir, `rgcn-aifb-${input}.onnx`));
    assert.ok(check.subgraphEdges > 1000, `${check.subgraphEdges} edges in the subgraph`);
    assert.ok(check.maxAbsDiff.every((d) => d <= 1e-5), `max |onnxruntime - deepgraph| ${check.maxAbsDiff}`);
    assert.equal(check.testAcc, res.testAcc);
  });
}

test('deepgraph train --dataset mutag-rdf --export-onnx writes the basis-decomposed R-GCN; onnxruntime gives the test accuracy the CLI reported', async () => {
  const file = join(dir, 'rgcn-mutag.onnx');
  const r = runCli(['train', '--dataset', 'mutag-rdf', '--data-dir', sharedData(), '--epochs', '3', '--json', '--export-onnx', file]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /wrote .*rgcn-mutag\.onnx \(ONNX, \d+ bytes\)/);
  const summary = JSON.parse(r.stdout) as { testAccMean: number };
  const data = await loadData('mutag-rdf', sharedData()) as EntityData;
  const { g, etypes, offset } = entityGraph(data);
  const ids = dg.tensor(Int32Array.from({ length: g.numNodes() }, (_, i) => i));
  const logits = await runOrt(new Uint8Array(readFileSync(file)), { graph: g, features: ids, etypes: Int32Array.from(etypes.data), edata: { norm: g.edata.get(RGCN_NORM) } });
  const labels = dg.tensor(Int32Array.from({ length: g.numNodes() }, (_, i) => (i >= offset && i - offset < data.labels.size ? data.labels.data[i - offset] : -1)));
  const acc = accuracy(logits, labels, Int32Array.from(data.testIdx, (v) => v + offset));
  assert.ok(Math.abs(acc - summary.testAccMean) < 1e-4, `onnxruntime test accuracy ${acc} vs the CLI's ${summary.testAccMean}`);
});

test('the ONNX checker accepts the exported R-GCN files', (t) => runOnnxChecker(t, dir, 3));
