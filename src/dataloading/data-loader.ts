/**
 * DGL's DataLoader for sampled minibatches: iterates the seed nodes (or seed edges) in batches and
 * yields what the sampler makes of each. With numWorkers > 0 the sampling, relabelling and feature
 * gathering run in worker threads over the graph's arrays in shared memory, ahead of the consumer,
 * so they overlap the training step.
 */
import { type Graph, canonicalKey } from '../graph/graph.js';
import { DeepGraphError } from '../errors.js';
import { NID } from '../graph/ids.js';
import type { Tensor } from '../tensor/tensor.js';
import { backendName } from '../kernels/registry.js';
import { defaultGenerator } from '../tensor/random.js';
import { resolveSeed, toIds, type IdsLike } from '../sampling/common.js';
import type { SeedsLike } from '../sampling/frontier.js';
import { idsPerType } from './block.js';
import { EdgePredictionSampler } from './edge-prediction.js';
import { type EdgeMiniBatch, type NodeMiniBatch, edgeMiniBatch, nodeMiniBatch } from './materialize.js';
import { type BlockSampler, checkOptionKeys, needsOf } from './neighbor-sampler.js';
import { type SubgraphSampler, isSubgraphSampler } from './subgraph-sampler.js';
import { type FlatSeeds, batchSeed, batchSeeds, epochOrder, flatten, numBatches } from './order.js';
import type { BatchResult, BatchTask, SamplerPlan } from './plan.js';
import { runPlan } from './run-plan.js';
import { type GraphArrays, graphArrays, shareArrays } from './structure.js';

/** Options of `DataLoader`: batch size, shuffling, drop-last, worker threads, seed. */
export interface DataLoaderOptions {
  /** Seeds per batch. Default 1 (as DGL). */
  batchSize?: number;
  /** A new order of the seeds every epoch. Default false. */
  shuffle?: boolean;
  /** Drop the last, smaller batch. Default false. */
  dropLast?: boolean;
  /** Worker threads sampling ahead (Node.js only). Default 0: sample on the calling thread. */
  numWorkers?: number;
  /** Batches in flight per worker. Default 2. */
  prefetch?: number;
  /** uint32 seed of the loader (shuffling and every batch's sampling); default drawn from the global generator. */
  seed?: number;
  /**
   * Keep the workers between epochs (saves their start-up, ~0.1-0.2 s an epoch); idle workers do not
   * keep the process alive; close() ends them. Default false.
   */
  persistentWorkers?: boolean;
  /**
   * Native threads of each worker's kernels (sampling, feature gathers); the training thread keeps
   * dg.getNumThreads(). Default: the cores divided among the numWorkers + 1 busy threads,
   * max(1, floor(cores / (numWorkers + 1))), never above dg.getNumThreads() (read when the workers
   * start); so on 2 cores one worker samples on one thread while training keeps both.
   * null: workers use dg.getNumThreads() too. Ignored with numWorkers 0.
   */
  kernelThreads?: number | null;
  /**
   * Node features read from stores (dg.storage's DiskFeature, CachedFeature, ...) on the training
   * thread for each batch's input nodes, into blocks[0].srcdata (GraphBolt's FeatureFetcher).
   * Graphs with one node type.
   */
  featureStores?: Readonly<Record<string, RowStore>>;
  /** Like featureStores, for the output nodes into blocks[last].dstdata (labels). */
  labelStores?: Readonly<Record<string, RowStore>>;
}

/** Anything that reads node rows by id as a tensor (the feature stores of dg.storage). */
export interface RowStore {
  /** Rows of `ids` (an int32 tensor of node ids) as a tensor [ids.length, ...rowShape]. */
  read(ids: Tensor): Tensor;
}

const KNOWN = ['batchSize', 'shuffle', 'dropLast', 'numWorkers', 'prefetch', 'seed', 'persistentWorkers', 'kernelThreads', 'featureStores', 'labelStores'];

/** The samplers a DataLoader drives. */
export type AnySampler = BlockSampler | EdgePredictionSampler | SubgraphSampler<unknown>;
/** What a loader yields for a sampler: node batches, edge batches, or what a subgraph sampler returns. */
export type BatchOf<S extends AnySampler> = S extends EdgePredictionSampler ? EdgeMiniBatch
  : S extends SubgraphSampler<infer R> ? R : NodeMiniBatch;

function positiveInt(op: string, name: string, v: number, min: number): number {
  if (!(Number.isInteger(v) && v >= min)) throw new RangeError(`${op}: ${name} must be an integer >= ${min}, got ${v}`);
  return v;
}

