/**
 * Test helpers: run an exported model in onnxruntime-node on a graph, and compare with deepgraph.
 * Exported files are kept in a temporary folder per test file for the ONNX checker.
 */
import { mkdtempSync } from 'node:fs';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { Graph } from '../../src/graph/graph.js';
import { Tensor } from '../../src/tensor/tensor.js';

export interface OrtGraphInput {
  graph: Graph;
  features: Tensor;
  etypes?: Int32Array;
  edata?: Record<string, Tensor>;
}

const toInt64 = (a: ArrayLike<number>): BigInt64Array => BigInt64Array.from(Array.from(a, (v) => BigInt(v)));

/** The graph's ids of each node's member graph (0 for an unbatched graph). */
export function graphIdsOf(g: Graph): Int32Array {
  const sizes = g.batchNumNodes();
  const ids = new Int32Array(g.numNodes());
  let k = 0;
  sizes.forEach((n, b) => { ids.fill(b, k, k + n); k += n; });
  return ids;
}

/** Runs the model bytes on one graph; returns the `output` as a deepgraph tensor. */
export async function runOrt(bytes: Uint8Array, input: OrtGraphInput): Promise<Tensor> {
  const session = await ort.InferenceSession.create(bytes);
  const { src, dst } = input.graph.sparse().coo();
  const f = input.features;
  const type = f.dtype === 'float64' ? 'float64' : 'float32';
  const feeds: Record<string, ort.Tensor> = {
    // int32 features are node ids (featureless models): an int64 input.
    features: f.dtype === 'int32' ? new ort.Tensor('int64', toInt64(f.data as Int32Array), [...f.shape]) : new ort.Tensor(type, f.data as Float32Array, [...f.shape]),
    src: new ort.Tensor('int64', toInt64(src), [src.length]),
    dst: new ort.Tensor('int64', toInt64(dst), [dst.length]),
  };
  if (session.inputNames.includes('graph_ids')) {
    const ids = graphIdsOf(input.graph);
    feeds.graph_ids = new ort.Tensor('int64', toInt64(ids), [ids.length]);
  }
  if (session.inputNames.includes('etypes')) {
    if (input.etypes === undefined) throw new Error('the model takes etypes but none were given');
    feeds.etypes = new ort.Tensor('int64', toInt64(input.etypes), [input.etypes.length]);
  }
  for (const [name, t] of Object.entries(input.edata ?? {})) feeds[name] = new ort.Tensor(type, t.data as Float32Array, [...t.shape]);
  const out = (await session.run(feeds)).output;
  await session.release();
  const data = type === 'float64' ? Float64Array.from(out.data as Float64Array) : Float32Array.from(out.data as Float32Array);
  return new Tensor(data, out.dims.map(Number), type);
}

/**
 * Runs scripts/check-onnx.py (onnx.checker, full_check) with Debian's /usr/bin/python3 on every
 * .onnx file in dir. Without python3-onnx the test is skipped with a message saying so, or fails
 * when DEEPGRAPH_REQUIRE_ONNX_CHECKER=1 (CI installs python3-onnx and sets it).
 */
export function runOnnxChecker(t: TestContext, dir: string, expectedFiles: number): void {
  const python = '/usr/bin/python3';
  const probe = spawnSync(python, ['-c', 'import onnx; print(onnx.__version__)'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    const why = `the ONNX checker was not run: ${python} cannot import onnx (apt-get install python3-onnx)`;
    if (process.env.DEEPGRAPH_REQUIRE_ONNX_CHECKER === '1') assert.fail(why);
    t.diagnostic(why);
    t.skip(why);
    return;
  }
  const script = fileURLToPath(new URL('../../../scripts/check-onnx.py', import.meta.url));
  const r = spawnSync(python, [script, dir], { encoding: 'utf8' });
  const lines = r.stdout.trim().split('\n').filter((l) => l !== '');
  assert.equal(r.status, 0, `check-onnx.py failed:\n${r.stdout}${r.stderr}`);
  assert.equal(lines.filter((l) => l.startsWith('ok ')).length, expectedFiles, r.stdout);
  t.diagnostic(`onnx ${probe.stdout.trim()} checker accepted ${expectedFiles} files`);
}

/** A fresh folder for one test file's exported models. */
export function exportDir(): string {
  return mkdtempSync(join(tmpdir(), 'deepgraph-onnx-'));
}
