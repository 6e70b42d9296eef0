/**
 * `bench sage-minibatch`: one minibatch GraphSAGE training epoch as `deepgraph train --minibatch`
 * runs it (src/cli/minibatch.ts: SAGEConv 'mean' per block, ReLU and dropout 0.5 between layers,
 * cross entropy, Adam lr 3e-3) over --train-nodes seeds of the power-law task, NeighborSampler
 * (--fanouts, default [10, 25]) with features and labels prefetched, --batch-size 1024, shuffled,
 * --workers sampling threads (persistent). One timed run = one epoch. The line splits the fastest
 * epoch into waitMs (the training thread waiting for the next batch: sampling that did not overlap)
 * and stepMs (forward, backward, optimizer step), and gives its sampled edges per second.
 */
import { DataLoader } from '../../src/dataloading/data-loader.js';
import { NeighborSampler } from '../../src/dataloading/neighbor-sampler.js';
import type { NodeMiniBatch } from '../../src/dataloading/materialize.js';
import { getNumThreads } from '../../src/kernels/native/index.js';
import { Adam } from '../../src/optim/adam.js';
import { manualSeed } from '../../src/tensor/random.js';
import { MinibatchSAGE, trainMinibatchEpoch, type EpochStats } from '../../src/cli/minibatch.js';
import type { BenchOptions } from '../args.js';
import { log, perSecond, printLine, resultLine, round, timeAsync, type Context } from '../harness.js';
import { samplingTask, seedsFor, workerThreadsOf } from './sample-task.js';

/** The loader's batches, noting the native thread count the training thread runs its kernels with. */
async function* watched(loader: AsyncIterable<NodeMiniBatch>, seen: { threads: number }): AsyncGenerator<NodeMiniBatch> {
  for await (const batch of loader) {
    seen.threads = getNumThreads();
    yield batch;
  }
}

export async function runSageMinibatch(o: BenchOptions, ctx: Context): Promise<void> {
  const { task, params, built } = samplingTask(o);
  const g = task.graph;
  const seeds = seedsFor(task.trainIds, o.batchSize, o.batches);
  const hidden = o.hidden ?? 256;
  manualSeed(o.seed);
  const model = new MinibatchSAGE(o.feats, hidden, task.numClasses, o.fanouts.length, 0.5, 0);
  model.train();
  const opt = new Adam(model.parameters(), { lr: 3e-3 });
  const sampler = new NeighborSampler(o.fanouts, { prefetchNodeFeats: ['feat'], prefetchLabels: ['label'] });
  const loader = new DataLoader(g, seeds, sampler, {
    batchSize: o.batchSize, shuffle: true, numWorkers: o.workers, seed: o.seed, persistentWorkers: o.workers > 0, kernelThreads: o.kernelThreads,
  });
  const epochs: { ms: number; stats: EpochStats }[] = [];
  const seen = { threads: getNumThreads() };
  try {
    const t = await timeAsync(async () => {
      const t0 = performance.now();
      const stats = await trainMinibatchEpoch(model, opt, watched(loader, seen));
      epochs.push({ ms: performance.now() - t0, stats });
      log(`bench: sage-minibatch epoch: ${stats.batches} batches, loss ${stats.loss.toFixed(4)}, ` +
        `waiting ${(stats.waitMs / 1e3).toFixed(2)} s, steps ${(stats.stepMs / 1e3).toFixed(2)} s`);
    }, { runs: o.runs, warmup: o.warmup, label: `sage-minibatch (${o.workers} workers)` });
    const timed = epochs.slice(o.warmup);
    const best = timed.reduce((a, b) => (b.ms < a.ms ? b : a));
    const s = best.stats;
    printLine(resultLine('sage-minibatch', {
      ...params, fanouts: o.fanouts, batchSize: o.batchSize, seedNodes: seeds.length, workers: o.workers, hidden, classes: task.numClasses,
    }, ctx, t, { epochsPerS: perSecond(1, t.minMs) }, {
      waitMs: round(s.waitMs, 1), stepMs: round(s.stepMs, 1), batches: s.batches, sampledEdges: s.sampledEdges,
      sampledEdgesPerS: perSecond(s.sampledEdges, best.ms, 0), loss: round(s.loss, 4), trainKernelThreads: seen.threads, workerKernelThreads: workerThreadsOf(o), ...built,
    }));
  } finally {
    await loader.close();
  }
}
