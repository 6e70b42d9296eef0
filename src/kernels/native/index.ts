/**
 * The native backend: the addon's kernels as a PartialBackend (the registry fills the rest
 * from the TypeScript backend), plus the thread-count controls.
 */
import type { PartialBackend } from '../backend.js';
import { loadAddon, tryLoadAddon, NATIVE_KERNELS } from './binding.js';
import { setWasmThreads, wasmThreads } from '../wasm/threads.js';

export type { NativeAddon, NativeBuildInfo } from './binding.js';
export { loadAddon, tryLoadAddon, NATIVE_KERNELS } from './binding.js';

/** Builds the native backend; throws why when the addon cannot load. */
export function loadNativeBackend(): PartialBackend {
  const a = loadAddon();
  // The addon's functions already have the Backend signatures; they validate their own arguments.
  const backend: Record<string, unknown> = { name: 'native' };
  for (const k of NATIVE_KERNELS) {
    if (typeof a[k] !== 'function') throw new Error(`the native addon lacks the kernel '${k}' (rebuild it)`);
    backend[k] = a[k];
  }
  return backend as unknown as PartialBackend;
}

/**
 * Threads used by native kernels (and OpenBLAS) and by the wasm kernels (their worker threads, see
 * kernels/wasm/threads.ts; in a page only when it is cross-origin isolated).
 */
export function setNumThreads(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`setNumThreads: n must be a positive integer, got ${n}`);
  tryLoadAddon()?.setNumThreads(n);
  setWasmThreads(n);
}

/**
 * Threads used by native kernels; without the addon, by the wasm kernels (1 for the TypeScript
 * backend, which is single-threaded, and for wasm in a page that is not cross-origin isolated).
 */
export function getNumThreads(): number {
  return tryLoadAddon()?.getNumThreads() ?? wasmThreads();
}

/**
 * Threads for the native kernels of the calling thread only (a DataLoader worker's), leaving the
 * process-wide count (setNumThreads) to every other thread; null returns this thread to it.
 * A no-op without the addon.
 */
export function setThreadNumThreads(n: number | null): void {
  if (n !== null && !(Number.isInteger(n) && n >= 1)) throw new RangeError(`setThreadNumThreads: n must be a positive integer or null, got ${n}`);
  tryLoadAddon()?.setThreadNumThreads(n ?? 0);
}
