// Public surface of src/message (re-exports only).
export * as fn from './fn.js';
export * as ops from './ops.js';
