/**
 * Node-only: the native kernel thread count while loader workers run. The count is one setting for
 * the whole process (the addon is loaded once; its workers share it with the training thread), and
 * while an epoch with W workers runs, W + 1 threads are busy: the training thread and W samplers.
 * Each running its kernels on every core oversubscribes the machine, and a parallel region waits
 * for its slowest thread: on 2 cores, one sampling worker next to a 2-thread training step slowed
 * both. So by default, for the length of such an epoch, kernels use the cores divided among the busy
 * threads: max(1, floor(cores / (W + 1))), never more than the count set before (dg.setNumThreads).
 * The previous count is restored when the last such epoch ends.
 */
import { availableParallelism } from 'node:os';
import { getNumThreads, setNumThreads } from '../../kernels/native/index.js';

interface Claim { workers: number; threads: number | null }

const claims = new Set<Claim>();
let saved: number | null = null;

/** The default budget of `workers` loader workers on `cores` cores. */
export function defaultKernelThreads(workers: number, cores = availableParallelism()): number {
  return Math.max(1, Math.floor(cores / (workers + 1)));
}

function apply(): void {
  if (saved === null) return;
  if (claims.size === 0) {
    setNumThreads(saved);
    saved = null;
    return;
  }
  // Explicit counts win (the smallest of them); else the cores are divided among every busy thread.
  const explicit = [...claims].map((c) => c.threads).filter((t): t is number => t !== null);
  const workers = [...claims].reduce((n, c) => n + c.workers, 0);
  setNumThreads(explicit.length > 0 ? Math.min(...explicit) : Math.min(saved, defaultKernelThreads(workers)));
}

/**
 * Claims the budget for an epoch with `workers` workers; `threads` is the loader's kernelThreads
 * (undefined: the default division; null: leave the count alone). Returns the release function.
 */
export function claimKernelThreads(workers: number, threads: number | null | undefined): () => void {
  if (threads === null) return () => undefined;
  const claim: Claim = { workers, threads: threads ?? null };
  if (saved === null) saved = getNumThreads();
  claims.add(claim);
  apply();
  let released = false;
  return () => {
    if (released) return;
    released = true;
    claims.delete(claim);
    apply();
  };
}
