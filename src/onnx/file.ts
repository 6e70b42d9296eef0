import { writeFileAtomic } from '../data/atomic-write.js';
import type { Module } from '../nn/module.js';
import { type OnnxExportOptions, type OnnxSample, exportModelBytes } from './export.js';

/**
 * Writes `model` traced on `sample` as an ONNX file at `path` (written to a temporary name, then
 * renamed); returns the number of bytes written. See exportModelBytes for the inputs and output.
 */
export function exportModel(model: Module, sample: OnnxSample, path: string, opts: OnnxExportOptions = {}): number {
  const bytes = exportModelBytes(model, sample, opts);
  writeFileAtomic(path, bytes);
  return bytes.length;
}
