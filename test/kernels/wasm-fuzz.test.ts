/**
 * The 10,000-call fuzz (./fuzz-run.ts) on the WebAssembly backend's own kernels (the ones it takes
 * from the TypeScript backend, sampling among them, are that backend's and fuzzed as the addon's
 * reference).
 */
import { test } from 'node:test';
import { setBackend } from '../../src/kernels/registry.js';
import { WASM_KERNELS } from '../../src/kernels/wasm/index.js';
import { fuzzBackend } from './fuzz-run.js';

test('wasm backend: 10,000 random calls, invalid ones throw naming the kernel, valid ones equal the TypeScript backend', () => {
  // Fails (never skips) when the committed deepgraph.wasm does not load.
  const wasm = setBackend('wasm');
  setBackend('js');
  fuzzBackend(wasm, WASM_KERNELS);
});
