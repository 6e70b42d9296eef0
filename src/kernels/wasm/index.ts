/**
 * The WebAssembly backend: the hot kernels of native/ compiled to wasm32 with SIMD128
 * (native/wasm/, prebuilt as native/wasm/deepgraph.wasm). Single-threaded. It is a PartialBackend:
 * whatever it lacks (sampling, compare, permute, ...) the registry takes from the TypeScript backend.
 */
import type { Backend, PartialBackend } from '../backend.js';
import { wasmExports, type WasmExports } from './module.js';
import * as sparse from './sparse.js';
import * as dense from './dense.js';

export { loadWasm, WASM_INTERFACE_VERSION, defaultWasmUrl, type WasmSource, type WasmExports } from './module.js';

/** The Backend kernels the wasm module implements. */
export const WASM_KERNELS = [
  'gspmm', 'gsddmm', 'edgeSoftmax', 'edgeSoftmaxBackward', 'segmentReduce', 'gatherRows', 'scatterAddRows',
  'matmul', 'unary', 'binary', 'reduce', 'softmax', 'dropoutMask',
] as const satisfies readonly (keyof Backend)[];

type WasmKernels = Pick<Backend, (typeof WASM_KERNELS)[number]>;

function build(ex: WasmExports): WasmKernels {
  return {
    gspmm: (a) => sparse.gspmm(ex, a),
    gsddmm: (a) => sparse.gsddmm(ex, a),
    edgeSoftmax: (p, e, x, cols, out) => sparse.edgeSoftmax(ex, p, e, x, cols, out),
    edgeSoftmaxBackward: (p, e, y, gy, cols, gx) => sparse.edgeSoftmaxBackward(ex, p, e, y, gy, cols, gx),
    segmentReduce: (op, x, off, rowLen, out, arg) => sparse.segmentReduce(ex, op, x, off, rowLen, out, arg),
    gatherRows: (src, numRows, rowLen, idx, out) => dense.gatherRows(ex, src, numRows, rowLen, idx, out),
    scatterAddRows: (src, rowLen, idx, out, numRows) => dense.scatterAddRows(ex, src, rowLen, idx, out, numRows),
    matmul: (a, b, out, batch, m, k, n, ta, tb, as, bs) => dense.matmul(ex, a, b, out, batch, m, k, n, ta, tb, as, bs),
    unary: (op, x, out, params) => dense.unary(ex, op, x, out, params),
    binary: (op, a, as, b, bs, out, os) => dense.binary(ex, op, a, as, b, bs, out, os),
    reduce: (op, x, outer, size, inner, out) => dense.reduce(ex, op, x, outer, size, inner, out),
    softmax: (x, rows, cols, out, log) => dense.softmax(ex, x, rows, cols, out, log),
    dropoutMask: (mask, p, seed, input) => dense.dropoutMask(ex, mask, p, seed, input),
  };
}

let backend: (WasmKernels & { name: 'wasm' }) | null = null;

/**
 * Builds the wasm backend; throws why the module cannot load (in a browser: until `ready()` has
 * loaded it). In Node.js the module is compiled synchronously here on first use.
 */
export function loadWasmBackend(): PartialBackend {
  if (backend === null) backend = { name: 'wasm', ...build(wasmExports()) };
  return backend;
}
