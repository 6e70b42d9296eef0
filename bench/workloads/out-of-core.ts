/**
 * `bench out-of-core`: the seeded power-law task written to disk by the streaming writer
 * (writePowerLawDataset: R-MAT edges generated in CSC order, features row block by row block),
 * opened (timed: manifest, headers and sizes, mappings), then --batches GraphSAGE minibatches
 * (SAGEConv 'mean', hidden 256, Adam) sampled from the on-disk CSC by OnDiskNeighborSampler, input
 * features through a CachedFeature over the DiskFeature, labels from disk. One timed run = the N
 * batches (into the next epoch when one is shorter); epochFraction = N / batches per epoch,
 * epochEstimateS extrapolates. peakRssMb counts mapped file pages the process touched; rssAnonMb
 * and rssFileMb split the resident memory at the end (own memory, mapped file pages).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, readdirSync } from 'node:fs';
import { METADATA_FILE } from '../../src/storage/metadata.js';
import { join } from 'node:path';
import { DataLoader } from '../../src/dataloading/data-loader.js';
import type { NodeMiniBatch } from '../../src/dataloading/materialize.js';
import { Adam } from '../../src/optim/adam.js';
import { manualSeed } from '../../src/tensor/random.js';
import { MinibatchSAGE, trainMinibatchEpoch } from '../../src/cli/minibatch.js';
import { OnDiskDataset } from '../../src/storage/dataset.js';
import { CachedFeature } from '../../src/storage/cache.js';
import { OnDiskNeighborSampler } from '../../src/storage/sampler.js';
import { writePowerLawDataset } from '../../src/storage/sources.js';
import { closeStorageFiles } from '../../src/storage/chunked.js';
import type { BenchOptions } from '../args.js';
import { cpuNowMs, log, peakRssMb, perSecond, printLine, resultLine, round, summarise, type Context } from '../harness.js';

/** A resident-memory line of /proc/self/status in MB (RssAnon: heap and typed arrays; RssFile: mapped file pages); NaN elsewhere. */
function procStatusMb(field: 'RssAnon' | 'RssFile'): number {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync('/proc/self/status', 'utf8'));
    return m === null ? NaN : round((Number(m[1]) * 1024) / 1e6, 1);
  } catch {
    return NaN;
  }
}
const rssAnonMb = (): number => procStatusMb('RssAnon');

function folderBytes(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) n += e.isDirectory() ? folderBytes(join(dir, e.name)) : statSync(join(dir, e.name)).size;
  return n;
}

/** The first `limit` batches, continuing into the next epoch when one is shorter; `progress(i)` before batch i (every 25th). */
async function* firstBatches(loader: AsyncIterable<NodeMiniBatch>, limit: number, progress: (done: number) => void): AsyncGenerator<NodeMiniBatch> {
  let i = 0;
  while (i < limit) {
    for await (const b of loader) {
      if (i >= limit) return;
      if (i > 0 && i % 25 === 0) progress(i);
      i++;
      yield b;
    }
  }
}

