/**
 * `bench sample`: neighbour sampling throughput in sampled edges per second (edges over every block
 * of every batch) on a seeded power-law graph, NeighborSampler(--fanouts, default [10, 25]) on batches
 * of --batch-size (1024) training nodes, along three paths:
 *   loader   the DataLoader as training uses it (shuffled, features and labels gathered into the
 *            blocks, --workers threads sampling ahead; one timed run = one epoch);
 *   loader-blocks  the same without features: sampling, relabelling and blocks only;
 *   sampler  NeighborSampler.sample on the calling thread (sampling, relabelling, blocks; no features);
 *   kernel   the backend's sampleNeighbors alone, layer by layer from the seeds (the next layer's
 *            seeds are the distinct sources: no relabelling, no blocks).
 */
import { DataLoader } from '../../src/dataloading/data-loader.js';
import { NeighborSampler } from '../../src/dataloading/neighbor-sampler.js';
import { runEpoch } from '../../src/dataloading/epoch.js';
import { getBackend } from '../../src/kernels/registry.js';
import type { Graph } from '../../src/graph/graph.js';
import type { BenchOptions } from '../args.js';
import { log, perSecond, printLine, resultLine, round, time, timeAsync, type Context, type Timing } from '../harness.js';
import { samplingTask, seedsFor, workerThreadsOf } from './sample-task.js';

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1);

function batchesOf(seeds: Int32Array, batchSize: number): Int32Array[] {
  const out: Int32Array[] = [];
  for (let i = 0; i < seeds.length; i += batchSize) out.push(seeds.subarray(i, i + batchSize));
  return out;
}

/** The DataLoader path; returns the timing and the mean sampled edges and batches of a run. */
export async function timeLoader(o: BenchOptions, g: Graph, seeds: Int32Array, sampler: NeighborSampler,
  label: string): Promise<{ t: Timing; edges: number; batches: number; inputNodes: number; workerKernelThreads: number | null }> {
  const loader = new DataLoader(g, seeds, sampler, {
    batchSize: o.batchSize, shuffle: true, numWorkers: o.workers, seed: o.seed, persistentWorkers: o.workers > 0, kernelThreads: o.kernelThreads,
  });
  const edges: number[] = [], inputs: number[] = [];
  let batches = 0;
  try {
    const t = await timeAsync(async () => {
      const c = await runEpoch(loader);
      edges.push(c.sampledEdges);
      inputs.push(c.inputNodes / Math.max(c.batches, 1));
      batches = c.batches;
    }, { runs: o.runs, warmup: o.warmup, label });
    return { t, edges: mean(edges), batches, inputNodes: mean(inputs), workerKernelThreads: workerThreadsOf(o) };
  } finally {
    await loader.close();
  }
}

/** Sampling kernel calls only: per batch, layer by layer from the output side. */
function kernelPass(g: Graph, batches: readonly Int32Array[], fanouts: readonly number[], seen: { stamp: number; at: Int32Array }): number {
  const { indptr, indices, eids } = g.sparse().csc();
  const backend = getBackend();
  let edges = 0;
  batches.forEach((seeds, b) => {
    let cur = seeds;
    for (let l = fanouts.length - 1; l >= 0; l--) {
      const s = backend.sampleNeighbors({
        indptr, indices, eids, seeds: cur, fanout: fanouts[l], replace: false, prob: null, excludeMask: null, seed: (b * 31 + l) >>> 0,
      });
      edges += s.rows.length;
      if (l === 0) break;
      // The next layer's seeds: this layer's destinations and sources, each once (as a block's source nodes).
      const stamp = ++seen.stamp, at = seen.at;
      const next = new Int32Array(cur.length + s.cols.length);
      let n = 0;
      for (const ids of [cur, s.cols]) {
        for (let i = 0; i < ids.length; i++) {
          const v = ids[i];
          if (at[v] !== stamp) { at[v] = stamp; next[n++] = v; }
        }
      }
      cur = next.subarray(0, n);
    }
  });
  return edges;
}

export async function runSample(o: BenchOptions, ctx: Context): Promise<void> {
  const { task, params, built } = samplingTask(o);
  const g = task.graph;
  const seeds = seedsFor(task.trainIds, o.batchSize, o.batches);
  const common = { ...params, fanouts: o.fanouts, batchSize: o.batchSize, seedNodes: seeds.length };
  for (const mode of o.modes) {
    if (mode === 'loader' || mode === 'loader-blocks') {
      const prefetch = mode === 'loader' ? ['feat', 'label'] : [];
      const sampler = new NeighborSampler(o.fanouts, mode === 'loader' ? { prefetchNodeFeats: ['feat'], prefetchLabels: ['label'] } : {});
      const r = await timeLoader(o, g, seeds, sampler, `sample ${mode} (${o.workers} workers)`);
      printLine(resultLine('sample', { ...common, mode, workers: o.workers, prefetch }, ctx, r.t,
        { edgesPerS: perSecond(r.edges, r.t.minMs, 0) },
        { sampledEdges: Math.round(r.edges), batches: r.batches, inputNodesPerBatch: Math.round(r.inputNodes), workerKernelThreads: r.workerKernelThreads, ...built }));
      continue;
    }
    const batches = batchesOf(seeds, o.batchSize);
    let edges = 0;
    let t: Timing;
    if (mode === 'sampler') {
      const sampler = new NeighborSampler(o.fanouts);
      t = time(() => {
        edges = 0;
        batches.forEach((b, i) => {
          const [, , blocks] = sampler.sample(g, b, { seed: i + 1 });
          for (const blk of blocks) edges += blk.numEdges();
        });
      }, { runs: o.runs, warmup: o.warmup, label: 'sample sampler' });
    } else {
      g.sparse().csc(); // built before the timed region
      const seen = { stamp: 0, at: new Int32Array(g.numNodes()) };
      t = time(() => { edges = kernelPass(g, batches, o.fanouts, seen); }, { runs: o.runs, warmup: o.warmup, label: 'sample kernel' });
    }
    log(`bench: sample ${mode}: ${edges} edges a run, ${round(edges / t.minMs / 1e3, 2)} M edges/s`);
    printLine(resultLine('sample', { ...common, mode, workers: 0 }, ctx, t, { edgesPerS: perSecond(edges, t.minMs, 0) },
      { sampledEdges: edges, batches: batches.length, ...built }));
  }
}
