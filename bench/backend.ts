/**
 * Backend and thread selection for a benchmark run. The JSON line reports the threads actually
 * used: the TypeScript backend is single-threaded, so it reports 1 whatever --threads says; wasm
 * runs --threads - 1 worker threads beside the calling one.
 */
import { getBackend, setBackend } from '../src/kernels/registry.js';
import { tryLoadAddon } from '../src/kernels/native/index.js';
import { setWasmThreads, wasmThreads } from '../src/kernels/wasm/threads.js';
import { log, type Context } from './harness.js';

/** Activates the requested backend (default: the registry's choice) and sets the thread count. */
export function selectBackend(name: string | undefined, threads: number): Context {
  const backend = name === undefined ? getBackend() : setBackend(name);
  if (backend.name === 'native') {
    const addon = tryLoadAddon();
    if (addon === null) throw new Error('bench: the native backend is active but its addon did not load');
    addon.setNumThreads(threads);
    const info = addon.buildInfo();
    const build = [info.cblas ? 'cblas' : 'no-cblas', info.openmp ? 'openmp' : 'no-openmp', info.simd].join(' ');
    return { backend: 'native', threads: addon.getNumThreads(), build };
  }
  if (backend.name === 'wasm') {
    // Worker threads over the threads build's shared memory (src/kernels/wasm/threads.ts).
    setWasmThreads(threads);
    const used = wasmThreads();
    if (used !== threads) log(`bench: the wasm backend runs on ${used} thread(s) (asked for ${threads})`);
    return { backend: 'wasm', threads: used };
  }
  if (threads > 1) log(`bench: the ${backend.name} backend runs on one thread; reporting threads: 1 (asked for ${threads})`);
  return { backend: backend.name, threads: 1 };
}
