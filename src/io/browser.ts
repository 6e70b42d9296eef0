// The browser-safe part of src/io (bytes in, bytes out); re-exported by src/browser.ts and src/io/index.ts.
export { saveSafetensors, loadSafetensors, TensorFile } from './safetensors.js';
export type { BytesInput } from './bytes.js';
export type { TensorMapLike, SaveSafetensorsOptions, LoadSafetensorsOptions } from './safetensors.js';
export { encodeGraphs, decodeGraphs, GRAPH_FILE_FORMAT, GRAPH_FILE_VERSION } from './graph-file.js';
export type { SaveGraphsOptions, LoadGraphsOptions, LoadedGraphs } from './graph-file.js';
export { encodeCheckpoint, decodeCheckpoint, CHECKPOINT_FORMAT, CHECKPOINT_VERSION } from './checkpoint.js';
export type { Checkpoint, CheckpointParts, LoadCheckpointTargets, Stateful } from './checkpoint.js';
export * from './torch/browser.js';
