/**
 * A wasm worker thread (worker_threads in Node.js, a module Web Worker in a page): instantiates
 * the threads build over the shared memory with a stack of its own, then runs the jobs the
 * calling thread posts in its slot (./thread-protocol.ts) until told to stop.
 */
import { DONE, FAILED, KERNEL, POSTED, READY, RUNNING, SLOT, STATE, STOP, THREAD_KERNELS, runChunks, type WorkerInit } from './thread-protocol.js';

type Kernel = (...args: number[]) => void;
interface Instance { exports: Record<string, Kernel> & { __stack_pointer: { value: number } } }
const wasm = (globalThis as unknown as { WebAssembly: { Instance: new (m: object, i: object) => Instance } }).WebAssembly;

function serve(init: WorkerInit): void {
  const instance = new wasm.Instance(init.module, { env: { exp: Math.exp, log: Math.log, memory: init.memory } });
  const ex = instance.exports;
  ex.__stack_pointer.value = init.stackTop;
  const state = new Int32Array(init.state), job = new Int32Array(init.job), args = new Float64Array(init.args);
  const base = init.index * SLOT;
  const kernels = THREAD_KERNELS.map((name) => ex[name]);
  Atomics.store(state, base + READY, 1);
  Atomics.notify(state, base + READY);
  for (;;) {
    let s: number;
    while ((s = Atomics.load(state, base + STATE)) !== POSTED && s !== STOP) Atomics.wait(state, base + STATE, s);
    if (s === STOP) return;
    // The caller takes back a job this worker has not claimed yet (it did all the chunks itself).
    if (Atomics.compareExchange(state, base + STATE, POSTED, RUNNING) !== POSTED) continue;
    const failed = runChunks(kernels[job[KERNEL]], job, args) !== null;
    Atomics.store(state, base + STATE, failed ? FAILED : DONE);
    Atomics.notify(state, base + STATE);
  }
}

const get = typeof process !== 'undefined' ? process.getBuiltinModule : undefined;
const parentPort = typeof get === 'function' ? (get('node:worker_threads') as typeof import('node:worker_threads')).parentPort : null;
if (parentPort) {
  parentPort.once('message', (init: WorkerInit) => serve(init));
} else {
  const scope = globalThis as unknown as { onmessage: ((e: { data: WorkerInit }) => void) | null };
  scope.onmessage = (e) => {
    scope.onmessage = null;
    serve(e.data);
  };
}
