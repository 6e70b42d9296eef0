import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { loadData } from '../../../src/cli/datasets.js';
import { loadDataDir, nodeTaskData } from '../../../src/cli/data-dir.js';
import { MODEL_INFO } from '../../../src/cli/models.js';
import { trainNodeRun } from '../../../src/cli/node-train.js';
import { rowNormalize } from '../../../src/data/transforms.js';
import { Generator } from '../../../src/tensor/random.js';
import { sharedData } from '../shared-data.js';
import { writeFolder } from './csv-fixtures.js';

async function writeLines(path: string, lines: Iterable<string>): Promise<void> {
  const out = createWriteStream(path);
  for (const l of lines) if (!out.write(`${l}\n`)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

test('Cora exported to the CSVDataset layout (rows shuffled) reads back as the same graph and trains GCN to the same accuracy', async () => {
  const cora = await loadData('cora', sharedData('planetoid', 'raw'));
  assert.equal(cora.kind, 'node');
  if (cora.kind !== 'node') return;
  const g = cora.graph, n = g.numNodes(), feat = g.ndata.get('feat'), f = feat.shape[1];
  const [src, dst] = g.edges() as unknown as [Int32Array, Int32Array];
  const order = Array.from({ length: n }, (_, i) => i), rng = new Generator(7);
  for (let i = n - 1; i > 0; i--) { const j = rng.nextInt(i + 1); [order[i], order[j]] = [order[j], order[i]]; }
  const mask = (name: string, v: number): string => (g.ndata.get(name).data[v] ? 'True' : 'False');
  const dir = writeFolder({ 'meta.yaml': 'dataset_name: cora_csv\nedge_data:\n- file_name: edges.csv\nnode_data:\n- file_name: nodes.csv\n' });
  await writeLines(join(dir, 'nodes.csv'), (function* () {
    yield 'node_id,label,train_mask,val_mask,test_mask,feat';
    for (const v of order) {
      yield `${v},${g.ndata.get('label').data[v]},${mask('trainMask', v)},${mask('valMask', v)},${mask('testMask', v)},"${Array.from(feat.data.subarray(v * f, (v + 1) * f)).join(',')}"`;
    }
  })());
  await writeLines(join(dir, 'edges.csv'), (function* () {
    yield 'src_id,dst_id';
    for (let e = 0; e < src.length; e++) yield `${src[e]},${dst[e]}`;
  })());

  const back = nodeTaskData(await loadDataDir(dir), undefined, 0);
  assert.equal(back.kind, 'node');
  if (back.kind !== 'node') return;
  const [src2, dst2] = back.graph.edges() as unknown as [Int32Array, Int32Array];
  assert.deepEqual(src2, src);
  assert.deepEqual(dst2, dst);
  assert.deepEqual([...back.features.shape], [n, f]);
  assert.deepEqual(back.features.data, feat.data);
  assert.deepEqual(back.labels.data, cora.labels.data);
  assert.deepEqual([back.trainIdx, back.valIdx, back.testIdx], [cora.trainIdx, cora.valIdx, cora.testIdx]);
  assert.equal(back.numClasses, cora.numClasses);

  // The CLI row-normalises the citation datasets' features; do the same to the CSV copy.
  const fromCsv = { ...back, features: rowNormalize(back.features) };
  const hyper = MODEL_INFO.gcn.defaults('cora');
  const a = trainNodeRun(cora, { model: 'gcn', hyper, seed: 0 });
  const b = trainNodeRun(fromCsv, { model: 'gcn', hyper, seed: 0 });
  assert.ok(a.testAcc > 0.75, `GCN on Cora reached ${a.testAcc}`);
  assert.ok(Math.abs(a.testAcc - b.testAcc) <= 1e-6, `test accuracy ${a.testAcc} (Planetoid files) vs ${b.testAcc} (CSV)`);
  assert.ok(Math.abs(a.valAcc - b.valAcc) <= 1e-6);
});