export async function runOutOfCore(o: BenchOptions, ctx: Context): Promise<void> {
  const dir = join(o.dir, `power-law-${o.nodes}-${o.edges}-${o.feats}-${o.seed}`);
  mkdirSync(o.dir, { recursive: true });
  // --keep reuses a complete dataset (it has its manifest) a kept run left; anything else is rewritten.
  const reuse = o.keep && existsSync(join(dir, METADATA_FILE));
  if (!reuse) rmSync(dir, { recursive: true, force: true });
  const params = { nodes: o.nodes, edges: o.edges, feats: o.feats, classes: o.classes, seed: o.seed };
  try {
    log(`bench: out-of-core: ${reuse ? 'reusing' : 'writing'} ${o.nodes} nodes, ${o.edges} edges, ${o.feats} features ${reuse ? 'in' : 'to'} ${dir}`);
    const w0 = performance.now(), c0 = cpuNowMs();
    let edgesCpuMs = NaN;
    // A tenth of the nodes train (at least the generator's default), so that 1000 batches stay a fraction of an epoch at 50M nodes.
    const numTrain = Math.max(Math.min(1_000_000, Math.floor(o.nodes / 2)), Math.floor(o.nodes / 10));
    if (!reuse) {
      writePowerLawDataset(dir, { nodes: o.nodes, edges: o.edges, feats: o.feats, classes: o.classes, seed: o.seed, numTrain,
        onProgress: (part) => (part === 'edges' ? edgesCpuMs = cpuNowMs() - c0 : 0, log(`bench: out-of-core: ${part} generated and written after ${((performance.now() - w0) / 1e3).toFixed(1)} s (CPU ${((cpuNowMs() - c0) / 1e3).toFixed(1)} s)`)) });
    }
    const writeMs = performance.now() - w0, writeCpuMs = cpuNowMs() - c0;
    const bytes = folderBytes(dir);
    log(`bench: out-of-core: wrote ${(bytes / 1e9).toFixed(2)} GB in ${(writeMs / 1e3).toFixed(1)} s (peak RSS ${peakRssMb()} MB)`);
    const rssAfterWrite = peakRssMb();

    const openMs: number[] = [], openCpu: number[] = [];
    let ds: OnDiskDataset | null = null;
    for (let run = 0; run < o.warmup + o.runs; run++) {
      const c0 = cpuNowMs(), t0 = performance.now();
      ds = OnDiskDataset.open(dir, { access: o.access });
      if (run >= o.warmup) { openMs.push(performance.now() - t0); openCpu.push(cpuNowMs() - c0); }
    }
    const open = summarise(openMs, openCpu);
    printLine(resultLine('out-of-core-open', { ...params, access: o.access, datasetGb: round(bytes / 1e9, 3) }, ctx, open, {}, {
      reused: reuse, writeS: round(writeMs / 1e3, 2), writeCpuS: round(writeCpuMs / 1e3, 2), edgesPerCpuS: round(o.edges / (edgesCpuMs / 1e3), 0), writeMbPerS: round(bytes / 1e6 / (writeMs / 1e3), 1), peakRssAfterWriteMb: rssAfterWrite,
    }));

    const d = ds!;
    const task = d.task();
    const batchesPerEpoch = Math.ceil(task.train.length / o.batchSize);
    const batches = o.batches ?? 100;
    const cache = new CachedFeature(d.feature('feat'), { budgetBytes: o.cacheMb * 1e6, policy: o.cachePolicy });
    const hidden = o.hidden ?? 256;
    manualSeed(o.seed);
    const model = new MinibatchSAGE(o.feats, hidden, task.numClasses ?? o.classes, o.fanouts.length, 0.5, 0);
    model.train();
    const opt = new Adam(model.parameters(), { lr: 3e-3 });
    const loader = new DataLoader(d.nodesOnlyGraph(), task.train, new OnDiskNeighborSampler(d, o.fanouts), {
      batchSize: o.batchSize, shuffle: true, seed: o.seed, featureStores: { feat: cache }, labelStores: { label: d.feature('label') },
    });
    const ms: number[] = [], cpu: number[] = [];
    let last = { loss: NaN, sampledEdges: 0, waitMs: 0, stepMs: 0, hitRate: NaN };
    for (let run = 0; run < o.warmup + o.runs; run++) {
      cache.resetStats();
      const c0 = cpuNowMs(), t0 = performance.now();
      // Progress lines every 25 batches, so that a long run stopped early still reports its rate, hit rate and memory.
      const progress = (done: number): void => log(`bench: out-of-core: ${done}/${batches} batches in ${((performance.now() - t0) / 1e3).toFixed(1)} s `
        + `(CPU ${((cpuNowMs() - c0) / 1e3).toFixed(1)} s), cache hit rate ${(100 * cache.stats().hitRate).toFixed(1)}%, `
        + `RSS anonymous ${rssAnonMb()} MB, file-backed ${procStatusMb('RssFile')} MB, peak ${peakRssMb()} MB`);
      const stats = await trainMinibatchEpoch(model, opt, firstBatches(loader, batches, progress));
      const took = performance.now() - t0;
      if (run >= o.warmup) { ms.push(took); cpu.push(cpuNowMs() - c0); }
      last = { ...stats, hitRate: cache.stats().hitRate };
      log(`bench: out-of-core ${run < o.warmup ? 'warm-up' : `run ${run - o.warmup + 1}/${o.runs}`}: ${batches} batches in ${(took / 1e3).toFixed(2)} s, `
        + `loss ${stats.loss.toFixed(4)}, cache hit rate ${(100 * last.hitRate).toFixed(1)}%, sampling+reads ${(stats.waitMs / 1e3).toFixed(2)} s, steps ${(stats.stepMs / 1e3).toFixed(2)} s`);
    }
    const t = summarise(ms, cpu);
    printLine(resultLine('out-of-core-train', {
      ...params, access: o.access, fanouts: o.fanouts, batchSize: o.batchSize, batches, hidden, cacheMb: o.cacheMb, cachePolicy: o.cachePolicy,
    }, ctx, t, { batchesPerS: perSecond(batches, t.minMs) }, {
      epochFraction: round(batches / batchesPerEpoch, 4), epochEstimateS: round((t.medianMs / 1e3) * (batchesPerEpoch / batches), 1),
      cacheHitRate: round(last.hitRate, 4), cacheRows: cache.capacity, waitMs: round(last.waitMs, 1), stepMs: round(last.stepMs, 1),
      sampledEdges: last.sampledEdges, loss: round(last.loss, 4), rssAnonMb: rssAnonMb(), rssFileMb: procStatusMb('RssFile'),
    }));
    if (o.inference) {
      model.train(false);
      const c0 = cpuNowMs(), t0 = performance.now();
      const out = model.inference(d.nodesOnlyGraph(), d.feature('feat'), { batchSize: 4 * o.batchSize, store: join(dir, 'inference'), sampler: new OnDiskNeighborSampler(d, [-1]) });
      const took = performance.now() - t0;
      const one = summarise([took], [cpuNowMs() - c0]);
      printLine(resultLine('out-of-core-inference', { ...params, access: o.access, batchSize: 4 * o.batchSize, hidden, layers: o.fanouts.length }, ctx, one,
        { nodesPerS: perSecond(o.nodes, took, 0) }, { outputRows: 'numRows' in out ? out.numRows : out.shape[0], rssAnonMb: rssAnonMb(), note: 'one run (a pass over every node)' }));
    }
  } finally {
    closeStorageFiles();
    if (!o.keep) rmSync(dir, { recursive: true, force: true });
  }
}
