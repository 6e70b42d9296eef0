/**
 * `deepgraph train --minibatch`: the options, the checks of the model and dataset they are used
 * with, and the node runner that trains on sampled blocks (minibatch.ts) behind the same
 * NodeRunner interface as the full-graph run (node-train.ts).
 */
import { UsageError } from './args.js';
import { MINIBATCH_INFO, MINIBATCH_MODELS, type MinibatchModelName, type ModelName, type NodeHyper } from './models.js';
import { parseFanouts, trainNodeMinibatch } from './minibatch.js';
import type { NodeRunner } from './node-train.js';
import type { ProcessGroup } from '../distributed/process-group.js';
import { trainPartitionMinibatch } from './partition-minibatch.js';
import { minibatchCheckpointer } from './minibatch-checkpoint.js';

/** What `--minibatch --fanouts --batch-size --workers` set. */
export interface MinibatchOptions {
  /** Neighbours sampled per node, one per layer, input layer first; -1 takes every neighbour. */
  fanouts: number[];
  /** Training (seed) nodes per batch. */
  batchSize: number;
  /** Worker threads sampling ahead of training; 0 samples on the training thread. */
  workers: number;
  /** `--partitions DIR`: train over this partition folder (partition-minibatch.ts) instead of the loaded graph. */
  partitions?: string;
}

/** parseFanouts with the CLI's error type (exit code 2 and the usage hint). */
export function parseFanoutsOption(text: string): number[] {
  try {
    return parseFanouts(text);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export function isMinibatchModel(model: ModelName): model is MinibatchModelName {
  return (MINIBATCH_MODELS as readonly ModelName[]).includes(model);
}

/**
 * Throws a UsageError naming the problem when `--minibatch` cannot train `model` on `dataset`:
 * a graph-classification dataset, a model without a minibatch runner, or a fanout list whose
 * length is not the model's layer count.
 */
export function checkMinibatch(opts: MinibatchOptions, model: ModelName, dataset: string, graphTask: boolean): void {
  if (graphTask) {
    throw new UsageError(`--minibatch samples node neighbourhoods for node classification; ${dataset} is a graph-classification ` +
      'dataset (gin already trains on mini-batches of graphs: --batch-size without --minibatch)');
  }
  if (!isMinibatchModel(model)) {
    throw new UsageError(`--minibatch supports --model ${MINIBATCH_MODELS.join(', ')}; ${model} has no minibatch runner (drop --minibatch to train it on the full graph)`);
  }
  const layers = MINIBATCH_INFO[model].layers;
  if (opts.fanouts.length !== layers) {
    throw new UsageError(`--fanouts has ${opts.fanouts.length} entr${opts.fanouts.length === 1 ? 'y' : 'ies'} (${opts.fanouts.join(',')}) ` +
      `but ${model} has ${layers} layers; give one fanout per layer, input layer first`);
  }
}

/** Throws a UsageError for the options `--partitions` training does not take (yet). */
export function checkPartitionsOptions(saveGiven: boolean, workersGiven: boolean): void {
  if (saveGiven) throw new UsageError('--save does not apply to --partitions training (use --checkpoint-dir)');
  if (workersGiven) throw new UsageError('--workers does not apply to --partitions (sampling asks the partition services and overlaps training by one batch)');
}

/** How the reported accuracy of a minibatch run is obtained (the summary's protocol). */
export function minibatchProtocol(opts: MinibatchOptions, h: NodeHyper, worldSize = 1): string {
  const parallel = worldSize > 1 ? `data-parallel over ${worldSize} processes (${Math.ceil(opts.batchSize / worldSize)} seeds each per step), ` : '';
  return `mini-batch: ${parallel}fanouts ${opts.fanouts.join(',')} (input layer first), ${opts.batchSize} seed nodes per batch, ` +
    `${opts.workers} sampling worker${opts.workers === 1 ? '' : 's'}; test at the best validation accuracy over ${h.epochs} epochs ` +
    '(validation and test on full neighbourhoods)';
}

/**
 * The runner of `--minibatch`: trains MinibatchSAGE on blocks sampled with `opts` using the
 * run's epochs, lr, weight decay, hidden size and dropout, and evaluates on full neighbourhoods.
 * The dropout applies to the input features too (minibatch.ts's default, and sage's full-graph
 * setting): DGL's minibatch example drops only between layers, which on the small datasets here
 * costs accuracy (synthetic, seeds 0-2: 80-85% without, 95-96% with; Cora: 79.8% vs 80.9% mean).
 * With `group` (a data-parallel job) every rank trains its share of the seeds (minibatch.ts).
 */
export function minibatchRunner(opts: MinibatchOptions, group?: ProcessGroup): NodeRunner {
  return async (data, cfg, onEpoch) => {
    if (!isMinibatchModel(cfg.model)) throw new UsageError(`--minibatch supports --model ${MINIBATCH_MODELS.join(', ')}, not ${cfg.model}`);
    const h = cfg.hyper;
    const io = cfg.io;
    const identity = { dataset: io?.dataset, model: cfg.model, seed: cfg.seed, hyper: h, fanouts: opts.fanouts, batchSize: opts.batchSize, worldSize: group?.worldSize ?? 1, partitions: opts.partitions };
    const checkpoint = io === undefined ? undefined : minibatchCheckpointer(io.options, io.run, identity, (group?.rank ?? 0) === 0);
    const run = opts.partitions === undefined ? trainNodeMinibatch
      : (d: typeof data, c: Parameters<typeof trainNodeMinibatch>[1], e: typeof onEpoch) => trainPartitionMinibatch(d, c, opts.partitions!, e);
    const r = await run(data, {
      fanouts: opts.fanouts, batchSize: opts.batchSize, numWorkers: opts.workers, epochs: h.epochs, lr: h.lr,
      weightDecay: h.weightDecay, hidden: h.hidden, dropout: h.dropout, seed: cfg.seed, ...(group ? { group } : {}),
      ...(checkpoint ? { checkpoint } : {}),
    }, onEpoch);
    return { seed: r.seed, testAcc: r.testAcc, valAcc: r.valAcc, selectedEpoch: r.selectedEpoch, epochsRun: r.epochsRun, epochMs: r.epochMs };
  };
}
