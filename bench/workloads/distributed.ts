/**
 * `bench distributed`: the seeded power-law task (powerLawNodeTask) split in 2 parts (METIS, or
 * random without it), part 1 served over gRPC by a child process, part 0 read in this process.
 * One timed run = --batches batches of --batch-size training seeds owned by part 0, sampled with
 * --fanouts through DistGraph.sampleBlocks with 'feat' rows and labels gathered (what a trainer of
 * part 0 waits for per step). Reports sampled edges/s, seeds/s, bytes sent and received per batch
 * over gRPC, and the share of the wall time spent waiting for remote gathers and remote sampling.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { powerLawNodeTask } from '../../src/dataloading/power-law.js';
import { partitionGraph } from '../../src/storage/partition/partition-graph.js';
import { loadPartition } from '../../src/storage/partition/read.js';
import { readPartbook } from '../../src/storage/partition/partbook.js';
import { DistGraph, readAssignment } from '../../src/distributed/dist-graph.js';
import { GrpcPartitionClient } from '../../src/distributed/partition-grpc.js';
import { LocalPartitionService } from '../../src/distributed/partition-service.js';
import { haveMetis } from '../../src/sampling/partition-assign.js';
import type { BenchOptions } from '../args.js';
import { cpuNowMs, log, perSecond, printLine, resultLine, round, summarise, type Context } from '../harness.js';

/** Starts the child serving `part`; resolves with its address and a stop function. */
async function serveInChild(dir: string, part: number): Promise<{ address: string; stop: () => void }> {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./partition-server-child.js', import.meta.url)), dir, String(part)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`bench distributed: the partition server of part ${part} exited (code ${code}) before it listened`)));
  });
  return { address: (JSON.parse(line) as { address: string }).address, stop: () => { child.stdin!.end(); } };
}

/** Runs `bench distributed` (see the file comment) and prints one result line. */
export async function runDistributed(o: BenchOptions, ctx: Context): Promise<void> {
  const dir = join(o.dir, `dist-${o.nodes}-${o.edges}-${o.feats}-${o.seed}`);
  mkdirSync(o.dir, { recursive: true });
  rmSync(dir, { recursive: true, force: true });
  const method = haveMetis() ? 'metis' : 'random';
  log(`bench: distributed: power-law task ${o.nodes} nodes, ${o.edges} edges, ${o.feats} features; partitioning in 2 (${method})`);
  // The whole graph is released once written in parts (at 2M nodes / 50M edges it is GBs).
  const { r, trainIds, partitionS } = ((): { r: ReturnType<typeof partitionGraph>; trainIds: Int32Array; partitionS: number } => {
    const task = powerLawNodeTask({ nodes: o.nodes, edges: o.edges, feats: o.feats, classes: o.classes, seed: o.seed });
    const p0 = performance.now();
    const parts = partitionGraph(task.graph, 2, { method, seed: o.seed, outDir: dir });
    return { r: parts, trainIds: task.trainIds, partitionS: (performance.now() - p0) / 1e3 };
  })();
  log(`bench: distributed: partitioned in ${partitionS.toFixed(1)} s (edge cut ${(100 * r.edgeCutFraction).toFixed(1)} %)`);
  const child = await serveInChild(dir, 1);
  try {
    const book = readPartbook(dir);
    const g = new DistGraph(book, readAssignment(dir, book), [new LocalPartitionService(loadPartition(dir, 0)), new GrpcPartitionClient(1, child.address, 60_000)], 0);
    const seeds = trainIds.filter((v) => r.assignment[v] === 0);
    const batches = Math.min(o.batches ?? 20, Math.floor(seeds.length / o.batchSize));
    if (batches < 1) throw new RangeError(`bench distributed: part 0 owns ${seeds.length} training nodes, fewer than one batch of ${o.batchSize}`);
    const ms: number[] = [], cpu: number[] = [];
    let edges = 0, bytes = 0, gatherMs = 0, sampleMs = 0, timedMs = 0;
    for (let run = 0; run < o.warmup + o.runs; run++) {
      g.resetStats();
      let runEdges = 0;
      const c0 = cpuNowMs(), t0 = performance.now();
      for (let b = 0; b < batches; b++) {
        const [, , blocks] = await g.sampleBlocks(seeds.subarray(b * o.batchSize, (b + 1) * o.batchSize), o.fanouts, o.seed + run * 1000 + b);
        for (const blk of blocks) runEdges += blk.numEdges();
      }
      const wall = performance.now() - t0;
      if (run < o.warmup) continue;
      ms.push(wall); cpu.push(cpuNowMs() - c0);
      edges += runEdges; timedMs += wall;
      bytes += g.stats.remoteBytes; gatherMs += g.stats.remoteGatherMs; sampleMs += g.stats.remoteSampleMs;
    }
    await g.close();
    const t = summarise(ms, cpu), totalBatches = batches * o.runs;
    printLine(resultLine('distributed', {
      nodes: o.nodes, edges: o.edges, feats: o.feats, parts: 2, method, edgeCutFraction: round(r.edgeCutFraction, 4),
      batchSize: o.batchSize, fanouts: o.fanouts.join(','), batches, transport: 'grpc-loopback',
    }, ctx, t, {
      sampledEdgesPerS: perSecond(edges, timedMs), seedsPerS: perSecond(totalBatches * o.batchSize, timedMs),
    }, {
      remoteBytesPerBatch: Math.round(bytes / totalBatches), remoteGatherShare: round(gatherMs / timedMs, 3),
      remoteSampleShare: round(sampleMs / timedMs, 3), partitionS: round(partitionS, 1),
    }));
  } finally {
    child.stop();
    if (!o.keep) rmSync(dir, { recursive: true, force: true });
  }
}
