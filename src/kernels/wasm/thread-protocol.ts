/**
 * What the calling thread and a wasm worker (./thread-worker.ts) share: one job slot per worker in
 * two SharedArrayBuffers, `state` (Int32, SLOT entries per worker) and `args` (Float64, ARGS
 * entries per worker). The caller writes the kernel and its arguments, stores POSTED and notifies;
 * the worker runs the kernel on its own instance over the same memory, stores DONE (or FAILED) and
 * notifies. Kept apart from the pool so that the worker's bundle is small.
 */

/** The kernels a worker can run, by their index in a job slot. */
export const THREAD_KERNELS = [
  'dg_spmm', 'dg_sddmm', 'dg_edge_softmax', 'dg_edge_softmax_backward', 'dg_segment_reduce', 'dg_matmul',
  'dg_matmul_skip_zeros', 'dg_unary', 'dg_binary', 'dg_reduce', 'dg_softmax', 'dg_gather_rows',
] as const;
export type ThreadKernel = (typeof THREAD_KERNELS)[number];

/** Int32 entries per worker in `state` (64 bytes: slots of different workers share no cache line). */
export const SLOT = 16;
/** Float64 entries per worker in `args` (the longest export takes 18 arguments). */
export const ARGS = 24;
/** Offsets inside a slot. */
export const STATE = 0, KERNEL = 1, COUNT = 2, READY = 3;
/** Values of slot[STATE]. */
export const IDLE = 0, POSTED = 1, DONE = 2, FAILED = 3, STOP = 4;

/** What a worker is sent once, to instantiate the module over the shared memory. */
export interface WorkerInit {
  module: object;
  memory: object;
  state: SharedArrayBuffer;
  args: SharedArrayBuffer;
  index: number;
  /** The top of this worker's own stack region (it grows down). */
  stackTop: number;
}
