/**
 * Test helpers: run an exported model in onnxruntime-node on a graph, and compare with deepgraph.
 * Every exported file is also kept in one temporary folder for the ONNX checker test.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { Graph } from '../../src/graph/graph.js';
import { Tensor } from '../../src/tensor/tensor.js';

export interface OrtGraphInput {
  graph: Graph;
  features: Tensor;
  etypes?: Int32Array;
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
    features: new ort.Tensor(type, f.data as Float32Array, [...f.shape]),
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
  const out = (await session.run(feeds)).output;
  await session.release();
  const data = type === 'float64' ? Float64Array.from(out.data as Float64Array) : Float32Array.from(out.data as Float32Array);
  return new Tensor(data, out.dims.map(Number), type);
}

/** Where exported files are kept for the checker test (one folder per test process). */
export const EXPORT_DIR = join(tmpdir(), 'deepgraph-onnx-exports');

/** Keeps a copy of an exported file under EXPORT_DIR for scripts/check-onnx.py. */
export function keepForChecker(name: string, bytes: Uint8Array): void {
  mkdirSync(EXPORT_DIR, { recursive: true });
  writeFileSync(join(EXPORT_DIR, `${name}.onnx`), bytes);
}
