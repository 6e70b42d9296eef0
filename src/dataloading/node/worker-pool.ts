/**
 * Node-only: loader workers (worker_threads) that run a sampling plan over the graph's arrays in
 * shared memory. Only data-loader.ts reaches this module, through a dynamic import when
 * numWorkers > 0, so the rest of the library stays browser-safe.
 */
import { Worker } from 'node:worker_threads';
import { DeepGraphError } from '../../errors.js';
import type { BatchResult, BatchTask, SamplerPlan } from '../plan.js';
import type { GraphArrays } from '../structure.js';

// The workers' kernel thread count, reached through this module so a browser bundle (which swaps
// this file for src/browser/worker-pool.ts) never pulls it or node:os in.
export { workerKernelThreads } from './thread-budget.js';

/** What every worker starts with: the shared arrays, the plan, the backend to use. */
export interface WorkerInit {
  arrays: GraphArrays;
  plan: SamplerPlan;
  backend: string;
  /** Native threads of each worker's kernels (setThreadNumThreads); null or absent: the process-wide count. */
  kernelThreads?: number | null;
}

export type WorkerReply =
  | { ok: true; result: BatchResult }
  | { ok: false; index: number; name: string; message: string };

interface Waiter { resolve: (r: BatchResult) => void; reject: (e: Error) => void }

function rebuildError(name: string, message: string): Error {
  const text = `DataLoader worker: ${message}`;
  if (name === 'RangeError') return new RangeError(text);
  if (name === 'TypeError') return new TypeError(text);
  const e = new DeepGraphError(text);
  return e;
}

/** A fixed set of workers; batch i goes to worker i mod n. */
export class WorkerPool {
  private readonly workers: Worker[] = [];
  private readonly waiting = new Map<number, Waiter>();
  private failure: Error | null = null;
  private closing = false;
  private held = true;

  constructor(numWorkers: number, init: WorkerInit) {
    for (let i = 0; i < numWorkers; i++) {
      const w = new Worker(new URL('./worker.js', import.meta.url), { workerData: init });
      w.on('message', (m: WorkerReply) => this.onReply(m));
      w.on('error', (e: Error) => this.fail(e));
      w.on('exit', (code) => { if (!this.closing) this.fail(new DeepGraphError(`DataLoader worker ${i} exited with code ${code}`)); });
      this.workers.push(w);
    }
  }

  /**
   * Idle workers must not keep the process alive (a persistent pool outlives its epoch), but
   * workers with batches in flight must: ref while something is awaited, unref when idle.
   */
  private hold(on: boolean): void {
    if (on === this.held) return;
    this.held = on;
    for (const w of this.workers) { if (on) w.ref(); else w.unref(); }
  }

  private onReply(m: WorkerReply): void {
    const index = m.ok ? m.result.index : m.index;
    const w = this.waiting.get(index);
    if (w === undefined) return;
    this.waiting.delete(index);
    if (this.waiting.size === 0) this.hold(false);
    if (m.ok) w.resolve(m.result);
    else w.reject(rebuildError(m.name, m.message));
  }

  private fail(e: Error): void {
    if (this.failure !== null) return;
    this.failure = e;
    for (const w of this.waiting.values()) w.reject(e);
    this.waiting.clear();
  }

  get failed(): boolean { return this.failure !== null; }

  run(task: BatchTask): Promise<BatchResult> {
    if (this.failure !== null) return Promise.reject(this.failure);
    if (this.waiting.has(task.index)) return Promise.reject(new DeepGraphError(`DataLoader: batch ${task.index} is already in flight`));
    return new Promise<BatchResult>((resolve, reject) => {
      this.waiting.set(task.index, { resolve, reject });
      this.hold(true);
      const transfer = task.seeds.map((s) => s.buffer).filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
      this.workers[task.index % this.workers.length].postMessage(task, transfer);
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    this.fail(new DeepGraphError('DataLoader: the worker pool was closed'));
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
