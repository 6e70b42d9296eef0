import { test } from 'node:test';
import { checkCase } from './layers.test.js';
import { ginCase, nodeModelCases, rgcnCase } from './models.js';

test('GCN, GAT and SAGE as deepgraph train builds them export to ONNX: onnxruntime equals deepgraph (1e-5) on Cora and a Cora subgraph', async (t) => {
  for (const c of nodeModelCases()) await t.test(c.name, () => checkCase(c));
});

test('GIN (graph classification with sum readouts) exports with a graph_ids input: equal on two MUTAG batches of 32 and 50 graphs', () =>
  checkCase(ginCase()));

test('R-GCN (RelGraphConv, basis regularizer, layer norm) exports with an etypes input: equal on AIFB and on a random typed graph', () =>
  checkCase(rgcnCase()));
