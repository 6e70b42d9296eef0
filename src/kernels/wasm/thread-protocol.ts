/**
 * What the calling thread and the wasm workers (./thread-worker.ts) share, in SharedArrayBuffers:
 * one slot per worker in `state` (Int32, SLOT entries per worker: STATE and READY), and one job at
 * a time: `job` (Int32: the kernel, the number of chunks, their argument count and the next chunk
 * to take) and `args` (Float64, ARGS entries per chunk). The caller writes the job, stores POSTED in
 * the slots of the workers it wants and notifies; a worker that wakes in time claims its slot
 * (POSTED -> RUNNING), then it and the caller take chunks off the shared counter until none are
 * left (runChunks), so that a thread slowed by another process, a garbage collection or a compile
 * does less of the work instead of holding everyone up. The worker then stores DONE (or FAILED) and
 * notifies. Kept apart from the pool so that the worker's bundle is small.
 */

/** The kernels a worker can run, by their index in a job. */
export const THREAD_KERNELS = [
  'dg_spmm', 'dg_sddmm', 'dg_edge_softmax', 'dg_edge_softmax_backward', 'dg_segment_reduce', 'dg_matmul',
  'dg_matmul_skip_zeros', 'dg_unary', 'dg_binary', 'dg_reduce', 'dg_softmax', 'dg_gather_rows',
] as const;
export type ThreadKernel = (typeof THREAD_KERNELS)[number];

/** Int32 entries per worker in `state` (64 bytes: slots of different workers share no cache line). */
export const SLOT = 16;
/** Float64 entries per chunk in `args` (the longest export takes 18 arguments). */
export const ARGS = 24;
/** Most chunks one job is cut into. */
export const MAX_CHUNKS = 64;
/** Offsets inside a worker's slot. */
export const STATE = 0, READY = 3;
/** Values of slot[STATE]. */
export const IDLE = 0, POSTED = 1, DONE = 2, FAILED = 3, STOP = 4, RUNNING = 5;
/** Offsets in `job`: the kernel's index in THREAD_KERNELS, the chunks, each chunk's argument count, the next chunk. */
export const KERNEL = 0, CHUNKS = 1, COUNT = 2, NEXT = 16;
/** Int32 entries of `job` (the counter on a cache line of its own). */
export const JOB_INTS = 32;

/** What a worker is sent once, to instantiate the module over the shared memory. */
export interface WorkerInit {
  module: object;
  memory: object;
  state: SharedArrayBuffer;
  job: SharedArrayBuffer;
  args: SharedArrayBuffer;
  index: number;
  /** The top of this worker's own stack region (it grows down). */
  stackTop: number;
}

/**
 * Runs chunks of the posted job with `kernel` (this thread's instance of it) until none are left;
 * returns what a chunk threw, else null. A chunk that throws ends the job for every thread.
 */
export function runChunks(kernel: (...a: number[]) => void, job: Int32Array, args: Float64Array): unknown {
  const chunks = job[CHUNKS], n = job[COUNT];
  for (;;) {
    const i = Atomics.add(job, NEXT, 1);
    if (i >= chunks) return null;
    try {
      kernel(...args.subarray(i * ARGS, i * ARGS + n));
    } catch (err) {
      Atomics.store(job, NEXT, chunks);
      return err ?? new Error('a wasm kernel threw');
    }
  }
}
