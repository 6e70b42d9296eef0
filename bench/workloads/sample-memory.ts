/**
 * Memory of the sampling path on the power-law task (features and labels prefetched, as training does):
 *   sample-full  MultiLayerFullNeighborSampler(--layers) batches through the DataLoader, --batches per
 *                run (default 20): every in-edge of every node of the neighbourhood, so batches are
 *                large on a power-law graph. The line gives the peak RSS and the largest batch.
 *   sample-rss   --batches (default 1000) DataLoader batches in --runs equal chunks, epoch after epoch
 *                from one iterator: the resident memory before the first batch and after each chunk,
 *                which stays flat when nothing accumulates across batches.
 */
import { DataLoader } from '../../src/dataloading/data-loader.js';
import { MultiLayerFullNeighborSampler, NeighborSampler } from '../../src/dataloading/neighbor-sampler.js';
import type { NodeMiniBatch } from '../../src/dataloading/materialize.js';
import type { BenchOptions } from '../args.js';
import { log, perSecond, printLine, resultLine, round, rssMb, timeAsync, type Context } from '../harness.js';
import { samplingTask, seedsFor, workerThreadsOf } from './sample-task.js';
import { timeLoader } from './sample.js';

const prefetch = (): { prefetchNodeFeats: string[]; prefetchLabels: string[] } => ({ prefetchNodeFeats: ['feat'], prefetchLabels: ['label'] });

export async function runSampleFull(o: BenchOptions, ctx: Context): Promise<void> {
  const { task, params, built } = samplingTask(o);
  const batches = o.batches ?? 20;
  const seeds = seedsFor(task.trainIds, o.batchSize, batches);
  const sampler = new MultiLayerFullNeighborSampler(o.layers, prefetch());
  const r = await timeLoader(o, task.graph, seeds, sampler, `sample-full (${o.workers} workers)`);
  printLine(resultLine('sample-full', { ...params, layers: o.layers, batchSize: o.batchSize, seedNodes: seeds.length, workers: o.workers },
    ctx, r.t, { edgesPerS: perSecond(r.edges, r.t.minMs, 0) },
    { sampledEdges: Math.round(r.edges), batches: r.batches, edgesPerBatch: Math.round(r.edges / Math.max(r.batches, 1)),
      inputNodesPerBatch: Math.round(r.inputNodes), workerKernelThreads: r.workerKernelThreads, rssEndMb: rssMb(), ...built }));
}

/** Batches epoch after epoch, from one loader (its persistent workers stay up). */
async function* endless(loader: DataLoader<NeighborSampler>): AsyncGenerator<NodeMiniBatch> {
  for (;;) {
    let any = false;
    for await (const b of loader) { any = true; yield b; }
    if (!any) return;
  }
}

const mb = (bytes: number): number => round(bytes / 1e6, 1);

export async function runSampleRss(o: BenchOptions, ctx: Context): Promise<void> {
  const { task, params, built } = samplingTask(o);
  const total = o.batches ?? 1000;
  const chunk = Math.max(1, Math.round(total / o.runs));
  const sampler = new NeighborSampler(o.fanouts, prefetch());
  const loader = new DataLoader(task.graph, task.trainIds, sampler, {
    batchSize: o.batchSize, shuffle: true, numWorkers: o.workers, seed: o.seed, persistentWorkers: o.workers > 0, kernelThreads: o.kernelThreads,
  });
  const it = endless(loader);
  const rssStartMb = rssMb(), externalStartMb = mb(process.memoryUsage().arrayBuffers);
  const rssAfterChunkMb: number[] = [];
  let edges = 0, batches = 0, timedEdges = 0, timedBatches = 0;
  try {
    const t = await timeAsync(async () => {
      for (let i = 0; i < chunk; i++) {
        const r = await it.next();
        if (r.done === true) throw new Error('bench: sample-rss: the loader yields no batches');
        for (const b of r.value[2]) edges += b.numEdges();
        batches++;
      }
      rssAfterChunkMb.push(rssMb());
    }, { runs: o.runs, warmup: o.warmup, label: `sample-rss (${o.workers} workers)`, afterWarmup: () => { timedEdges = -edges; timedBatches = -batches; } });
    timedEdges += edges;
    timedBatches += batches;
    const warm = rssAfterChunkMb.slice(0, o.warmup), timed = rssAfterChunkMb.slice(o.warmup);
    log(`bench: sample-rss: RSS ${rssStartMb} MB before the first batch, ${timed.join(', ')} MB after each chunk of ${chunk} batches`);
    printLine(resultLine('sample-rss', { ...params, fanouts: o.fanouts, batchSize: o.batchSize, workers: o.workers, batchesPerRun: chunk },
      ctx, t, { edgesPerS: perSecond(timedEdges / t.runs, t.minMs, 0) }, {
        timedBatches, workerKernelThreads: workerThreadsOf(o), rssStartMb, rssAfterWarmupMb: warm[warm.length - 1] ?? rssStartMb, rssAfterChunkMb: timed,
        rssEndMb: timed[timed.length - 1], arrayBuffersStartMb: externalStartMb, arrayBuffersEndMb: mb(process.memoryUsage().arrayBuffers),
        ...built,
      }));
  } finally {
    await it.return(undefined);
    await loader.close();
  }
}
