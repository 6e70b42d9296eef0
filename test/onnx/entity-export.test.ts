import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as dg from '../../src/index.js';
import type { Graph } from '../../src/graph/graph.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { loadData } from '../../src/cli/datasets.js';
import { entityGraph, rgcnDefaults, RGCN_NORM, trainEntityRun, type EntityData, type TrainedEntityModel } from '../../src/cli/entity-train.js';
import { accuracy } from '../../src/cli/node-train.js';
import { runCli } from '../cli/cli-run.js';
import { sharedData } from '../data/shared-data.js';
import { expectClose } from '../helpers.js';
import { exportDir, runOnnxChecker, runOrt } from './ort.js';

const dir = exportDir();
after(() => rmSync(dir, { recursive: true, force: true }));

/** R-GCN's norm on a graph: 1 / in-degree of the destination within the edge's relation, [E, 1]. */
function relationNorm(g: Graph, etypes: Int32Array): Tensor {
  const { dst } = g.sparse().coo();
  const count = new Map<number, number>();
  const key = (e: number): number => dst[e] * 4096 + etypes[e];
  for (let e = 0; e < dst.length; e++) count.set(key(e), (count.get(key(e)) ?? 0) + 1);
  return dg.tensor(Float32Array.from(dst, (_, e) => 1 / count.get(key(e))!), { shape: [dst.length, 1] });
}

/** The subgraph induced by every third node, nodes keeping their ids in the trained graph (the `features` input). */
function everyThirdNode(s: TrainedEntityModel['sample']): { graph: Graph; features: Tensor; etypes: Int32Array; edata: { norm: Tensor } } {
  const n = s.graph.numNodes();
  const newId = Int32Array.from({ length: n }, (_, v) => (v % 3 === 0 ? v / 3 : -1));
  const { src, dst } = s.graph.sparse().coo();
  const kept = Array.from({ length: src.length }, (_, e) => e).filter((e) => newId[src[e]] >= 0 && newId[dst[e]] >= 0);
  const m = Math.ceil(n / 3);
  const graph = dg.graph([Int32Array.from(kept, (e) => newId[src[e]]), Int32Array.from(kept, (e) => newId[dst[e]])], { numNodes: m });
  const etypes = Int32Array.from(kept, (e) => s.etypes.data[e]);
  const norm = relationNorm(graph, etypes);
  graph.edata.set(RGCN_NORM, norm);
  return { graph, features: dg.tensor(Int32Array.from({ length: m }, (_, i) => 3 * i)), etypes, edata: { norm } };
}

test('R-GCN trained on AIFB (featureless one-hot input, no decomposition) exports: onnxruntime equals deepgraph to 1e-5 on AIFB and on a third of it', async () => {
  const data = await loadData('aifb', sharedData()) as EntityData;
  const res = trainEntityRun(data, { ...rgcnDefaults('aifb'), epochs: 3 }, 0, undefined, true);
  const { model, sample } = res.entity!;
  const file = join(dir, 'rgcn-aifb.onnx');
  dg.onnx.exportModel(model, sample, file);
  const bytes = new Uint8Array(readFileSync(file));
  const small = everyThirdNode(sample);
  assert.ok(small.graph.numEdges() > 1000, `${small.graph.numEdges()} edges in the subgraph`);
  for (const s of [{ ...sample, etypes: Int32Array.from(sample.etypes.data) }, small]) {
    const want = dg.noGrad(() => model.forward(s.graph, s.features, dg.tensor(s.etypes)));
    expectClose(await runOrt(bytes, s), want, { atol: 1e-5, rtol: 1e-5 });
  }
  const { offset } = entityGraph(data);
  const logits = await runOrt(bytes, { ...sample, etypes: Int32Array.from(sample.etypes.data) });
  const labels = dg.tensor(Int32Array.from({ length: logits.shape[0] }, (_, i) => (i >= offset && i - offset < data.labels.size ? data.labels.data[i - offset] : -1)));
  assert.equal(accuracy(logits, labels, Int32Array.from(data.testIdx, (v) => v + offset)), res.testAcc);
});

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

test('the ONNX checker accepts the exported R-GCN files', (t) => runOnnxChecker(t, dir, 2));
