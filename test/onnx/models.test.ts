import { after, test } from 'node:test';
import { rmSync } from 'node:fs';
import { checkCase } from './check.js';
import { ginCase, nodeModelCases, rgcnCase } from './models.js';
import { exportDir, runOnnxChecker } from './ort.js';

const dir = exportDir();
after(() => rmSync(dir, { recursive: true, force: true }));

test('GCN, GAT and SAGE as deepgraph train builds them export to ONNX: onnxruntime equals deepgraph (1e-5) on Cora and a Cora subgraph', async (t) => {
  for (const c of nodeModelCases()) await t.test(c.name, () => checkCase(c, dir));
});

test('GIN (graph classification with sum readouts) exports with a graph_ids input: equal on two MUTAG batches of 32 and 50 graphs', () =>
  checkCase(ginCase(), dir));

test('R-GCN (RelGraphConv, basis regularizer, layer norm, per-edge norm) exports with etypes and norm inputs: equal on AIFB and on a random typed graph', () =>
  checkCase(rgcnCase(), dir));

test('the ONNX checker (python3-onnx, full_check) accepts every exported model file', (t) => runOnnxChecker(t, dir, 5));
