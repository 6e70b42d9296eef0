/**
 * Data-parallel training (PyTorch's DistributedDataParallel): every rank holds the same model,
 * trains on its own share of the batches, and averages the gradients before the optimizer step,
 * so all replicas take the same step. Parameters (and buffers) are broadcast from rank 0 first.
 * Gradients travel in buckets (flat arrays of about `bucketBytes`, filled in reverse parameter
 * order as PyTorch's), one allReduce per bucket. Backward is synchronous here, so the averaging is
 * an explicit `await ddp.syncGradients()` between `loss.backward()` and `opt.step()`.
 */
import type { Module } from '../nn/module.js';
import type { Parameter } from '../nn/parameter.js';
import { Tensor } from '../tensor/tensor.js';
import type { FloatArray } from './collectives.js';
import type { ProcessGroup } from './process-group.js';

/** Options of DistributedDataParallel. */
export interface DDPOptions {
  /** Target size of a gradient bucket (default 25 MB, PyTorch's bucket_cap_mb). */
  bucketBytes?: number;
}

interface Bucket { params: Parameter[]; flat: FloatArray }

/** Wraps `module` for data-parallel training over `group`; see the file comment. */
export class DistributedDataParallel {
  private readonly buckets: Bucket[] = [];
  /** Settles when rank 0's parameters and buffers have reached this rank. */
  readonly ready: Promise<void>;

  constructor(readonly module: Module, readonly group: ProcessGroup, opts: DDPOptions = {}) {
    const cap = opts.bucketBytes ?? 25 * 1024 * 1024;
    if (!(cap > 0)) throw new RangeError(`DistributedDataParallel: bucketBytes must be positive, got ${cap}`);
    let current: Parameter[] = [], bytes = 0;
    const close = (): void => {
      if (current.length === 0) return;
      const Ctor = current[0].data instanceof Float64Array ? Float64Array : Float32Array;
      this.buckets.push({ params: current, flat: new Ctor(current.reduce((n, p) => n + p.size, 0)) });
      current = [];
      bytes = 0;
    };
    for (const p of [...module.parameters()].reverse()) {
      if (current.length > 0 && (current[0].data.constructor !== p.data.constructor || bytes >= cap)) close();
      current.push(p);
      bytes += p.data.byteLength;
    }
    close();
    this.ready = this.broadcastState();
  }

  private async broadcastState(): Promise<void> {
    for (const p of this.module.parameters()) await this.group.broadcast(p.data as FloatArray, 0);
    for (const [, b] of this.module.namedBuffers()) await this.group.broadcast(b.data, 0);
  }

  /** Number of gradient buckets (one allReduce each per step). */
  get numBuckets(): number { return this.buckets.length; }

  /**
   * Replaces every parameter's gradient with its mean over the ranks (a parameter without a
   * gradient on this rank counts as zeros, and receives the mean, as in PyTorch with
   * find_unused_parameters). Every rank must call it once per step.
   */
  async syncGradients(): Promise<void> {
    await this.ready;
    for (const { params, flat } of this.buckets) {
      let at = 0;
      for (const p of params) {
        if (p.grad === null) flat.fill(0, at, at + p.size);
        else flat.set(p.grad.data as FloatArray, at);
        at += p.size;
      }
      await this.group.allReduce(flat, { average: true });
      at = 0;
      for (const p of params) {
        const mean = flat.slice(at, at + p.size);
        p.grad = new Tensor(mean, p.shape, p.dtype);
        at += p.size;
      }
    }
  }
}
