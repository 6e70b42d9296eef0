/** The browser-safe part of the PyTorch import (everything but reading from a path). */
export { loadTorchBytes, readTorchBytes, type LoadTorchOptions, type TorchValue } from './load.js';
export { fromPyG, mapFromPyG } from './pyg.js';
export { fromDGL, mapFromDGL } from './dgl.js';
export type { ImportOptions, ImportResult } from './name-map.js';
