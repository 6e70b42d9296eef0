/**
 * The graph of the sampling workloads: powerLawNodeTask (R-MAT a=0.57, b=c=0.19, built straight into
 * shared memory, uniform features, neighbourhood labels) from --nodes --edges --feats --classes
 * --train-nodes --seed, built outside any timed region. The build time and the resident memory
 * right after it go into the result line (graphBuildMs, graphRssMb).
 */
import { powerLawNodeTask, type PowerLawTask } from '../../src/dataloading/power-law.js';
import type { BenchOptions } from '../args.js';
import { workerKernelThreads } from '../../src/dataloading/node/thread-budget.js';
import { log, round, rssMb } from '../harness.js';

export interface SamplingTask {
  task: PowerLawTask;
  /** Graph parameters for the result line. */
  params: Record<string, unknown>;
  /** Notes for the result line: build time and resident memory after the build. */
  built: { graphBuildMs: number; graphRssMb: number };
}

export function samplingTask(o: BenchOptions): SamplingTask {
  if (o.trainNodes > o.nodes) throw new RangeError(`bench: --train-nodes ${o.trainNodes} exceeds --nodes ${o.nodes}`);
  if (o.classes > o.feats) throw new RangeError(`bench: --classes ${o.classes} must not exceed --feats ${o.feats}`);
  const t0 = performance.now();
  const task = powerLawNodeTask({
    nodes: o.nodes, edges: o.edges, feats: o.feats, classes: o.classes, seed: o.seed, numTrain: o.trainNodes, numVal: 0, numTest: 0,
  });
  const graphBuildMs = round(performance.now() - t0, 1);
  const graphRssMb = rssMb();
  log(`bench: power-law graph ${o.nodes} nodes, ${o.edges} edges, ${o.feats} features built in ${(graphBuildMs / 1e3).toFixed(1)} s, ` +
    `RSS ${graphRssMb} MB`);
  return {
    task,
    params: { graph: 'rmat', nodes: o.nodes, edges: o.edges, feats: o.feats, seed: o.seed, trainNodes: o.trainNodes },
    built: { graphBuildMs, graphRssMb },
  };
}

/** The seeds of the first `batches` batches (all of them when undefined). */
export function seedsFor(ids: Int32Array, batchSize: number, batches: number | undefined): Int32Array {
  return batches === undefined ? ids : ids.subarray(0, Math.min(ids.length, batches * batchSize));
}

/** The native thread count of each loader worker's kernels (null without workers), for the result line. */
export function workerThreadsOf(o: BenchOptions): number | null {
  return o.workers === 0 ? null : workerKernelThreads(o.workers, o.kernelThreads) ?? o.threads;
}
