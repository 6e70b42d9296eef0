/**
 * The check of an exported entity R-GCN (deepgraph train's model): onnxruntime against deepgraph on
 * the trained graph and on the subgraph of every third node (nodes keeping their ids), and the test
 * accuracy of onnxruntime's logits.
 */
import { readFileSync } from 'node:fs';
import * as dg from '../../src/index.js';
import type { Graph } from '../../src/graph/graph.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { entityGraph, RGCN_NORM, type EntityData, type TrainedEntityModel } from '../../src/cli/entity-train.js';
import { accuracy } from '../../src/cli/node-train.js';
import { runOrt, type OrtGraphInput } from './ort.js';

/** R-GCN's norm on a graph: 1 / in-degree of the destination within the edge's relation, [E, 1]. */
export function relationNorm(g: Graph, etypes: Int32Array): Tensor {
  const { dst } = g.sparse().coo();
  const count = new Map<number, number>();
  const key = (e: number): number => dst[e] * 4096 + etypes[e];
  for (let e = 0; e < dst.length; e++) count.set(key(e), (count.get(key(e)) ?? 0) + 1);
  return dg.tensor(Float32Array.from(dst, (_, e) => 1 / count.get(key(e))!), { shape: [dst.length, 1] });
}

/** The subgraph induced by every third node; `features` holds the nodes' ids in the trained graph. */
function everyThirdNode(s: TrainedEntityModel['sample']): OrtGraphInput & { etypes: Int32Array } {
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

function maxAbsDiff(a: Tensor, b: Tensor): number {
  if (a.size !== b.size) throw new Error(`sizes differ: ${a.shape} vs ${b.shape}`);
  let m = 0;
  for (let i = 0; i < a.size; i++) m = Math.max(m, Math.abs((a.data[i] as number) - (b.data[i] as number)));
  return m;
}

/** Exports the trained model to `file` and compares; maxAbsDiff is [trained graph, subgraph]. */
export async function checkEntityExport(data: EntityData, trained: TrainedEntityModel, file: string):
  Promise<{ maxAbsDiff: number[]; testAcc: number; subgraphEdges: number; bytes: number }> {
  const { model, sample } = trained;
  const bytes = dg.onnx.exportModel(model, sample, file);
  const onnx = new Uint8Array(readFileSync(file));
  const full = { ...sample, etypes: Int32Array.from(sample.etypes.data) };
  const small = everyThirdNode(sample);
  const diffs: number[] = [];
  let fullLogits: Tensor | null = null;
  for (const s of [full, small]) {
    const want = dg.noGrad(() => model.forward(s.graph, s.features, dg.tensor(s.etypes)));
    const got = await runOrt(onnx, s);
    fullLogits ??= got;
    diffs.push(maxAbsDiff(got, want));
  }
  const { offset } = entityGraph(data, false);
  const labels = dg.tensor(Int32Array.from({ length: fullLogits!.shape[0] }, (_, i) => (i >= offset && i - offset < data.labels.size ? data.labels.data[i - offset] : -1)));
  const testAcc = accuracy(fullLogits!, labels, Int32Array.from(data.testIdx, (v) => v + offset));
  return { maxAbsDiff: diffs, testAcc, subgraphEdges: small.graph.numEdges(), bytes };
}
