// Public surface of src/io (re-exports only): files that leave the process. Node.js only;
// the bytes-level functions are also in the browser build (src/io/browser.ts).
export * from './browser.js';
export { save, load } from './weights.js';
export { saveGraphs, loadGraphs, loadLabels, saveCheckpoint, loadCheckpoint } from './node-files.js';
export { loadTorch, readTorch } from './torch/load-file.js';
