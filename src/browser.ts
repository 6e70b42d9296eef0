/**
 * deepgraph for browsers: the public API of src/index.ts without what needs Node.js (the dataset
 * classes that read and download files, file formats read from disk). Bundlers reach this file
 * through the `browser` export condition of 'deepgraph' or as 'deepgraph/browser'. Kernels run
 * on the TypeScript backend; DataLoader samples on the calling thread (numWorkers 0).
 * src/index.ts re-exports this file and replaces `data` with the full namespace. This file only
 * re-exports.
 */
export * from './tensor/index.js';
export * from './errors.js';
export { getBackend, setBackend, backendName, availableBackends, registerBackend } from './kernels/registry.js';
export type { Backend, PartialBackend } from './kernels/backend.js';
export { setNumThreads, getNumThreads } from './kernels/native/index.js';
export { createWebGpuKernels, type WebGpuKernels, type WebGpuUnavailable } from './kernels/webgpu/index.js';
// The WebAssembly backend (src/kernels/wasm): `await ready()` loads it, in a page or in Node.js.
export { ready } from './kernels/registry.js';
export { WASM_KERNELS, WASM_INTERFACE_VERSION, type WasmSource } from './kernels/wasm/index.js';
export { SparseAdj } from './graph/sparse.js';
export * from './graph/index.js';
export * from './message/index.js';
export * from './sampling/index.js';
export * from './dataloading/index.js';
export * as nn from './nn/index.js';
export * as optim from './optim/index.js';
export * as sparse from './sparse/index.js';
export * from './metrics/index.js';
export * as data from './browser/data.js';
export * from './io/browser.js';
export { fromGraphology, toGraphology, graphologyKeys, type GraphologyLike, type GraphologyKeys, type FromGraphologyOptions, type ToGraphologyOptions } from './data/graphology.js';
export { VERSION } from './version.js';
