/**
 * `deepgraph train --minibatch --partitions DIR`: every rank trains on the training nodes its part
 * owns, sampling blocks through a DistGraph (its own part in-process, the others' over gRPC), with
 * gradients averaged by DistributedDataParallel. Every rank takes the same number of steps per
 * epoch (set by the largest part's training count), so no rank waits for an all-reduce the others
 * never start, and weighs its loss by its share of the step's seeds; evaluation counts are summed.
 */
import { checkFiniteLoss } from './divergence.js';
import { manualSeed } from '../tensor/random.js';
import { Adam } from '../optim/adam.js';
import type { NodeMiniBatch } from '../dataloading/materialize.js';
import { DistributedDataParallel } from '../distributed/ddp.js';
import { openDistGraph } from '../distributed/dist-open.js';
import type { DistGraph } from '../distributed/dist-graph.js';
import type { ProcessGroup } from '../distributed/process-group.js';
import { seededRandom } from '../distributed/partition-service.js';
import { MinibatchSAGE, accuracyOver, trainMinibatchEpoch, type MinibatchConfig, type MinibatchNodeData, type MinibatchResult } from './minibatch.js';

/** The ids of `ids` that part `part` owns. */
function owned(ids: Int32Array, assignment: Int32Array, part: number): Int32Array {
  return ids.filter((v) => assignment[v] === part);
}

/**
 * `seeds` in `steps` near-equal consecutive slices, each sampled into blocks one ahead of the
 * training step (the next requests overlap the current step).
 */
async function* batches(g: DistGraph, seeds: Int32Array, steps: number, fanouts: readonly number[], rngSeed: number): AsyncGenerator<NodeMiniBatch> {
  const at = (k: number): number => Math.floor(seeds.length * k / steps);
  const sample = (k: number): Promise<NodeMiniBatch> => g.sampleBlocks(seeds.subarray(at(k), at(k + 1)), fanouts, (rngSeed + k * 7919) >>> 0);
  let next = steps > 0 ? sample(0) : null;
  for (let k = 0; next !== null; k++) {
    const cur = next;
    next = k + 1 < steps ? sample(k + 1) : null;
    next?.catch(() => {}); // surfaced when awaited; avoids an unhandled rejection if the current step throws first
    yield await cur;
  }
}

function accuracy(model: MinibatchSAGE, g: DistGraph, ids: Int32Array, part: number, group: ProcessGroup | null, cfg: MinibatchConfig): Promise<number> {
  if (ids.length === 0) return Promise.resolve(NaN);
  const mine = group ? owned(ids, g.assignment, part) : ids;
  return accuracyOver(model, batches(g, mine, Math.ceil(mine.length / cfg.batchSize), cfg.fanouts.map(() => -1), cfg.seed), ids.length, group ?? undefined);
}

/** A seeded Fisher-Yates shuffle (a copy). */
function shuffled(ids: Int32Array, seed: number): Int32Array {
  const out = ids.slice(), rand = seededRandom(seed);
  for (let i = out.length - 1; i > 0; i--) { const j = Math.floor(rand() * (i + 1)); const t = out[i]; out[i] = out[j]; out[j] = t; }
  return out;
}

/**
 * Trains MinibatchSAGE over the partition in `dir` (one part per rank of cfg.group, or every part
 * in this process without a group); the splits in `data` are global ids, its graph is not used.
 */
export async function trainPartitionMinibatch(data: MinibatchNodeData, cfg: MinibatchConfig, dir: string,
  onEpoch?: (r: { epoch: number; loss: number; valAcc: number }) => void): Promise<MinibatchResult> {
  manualSeed(cfg.seed);
  const group = cfg.group ?? null, rank = group?.rank ?? 0, world = group?.worldSize ?? 1;
  const opened = await openDistGraph(dir, group);
  const g = opened.graph;
  try {
    const model = new MinibatchSAGE(data.features.shape[1], cfg.hidden, data.numClasses, cfg.fanouts.length, cfg.dropout, cfg.inputDropout ?? cfg.dropout);
    const opt = new Adam(model.parameters(), { lr: cfg.lr, weightDecay: cfg.weightDecay });
    // Restored before DDP's broadcast; every epoch's shuffle, sampling and (data-parallel) dropout
    // streams are functions of (seed, rank, epoch), so a resumed job repeats the uninterrupted one.
    const resumed = cfg.checkpoint?.restore(model, opt) ?? null;
    const ddp = group ? new DistributedDataParallel(model, group) : undefined;
    await ddp?.ready;
    const mine = group ? owned(data.trainIdx, g.assignment, rank) : data.trainIdx;
    const counts = group ? await group.allGather(Int32Array.from([mine.length])) : Int32Array.from([mine.length]);
    if (mine.length === 0) throw new RangeError(`part ${rank} of ${dir} owns none of the training nodes; repartition (e.g. --balance-train)`);
    const steps = Math.ceil(Math.max(...counts) / Math.ceil(cfg.batchSize / world));
    // Step k takes the k-th of `steps` near-equal slices of every rank's nodes; the averaged
    // gradient equals one process's on the union when each rank's loss is weighted by its share.
    const sliceLen = (c: number, k: number): number => Math.floor(Math.max(c, steps) * (k + 1) / steps) - Math.floor(Math.max(c, steps) * k / steps);
    const stepTotal = Array.from({ length: steps }, (_, k) => counts.reduce((a, c) => a + sliceLen(c, k), 0));
    const weight = (k: number): number => sliceLen(mine.length, k) * world / stepTotal[k];
    const result: MinibatchResult = resumed ?? { seed: cfg.seed, testAcc: NaN, valAcc: -Infinity, selectedEpoch: -1, epochsRun: 0, epochMs: [] };
    for (let epoch = result.epochsRun; epoch < cfg.epochs; epoch++) {
      if (group) manualSeed((cfg.seed * 1_000_003 + rank * 7919 + epoch * 104_729) >>> 0);
      const order = shuffled(mine, (cfg.seed * 65_537 + rank * 257 + epoch) >>> 0);
      // A part with fewer nodes than steps repeats some, so that it still has a batch at every step.
      const padded = Int32Array.from({ length: Math.max(order.length, steps) }, (_, i) => order[i % order.length]);
      const t0 = performance.now();
      const stats = await trainMinibatchEpoch(model, opt, batches(g, padded, steps, cfg.fanouts, (cfg.seed + epoch * 104_729 + rank * 31) >>> 0), ddp, group ? weight : undefined);
      result.epochMs.push(performance.now() - t0);
      result.epochsRun = epoch + 1;
      checkFiniteLoss(stats.loss, epoch);
      const valAcc = await accuracy(model, g, data.valIdx, rank, group, cfg);
      onEpoch?.({ epoch, loss: stats.loss, valAcc });
      if (valAcc > result.valAcc) {
        result.valAcc = valAcc;
        result.selectedEpoch = epoch;
        result.testAcc = await accuracy(model, g, data.testIdx, rank, group, cfg);
      }
      cfg.checkpoint?.save(epoch, model, opt, result, epoch === cfg.epochs - 1);
    }
    return result;
  } finally {
    await opened.close();
  }
}