/**
 * `for await (const [inputNodes, outputNodes, blocks] of new DataLoader(g, trainIds, sampler, { batchSize: 1024 }))`;
 * with an edge prediction sampler the batches are [inputNodes, pairGraph, negPairGraph, blocks]; with a
 * subgraph sampler (ClusterGCNSampler, SAINTSampler, ShaDowKHopSampler) what its `sample` returns for each
 * batch of indices (cluster ids, batch numbers or seed nodes).
 * Each iteration is one epoch. Plain `for...of` works when numWorkers is 0. The loader reads the
 * graph's structure and prefetched features when its first epoch starts (DGL's `dgl.dataloading.DataLoader`).
 * @example
 * ```ts
 * import * as dg from 'deepgraph';
 * const g = dg.randGraph(100, 500, { seed: 0 });
 * g.ndata.set('feat', dg.randn([100, 8]));
 * const sampler = new dg.NeighborSampler([5, 10], { prefetchNodeFeats: ['feat'] });
 * const loader = new dg.DataLoader(g, Int32Array.from({ length: 32 }, (_, i) => i), sampler, { batchSize: 16, shuffle: true });
 * for (const [inputNodes, outputNodes, blocks] of loader) {
 *   console.log(inputNodes.shape[0], outputNodes.shape[0], blocks.length);  // e.g. 97 16 2
 * }
 * ```
 */
export class DataLoader<S extends AnySampler> implements Iterable<BatchOf<S>>, AsyncIterable<BatchOf<S>> {
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  readonly numWorkers: number;
  readonly prefetch: number;
  readonly seed: number;
  readonly persistentWorkers: boolean;
  /** Each worker's native threads; undefined: the default division of the cores; null: the process-wide count. */
  readonly kernelThreads: number | null | undefined;
  private readonly seeds: FlatSeeds;
  private pool: import('./node/worker-pool.js').WorkerPool | null = null;
  private busy = false;
  private readonly plan: SamplerPlan | null;
  private arraysCache: GraphArrays | null = null;
  private epoch = 0;
  private readonly featureStores: Readonly<Record<string, RowStore>>;
  private readonly labelStores: Readonly<Record<string, RowStore>>;

  constructor(readonly graph: Graph, indices: SeedsLike | IdsLike, readonly sampler: S, opts: DataLoaderOptions = {}) {
    const op = 'DataLoader';
    checkOptionKeys(op, opts, KNOWN);
    this.batchSize = positiveInt(op, 'batchSize', opts.batchSize ?? 1, 1);
    this.numWorkers = positiveInt(op, 'numWorkers', opts.numWorkers ?? 0, 0);
    this.prefetch = positiveInt(op, 'prefetch', opts.prefetch ?? 2, 1);
    this.shuffle = opts.shuffle ?? false;
    this.dropLast = opts.dropLast ?? false;
    this.persistentWorkers = opts.persistentWorkers ?? false;
    this.kernelThreads = opts.kernelThreads === undefined || opts.kernelThreads === null ? opts.kernelThreads
      : positiveInt(op, 'kernelThreads', opts.kernelThreads, 1);
    this.seed = opts.seed === undefined ? defaultGenerator.nextUint32() : resolveSeed(op, opts.seed);
    if (sampler instanceof EdgePredictionSampler) {
      this.seeds = flatten([sampler.seedEdges(op, graph, indices)]);
    } else if (isSubgraphSampler(sampler)) {
      this.seeds = flatten([toIds(op, 'index', indices as IdsLike, sampler.indexBound(graph), 'indices')]);
    } else {
      this.seeds = flatten(idsPerType(op, graph, indices as SeedsLike, 'seed node'));
    }
    this.featureStores = opts.featureStores ?? {};
    this.labelStores = opts.labelStores ?? {};
    for (const [name, st] of [...Object.entries(this.featureStores), ...Object.entries(this.labelStores)]) {
      if (st === null || typeof st !== 'object' || typeof st.read !== 'function') throw new TypeError(`${op}: store '${name}' has no read(ids) method`);
    }
    if (Object.keys(this.featureStores).length + Object.keys(this.labelStores).length > 0 && graph.ntypes.length !== 1) {
      throw new DeepGraphError(`${op}: featureStores and labelStores need a graph with one node type, got ${graph.ntypes.length}`);
    }
    this.plan = !isSubgraphSampler(sampler) && typeof sampler.plan === 'function' ? sampler.plan(graph) : null;
    if (this.plan === null && this.numWorkers > 0) {
      throw new DeepGraphError(`${op}: numWorkers > 0 needs a built-in sampler (NeighborSampler, MultiLayerFullNeighborSampler, `
        + 'asEdgePredictionSampler); custom, subgraph and LABOR samplers run with numWorkers 0');
    }
  }

  /** Batches per epoch. */
  get length(): number { return numBatches(this.seeds.ids.length, this.batchSize, this.dropLast); }

  /**
   * The 0-based epoch the next iteration runs: its order and sampling are those of that epoch of
   * an uninterrupted run (a resumed training continues the same batches; PyTorch's
   * `DistributedSampler.set_epoch`).
   */
  setEpoch(epoch: number): void {
    if (!(Number.isInteger(epoch) && epoch >= 0)) throw new RangeError(`DataLoader.setEpoch: epoch must be a non-negative integer, got ${epoch}`);
    this.epoch = epoch;
  }

