/**
 * The sampling workloads (sample, sample-full, sample-rss, sage-minibatch) at a tiny size: each prints
 * its lines with sane values, and their options parse (bad ones are errors naming the option).
 * Timings are never asserted; only that they were measured.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collectBench } from '../../bench/run.js';
import { parseBenchArgs, HELP } from '../../bench/args.js';
import type { BenchLine } from '../../bench/harness.js';

const TINY = ['--nodes', '300', '--edges', '3000', '--feats', '8', '--classes', '3', '--train-nodes', '64', '--batch-size', '16', '--runs', '5', '--warmup', '0'];
const GRAPH = { graph: 'rmat', nodes: 300, edges: 3000, feats: 8, seed: 0, trainNodes: 64 };

function check(line: BenchLine, name: string, fields: Record<string, unknown>, rate: string): void {
  assert.equal(line.name, name);
  for (const [k, v] of Object.entries({ ...GRAPH, ...fields })) assert.deepEqual(line[k], v, `${name}: field ${k}`);
  assert.equal(line.runs, 5);
  assert.ok((line.minMs as number) > 0 && (line.medianMs as number) >= (line.minMs as number), `${name}: minMs ${String(line.minMs)}`);
  assert.ok((line[rate] as number) > 0 && Number.isFinite(line[rate]), `${name}: ${rate} ${String(line[rate])}`);
  assert.ok((line.peakRssMb as number) > 10 && (line.graphRssMb as number) > 10, `${name}: peakRssMb ${String(line.peakRssMb)}`);
  assert.ok((line.graphBuildMs as number) > 0);
}

test('sample: one line per mode; the loader modes sample a whole epoch, in workers too, with their kernel thread budget', async () => {
  const lines = await collectBench(['sample', ...TINY, '--fanouts', '3,5']);
  assert.deepEqual(lines.map((l) => l.mode), ['loader', 'loader-blocks', 'sampler', 'kernel']);
  for (const l of lines) {
    check(l, 'sample', { fanouts: [3, 5], batchSize: 16, seedNodes: 64 }, 'edgesPerS');
    assert.equal(l.batches, 4);
    assert.ok((l.sampledEdges as number) > 64 * 5, `${String(l.mode)}: ${String(l.sampledEdges)} sampled edges`);
  }
  // Every path samples the same layers of the same seeds: the edge counts agree within the sampling noise.
  const edges = lines.map((l) => l.sampledEdges as number);
  assert.ok(Math.max(...edges) <= 1.5 * Math.min(...edges), `edges per path ${edges.join(', ')}`);
  const [w] = await collectBench(['sample', ...TINY, '--mode', 'loader-blocks', '--workers', '1', '--kernel-threads', '1', '--batches', '2']);
  check(w, 'sample', { mode: 'loader-blocks', workers: 1, seedNodes: 32 }, 'edgesPerS');
  assert.equal(w.batches, 2);
  assert.equal(w.workerKernelThreads, 1);
  assert.equal(lines[0].workerKernelThreads, null, 'no workers, no worker count');
});

test('sample-full and sample-rss: batch sizes and resident memory at start and end', async () => {
  const [full] = await collectBench(['sample-full', ...TINY, '--layers', '2', '--batches', '2']);
  check(full, 'sample-full', { layers: 2, seedNodes: 32 }, 'edgesPerS');
  assert.ok((full.edgesPerBatch as number) > 0 && (full.rssEndMb as number) > 10);
  const [rss] = await collectBench(['sample-rss', ...TINY, '--batches', '20']);
  check(rss, 'sample-rss', { batchesPerRun: 4 }, 'edgesPerS');
  assert.equal(rss.timedBatches, 20);
  assert.equal((rss.rssAfterChunkMb as number[]).length, 5);
  assert.equal(rss.rssEndMb, (rss.rssAfterChunkMb as number[])[4]);
  assert.ok((rss.rssStartMb as number) > 10);
});

test('sage-minibatch: one epoch split into waiting and steps, with workers', async () => {
  const lines = await collectBench(['sage-minibatch', ...TINY, '--hidden', '8', '--workers', '1', '--size', '100000']);
  const [line] = lines;
  check(line, 'sage-minibatch', { workers: 1, hidden: 8, classes: 3, seedNodes: 64 }, 'epochsPerS');
  // Then the machine's rates and the phases of single steps against the roofline they give.
  assert.deepEqual(lines.slice(1).map((l) => [l.name, l.op ?? null]), [['stream', 'triad'], ['matmul', null], ['sage-minibatch-phases', null]]);
  const phases = lines[3];
  assert.equal(phases.batches, 4);
  const meanMs = phases.meanMs as Record<string, number>;
  assert.deepEqual(Object.keys(meanMs), ['sample', 'gather', 'forward', 'backward', 'optimizer']);
  for (const [k, v] of Object.entries(meanMs)) assert.ok(v >= 0 && Number.isFinite(v), `phase ${k}: ${v}`);
  assert.ok((phases.rooflineMs as number) > 0 && (phases.denseFlops as number) > 0 && (phases.sparseBytes as number) > 0);
  assert.equal(phases.streamGbPerS, lines[1].gbPerS);
  assert.equal(line.batches, 4);
  assert.ok((line.stepMs as number) > 0 && (line.waitMs as number) >= 0 && Number.isFinite(line.loss));
  // Alternating epochs of two settings: one line each; the same batches give the same losses.
  const pair = (await collectBench(['sage-minibatch', ...TINY, '--hidden', '8', '--workers', '0,1', '--kernel-threads', '1', '--size', '100000']))
    .filter((l) => l.name === 'sage-minibatch');
  assert.deepEqual(pair.map((l) => [l.workers, l.workerKernelThreads, l.interleavedWith]), [[0, null, [1]], [1, 1, [0]]]);
  for (const l of pair) check(l, 'sage-minibatch', { hidden: 8, seedNodes: 64 }, 'epochsPerS');
  assert.equal(pair[0].finalLoss, pair[1].finalLoss, 'workers 0 and 1 train on the same batches');
});

test('serve: one-node predictions, single and batched, with latency quantiles', async () => {
  const lines = await collectBench(['serve', ...TINY, '--hidden', '8', '--batches', '40', '--concurrency', '4', '--size', '100000']);
  assert.deepEqual(lines.map((l) => [l.name, l.concurrency ?? null]), [['stream', null], ['serve', 1], ['serve', 4]]);
  for (const l of lines.slice(1)) {
    assert.equal(l.requests, 40);
    const [p50, p99, max] = [l.p50Ms, l.p99Ms, l.maxMs] as number[];
    assert.ok(p50 > 0 && p50 <= p99 && p99 <= max, `quantiles ${p50} ${p99} ${max}`);
    assert.ok((l.requestsPerS as number) > 0 && (l.cpuP99Ms as number) >= (l.cpuP50Ms as number));
  }
  assert.equal(lines[1].runs, 40);
  assert.equal(lines[2].runs, 10, 'four requests a batch');
  assert.deepEqual(parseBenchArgs(['serve'])!.nodes, 2_000_000, 'the 2M / 50M graph by default');
});

test('sampling options: defaults, parsing, and errors that name the option', async () => {
  const o = parseBenchArgs(['sample'])!;
  assert.deepEqual([o.fanouts, o.batchSize, o.workers, o.trainNodes, o.feats, o.classes, o.batches, o.kernelThreads, o.layers],
    [[10, 25], 1024, 0, 200_000, 100, 10, undefined, undefined, 2]);
  assert.equal(parseBenchArgs(['sample', '--nodes', '1000'])!.trainNodes, 500, 'at most half the nodes by default');
  assert.equal(parseBenchArgs(['sage-minibatch', '--kernel-threads', 'keep'])!.kernelThreads, null);
  assert.equal(parseBenchArgs(['sample-rss', '--kernel-threads', '2'])!.kernelThreads, 2);
  assert.deepEqual(parseBenchArgs(['sample', '--fanouts=-1, 4'])!.fanouts, [-1, 4]);
  for (const w of ['sample', 'sample-full', 'sample-rss', 'sage-minibatch']) assert.match(HELP, new RegExp(`^  ${w} `, 'm'), `--help lists ${w}`);
  const cases: [string[], RegExp][] = [
    [['sample', '--fanouts', '10,x'], /--fanouts must be comma-separated integers >= -1/],
    [['sample', '--fanouts', '10,,25'], /--fanouts must be comma-separated integers >= -1/],
    [['sample', '--fanouts=-2'], /--fanouts must be comma-separated integers >= -1/],
    [['sample', '--mode', 'gpu'], /--mode must be one of loader, loader-blocks, sampler, kernel/],
    [['sample', '--kernel-threads', '0'], /--kernel-threads must be an integer >= 1/],
    [['sample', '--workers=-1'], /--workers must be an integer >= 0/],
    [['sample', '--layers', '3'], /--layers does not apply to sample/],
    [['sample-full', '--fanouts', '3'], /--fanouts does not apply to sample-full/],
    [['spmm', '--workers', '1'], /--workers does not apply to spmm/],
    [['sample', '--workers', '0,1'], /--workers takes one count for sample/],
    [['sample', '--nodes', '100', '--train-nodes', '200'], /--train-nodes 200 exceeds --nodes 100/],
  ];
  for (const [args, message] of cases) await assert.rejects(collectBench(args), message, args.join(' '));
});
