/** deepgraph: graph neural networks for TypeScript. This file only re-exports. */
export * from './tensor/index.js';
export * from './errors.js';
export { getBackend, setBackend, backendName, availableBackends, registerBackend } from './kernels/registry.js';
export type { Backend, PartialBackend } from './kernels/backend.js';
export { VERSION } from './version.js';
