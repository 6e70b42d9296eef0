/** deepgraph: graph neural networks for TypeScript. This file only re-exports. */
export * from './tensor/index.js';
export * from './errors.js';
export { getBackend, setBackend, backendName, availableBackends, registerBackend } from './kernels/registry.js';
export type { Backend, PartialBackend } from './kernels/backend.js';
export { setNumThreads, getNumThreads } from './kernels/native/index.js';
export { SparseAdj } from './graph/sparse.js';
export * from './graph/index.js';
export * from './message/index.js';
export * from './sampling/index.js';
export * from './dataloading/index.js';
export * as nn from './nn/index.js';
export * as optim from './optim/index.js';
export * as data from './data/index.js';
export { VERSION } from './version.js';
