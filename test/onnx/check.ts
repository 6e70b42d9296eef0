import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as dg from '../../src/index.js';
import { expectClose } from '../helpers.js';
import type { ZooCase } from './zoo.js';
import { runOrt } from './ort.js';

/** Exports the case once (a file in dir) and checks onnxruntime's output on both graphs against deepgraph's. */
export async function checkCase(c: ZooCase, dir: string): Promise<void> {
  const [first, second] = c.samples;
  assert.notEqual(first.graph.numNodes(), second.graph.numNodes(), `${c.name}: the two graphs must differ in size`);
  const path = join(dir, `${c.name.replace(/[^A-Za-z0-9-]+/g, '_')}.onnx`);
  dg.onnx.exportModel(c.model, first, path);
  const bytes = new Uint8Array(readFileSync(path));
  c.model.eval();
  for (const s of c.samples) {
    const want = dg.noGrad(() => c.model.forward(s.graph, s.features, ...(s.etypes === undefined ? [] : [s.etypes])) as dg.Tensor);
    const got = await runOrt(bytes, s);
    expectClose(got, want, { atol: 1e-5, rtol: 1e-5 });
  }
}

