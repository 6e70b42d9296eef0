/**
 * `bench sage-minibatch`: one minibatch GraphSAGE training epoch as `deepgraph train --minibatch`
 * runs it (src/cli/minibatch.ts: SAGEConv 'mean' per block, ReLU and dropout 0.5 between layers,
 * cross entropy, Adam lr 3e-3) over --train-nodes seeds of the power-law task, NeighborSampler
 * (--fanouts, default [10, 25]) with features and labels prefetched, --batch-size 1024, shuffled,
 * --workers sampling threads (persistent). One timed run = one epoch. The line splits the fastest
 * epoch into waitMs (the training thread waiting for the next batch: sampling that did not overlap)
 * and stepMs (forward, backward, optimizer step), and gives its sampled edges per second; finalLoss
 * is the last epoch's mean loss.
 * With --workers 0,1 each setting trains its own model (same seed, so the same batches and losses)
 * and their epochs alternate: on a shared machine both see the same load, which separate runs
 * minutes apart do not. A last line splits single steps into phases against their roofline
 * (minibatch-phases.ts).
 */
import { DataLoader } from '../../src/dataloading/data-loader.js';
import { NeighborSampler } from '../../src/dataloading/neighbor-sampler.js';
import type { NodeMiniBatch } from '../../src/dataloading/materialize.js';
import { getNumThreads } from '../../src/kernels/native/index.js';
import { Adam } from '../../src/optim/adam.js';
import { manualSeed } from '../../src/tensor/random.js';
import { MinibatchSAGE, trainMinibatchEpoch, type EpochStats } from '../../src/cli/minibatch.js';
import type { BenchOptions } from '../args.js';
import { cpuNowMs, log, perSecond, printLine, resultLine, round, summarise, type Context } from '../harness.js';
import { samplingTask, seedsFor, workerThreadsOf } from './sample-task.js';
import { runMinibatchPhases } from './minibatch-phases.js';

/** The loader's batches, noting the native thread count the training thread runs its kernels with. */
async function* watched(loader: AsyncIterable<NodeMiniBatch>, seen: { threads: number }): AsyncGenerator<NodeMiniBatch> {
  for await (const batch of loader) {
    seen.threads = getNumThreads();
    yield batch;
  }
}

interface Setting {
  workers: number;
  model: MinibatchSAGE;
  opt: Adam;
  loader: DataLoader<NeighborSampler>;
  epochs: { ms: number; cpuMs: number; stats: EpochStats }[];
  seen: { threads: number };
}

export async function runSageMinibatch(o: BenchOptions, ctx: Context): Promise<void> {
  const { task, params, built } = samplingTask(o);
  const g = task.graph;
  const seeds = seedsFor(task.trainIds, o.batchSize, o.batches);
  const hidden = o.hidden ?? 256;
  const sampler = new NeighborSampler(o.fanouts, { prefetchNodeFeats: ['feat'], prefetchLabels: ['label'] });
  const settings: Setting[] = o.workerSettings.map((workers) => {
    manualSeed(o.seed);
    const model = new MinibatchSAGE(o.feats, hidden, task.numClasses, o.fanouts.length, 0.5, 0);
    model.train();
    const loader = new DataLoader(g, seeds, sampler, {
      batchSize: o.batchSize, shuffle: true, numWorkers: workers, seed: o.seed, persistentWorkers: workers > 0, kernelThreads: o.kernelThreads,
    });
    return { workers, model, opt: new Adam(model.parameters(), { lr: 3e-3 }), loader, epochs: [], seen: { threads: getNumThreads() } };
  });
  try {
    for (let run = 0; run < o.warmup + o.runs; run++) {
      for (const s of settings) {
        // Dropout draws from the global generator: each setting continues its own stream.
        manualSeed(o.seed + 7919 * (run + 1));
        const c0 = cpuNowMs(), t0 = performance.now();
        const stats = await trainMinibatchEpoch(s.model, s.opt, watched(s.loader, s.seen));
        s.epochs.push({ ms: performance.now() - t0, cpuMs: cpuNowMs() - c0, stats });
        log(`bench: sage-minibatch ${s.workers} workers, ${run < o.warmup ? 'warm-up' : `run ${run - o.warmup + 1}/${o.runs}`}: ` +
          `${((performance.now() - t0) / 1e3).toFixed(2)} s, ${stats.batches} batches, loss ${stats.loss.toFixed(4)}, ` +
          `waiting ${(stats.waitMs / 1e3).toFixed(2)} s, steps ${(stats.stepMs / 1e3).toFixed(2)} s`);
      }
    }
    for (const s of settings) {
      const timed = s.epochs.slice(o.warmup);
      const t = summarise(timed.map((e) => e.ms), timed.map((e) => e.cpuMs));
      const best = timed.reduce((a, b) => (b.ms < a.ms ? b : a)).stats;
      printLine(resultLine('sage-minibatch', {
        ...params, fanouts: o.fanouts, batchSize: o.batchSize, seedNodes: seeds.length, workers: s.workers, hidden, classes: task.numClasses,
      }, ctx, t, { epochsPerS: perSecond(1, t.minMs) }, {
        waitMs: round(best.waitMs, 1), stepMs: round(best.stepMs, 1), batches: best.batches, sampledEdges: best.sampledEdges,
        sampledEdgesPerS: perSecond(best.sampledEdges, t.minMs, 0), loss: round(best.loss, 4), finalLoss: round(s.epochs[s.epochs.length - 1].stats.loss, 4),
        trainKernelThreads: s.seen.threads, workerKernelThreads: workerThreadsOf({ ...o, workers: s.workers }),
        ...(settings.length > 1 ? { interleavedWith: settings.filter((x) => x !== s).map((x) => x.workers) } : {}), ...built,
      }));
    }
  } finally {
    for (const s of settings) await s.loader.close();
  }
  await runMinibatchPhases(o, ctx, task, params, hidden);
}
