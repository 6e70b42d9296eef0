/**
 * Node-only: the native kernel threads of DataLoader workers. While an epoch with W workers runs,
 * up to W + 1 threads are busy: the training thread and W samplers. Each running its kernels on
 * every core oversubscribes the machine, and a parallel region waits for its slowest thread. But
 * halving the training thread's count to make room (tried first) made minibatch GraphSAGE slower
 * with a worker than without: its steps take ~93% of an epoch on the 2M-node task, sampling ~7%.
 * So workers get their own, smaller count (setThreadNumThreads, a per-thread setting in the addon):
 * by default the cores divided among the busy threads, max(1, floor(cores / (W + 1))), never more
 * than the process-wide count; the training thread keeps the process-wide count (dg.setNumThreads).
 */
import { availableParallelism } from 'node:os';
import { getNumThreads } from '../../kernels/native/index.js';

/** The default count of each of `workers` loader workers on `cores` cores. */
export function defaultKernelThreads(workers: number, cores = availableParallelism()): number {
  return Math.max(1, Math.floor(cores / (workers + 1)));
}

/**
 * The count each worker's kernels run with: the loader's kernelThreads when given, else the default
 * (capped at the process-wide count); null when kernelThreads is null (the process-wide count).
 */
export function workerKernelThreads(workers: number, kernelThreads: number | null | undefined): number | null {
  if (kernelThreads === null) return null;
  return kernelThreads ?? Math.min(getNumThreads(), defaultKernelThreads(workers));
}
