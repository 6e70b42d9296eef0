import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { expectClose } from '../helpers.js';
import { layerCases, type ZooCase } from './zoo.js';
import { runOrt } from './ort.js';

/** Exports the case once and checks onnxruntime's output on both graphs against deepgraph's. */
export async function checkCase(c: ZooCase): Promise<void> {
  const [first, second] = c.samples;
  assert.notEqual(first.graph.numNodes(), second.graph.numNodes(), `${c.name}: the two graphs must differ in size`);
  const bytes = dg.onnx.exportModelBytes(c.model, first);
  c.model.eval();
  for (const s of c.samples) {
    const want = dg.noGrad(() => c.model.forward(s.graph, s.features, ...(s.etypes === undefined ? [] : [s.etypes])) as dg.Tensor);
    const got = await runOrt(bytes, s);
    expectClose(got, want, { atol: 1e-5, rtol: 1e-5 });
  }
}

test('every layer exported to ONNX runs in onnxruntime with deepgraph\'s outputs (1e-5) on Cora / MUTAG and on a second, differently sized graph', async (t) => {
  for (const c of layerCases()) await t.test(c.name, () => checkCase(c));
});
