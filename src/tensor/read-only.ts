/** Read-only tensors: data a backend may keep its own copy of across calls (kernels/read-only.ts). */
import { isReadOnly as arrayIsReadOnly, markReadOnly as markArray } from '../kernels/read-only.js';
import type { Tensor } from './tensor.js';

/**
 * Promises that `t.data` is never written again (input features, constant masks), so the wasm
 * backend copies it into its memory once instead of on every kernel call. Returns `t`. Writing
 * into the data afterwards gives stale results on the wasm backend (clone the tensor to edit it).
 * No DGL/PyG counterpart: their tensors already live in the backend's memory.
 */
export function markReadOnly(t: Tensor): Tensor {
  markArray(t.data);
  return t;
}

/** True when markReadOnly(t) was called on this tensor's data. */
export function isReadOnly(t: Tensor): boolean {
  return arrayIsReadOnly(t.data);
}