  private arrays(): GraphArrays {
    if (this.arraysCache === null) {
      const p = this.plan!;
      const needs = p.kind === 'edge' ? (this.sampler as EdgePredictionSampler).needs(this.graph, p) : needsOf(p);
      this.arraysCache = graphArrays(this.graph, needs, 'DataLoader');
    }
    return this.arraysCache;
  }

  private tasks(): BatchTask[] {
    const epoch = this.epoch++;
    const order = epochOrder(this.seeds.ids.length, this.shuffle, this.seed, epoch);
    return Array.from({ length: this.length }, (_, b) => ({
      index: b, seeds: batchSeeds(this.seeds, order, b, this.batchSize), seed: batchSeed(this.seed, epoch, b),
    }));
  }

  private finish(r: BatchResult): BatchOf<S> {
    const p = this.plan!;
    return this.fromStores((p.kind === 'edge' ? edgeMiniBatch(this.graph, p, r) : nodeMiniBatch(this.graph, p, r)) as BatchOf<S>);
  }

  /** Reads the stores' rows for the batch's input and output nodes into its first and last blocks. */
  private fromStores(batch: BatchOf<S>): BatchOf<S> {
    // Only block samplers reach here (subgraph samplers return before): their batches end with the blocks.
    const parts = batch as unknown as readonly unknown[];
    const blocks = parts[parts.length - 1] as Graph[];
    const first = blocks[0], last = blocks[blocks.length - 1];
    for (const [name, st] of Object.entries(this.featureStores)) first.srcdata.set(name, st.read(first.srcdata.get(NID)));
    for (const [name, st] of Object.entries(this.labelStores)) last.dstdata.set(name, st.read(last.dstdata.get(NID)));
    return batch;
  }

  private sampleHere(task: BatchTask): BatchOf<S> {
    if (isSubgraphSampler(this.sampler)) return this.sampler.sample(this.graph, task.seeds[0], { seed: task.seed }) as BatchOf<S>;
    if (this.plan === null) {
      return this.fromStores((this.sampler as BlockSampler).sample(this.graph, this.graph.ntypes.length === 1 ? task.seeds[0]
        : Object.fromEntries(this.graph.ntypes.map((t, i) => [t, task.seeds[i]])), { seed: task.seed }) as BatchOf<S>);
    }
    return this.finish(runPlan(this.arrays(), this.plan, task));
  }

  /** One epoch on the calling thread (numWorkers 0 only). */
  *[Symbol.iterator](): Iterator<BatchOf<S>> {
    if (this.numWorkers > 0) throw new DeepGraphError('DataLoader: with numWorkers > 0 iterate with for await (...)');
    for (const task of this.tasks()) yield this.sampleHere(task);
  }

  /** One epoch; with workers, up to numWorkers * prefetch batches are sampled ahead. */
  async *[Symbol.asyncIterator](): AsyncIterator<BatchOf<S>> {
    const tasks = this.tasks();
    if (this.numWorkers === 0 || tasks.length === 0) {
      for (const task of tasks) yield this.sampleHere(task);
      return;
    }
    // A persistent pool serves one epoch at a time: a second concurrent epoch gets its own workers.
    const shared = this.persistentWorkers && !this.busy;
    let pool = shared ? this.pool : null;
    if (pool === null || pool.failed) {
      const { WorkerPool, workerKernelThreads } = await import('./node/worker-pool.js');
      pool = new WorkerPool(shared ? this.numWorkers : Math.min(this.numWorkers, tasks.length), {
        arrays: shareArrays(this.arrays()), plan: this.plan!, backend: backendName(),
        kernelThreads: workerKernelThreads(this.numWorkers, this.kernelThreads),
      });
      if (shared) this.pool = pool;
    }
    if (shared) this.busy = true;
    const inFlight: Promise<BatchResult>[] = [];
    let next = 0;
    const depth = this.numWorkers * this.prefetch;
    const fill = (): void => {
      while (next < tasks.length && inFlight.length < depth) {
        const p = pool.run(tasks[next++]);
        p.catch(() => undefined); // observed when awaited; avoids an unhandled rejection meanwhile
        inFlight.push(p);
      }
    };
    try {
      fill();
      while (inFlight.length > 0) {
        const r = await inFlight.shift()!;
        fill();
        yield this.finish(r);
      }
    } finally {
      if (shared) {
        this.busy = false;
        // Batches still in flight after an early break would answer the next epoch's indices: start afresh.
        if (inFlight.length > 0 || pool.failed) { this.pool = null; await pool.close(); }
      } else {
        await pool.close();
      }
    }
  }

  /** Ends persistent workers (a no-op otherwise); the next epoch starts new ones. */
  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    await pool?.close();
  }
}
