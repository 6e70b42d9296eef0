/**
 * deepgraph: graph neural networks for TypeScript. This file only re-exports: the browser-safe
 * surface (src/browser.ts) plus the full `data` namespace (datasets read from and written to files),
 * and the Node-only `onnx` and `storage` namespaces.
 */
export * from './browser.js';
// A local export wins over the star export's `data` (the browser subset); onnx is Node.js only.
export * as data from './data/index.js';
export * from './io/index.js';
export * as onnx from './onnx/index.js';
// Node.js only: partitions and on-disk stores read and write files.
export * as storage from './storage/index.js';
// Processes joined for data-parallel training: Node.js only (sockets, the addon's Gloo, Redis).
export * as distributed from './distributed/index.js';
