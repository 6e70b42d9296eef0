/** `deepgraph train --export-onnx FILE`: the trained model written as an ONNX file. */
import { DeepGraphError } from '../errors.js';
import type { Graph } from '../graph/index.js';
import type { Module } from '../nn/module.js';
import type { Tensor } from '../tensor/tensor.js';
import { exportModel } from '../onnx/file.js';

/** Exports `trained.model` traced on the sample graph and features; reports the file on stderr. */
export function exportTrained(path: string, trained: { model: Module } | undefined,
  sample: { graph: Graph | undefined; features: Tensor; etypes?: Tensor; edata?: Record<string, Tensor> }): void {
  if (trained === undefined || sample.graph === undefined) {
    throw new DeepGraphError('--export-onnx: this training mode does not hand back its model');
  }
  const bytes = exportModel(trained.model, { ...sample, graph: sample.graph }, path);
  process.stderr.write(`deepgraph train: wrote ${path} (ONNX, ${bytes} bytes)\n`);
}
