/**
 * Mini-batch node classification for `deepgraph train --minibatch --fanouts 10,25 --batch-size 1024`:
 * a GraphSAGE model trained on blocks from a NeighborSampler through a DataLoader (worker threads
 * with --workers), evaluated on full neighbourhoods (or with evalFanouts on large graphs). Same
 * inputs and result shape as the full-graph runner; minibatch-run.ts wires it into the command.
 */
import { checkFiniteLoss } from './divergence.js';
import { Graph } from '../graph/graph.js';
import { Tensor } from '../tensor/tensor.js';
import { noGrad } from '../tensor/tape.js';
import { manualSeed } from '../tensor/random.js';
import { argmax } from '../tensor/reduce.js';
import { relu } from '../tensor/activation.js';
import { dropout } from '../tensor/dropout.js';
import { crossEntropy } from '../tensor/loss.js';
import { Adam } from '../optim/adam.js';
import { Module } from '../nn/module.js';
import { ModuleList } from '../nn/container.js';
import { SAGEConv } from '../nn/conv/sage-conv.js';
import { DataLoader } from '../dataloading/data-loader.js';
import { NeighborSampler, matchLayers } from '../dataloading/neighbor-sampler.js';
import type { NodeMiniBatch } from '../dataloading/materialize.js';
import { layerwiseInference, type InferenceOptions } from '../storage/inference.js';
import type { DiskFeature, FeatureStore } from '../storage/feature.js';
import type { ProcessGroup } from '../distributed/process-group.js';
import { DistributedDataParallel } from '../distributed/ddp.js';
import { shardIndices } from '../distributed/shard.js';
import type { MinibatchCheckpoint } from './minibatch-checkpoint.js';

/** What the runner reads (the train command's node datasets have this shape). */
export interface MinibatchNodeData {
  graph: Graph;
  /** [N, F] float. */
  features: Tensor;
  /** [N] int32. */
  labels: Tensor;
  numClasses: number;
  trainIdx: Int32Array;
  valIdx: Int32Array;
  testIdx: Int32Array;
}

export interface MinibatchConfig {
  /** One per layer, input layer first (NeighborSampler's order). */
  fanouts: number[];
  /** Fanouts for evaluation; default every neighbour. */
  evalFanouts?: number[];
  batchSize: number;
  numWorkers: number;
  epochs: number;
  lr: number;
  weightDecay: number;
  hidden: number;
  /** Between layers, and on the input features when inputDropout is not given. */
  dropout: number;
  inputDropout?: number;
  seed: number;
  /**
   * Data-parallel job (`deepgraph launch`): each rank trains on its share of the training nodes
   * with batchSize / worldSize seeds per batch (the same steps per epoch as one process),
   * gradients averaged over the ranks; evaluation is split among the ranks and summed.
   */
  group?: ProcessGroup;
  /** --checkpoint-dir / --resume (minibatch-checkpoint.ts). */
  checkpoint?: MinibatchCheckpoint;
}

export interface MinibatchResult {
  seed: number;
  testAcc: number;
  valAcc: number;
  /** 0-based epoch with the best validation accuracy (its test accuracy is reported). */
  selectedEpoch: number;
  epochsRun: number;
  /** Wall time of each epoch's training pass (sampling included), in ms. */
  epochMs: number[];
}

/** SAGEConv ('mean') per block, ReLU and dropout between layers (dropout pIn on the input features). */
export class MinibatchSAGE extends Module {
  readonly layers: ModuleList<SAGEConv>;

  constructor(inFeats: number, hidden: number, classes: number, numLayers: number, private readonly p: number, private readonly pIn: number) {
    super();
    const sizes = [inFeats, ...new Array<number>(numLayers - 1).fill(hidden), classes];
    this.layers = this.registerModule('layers', new ModuleList(sizes.slice(0, -1).map((n, i) => new SAGEConv(n, sizes[i + 1], 'mean'))));
  }

  forward(blocks: readonly Graph[], x: Tensor): Tensor {
    let h = dropout(x, this.pIn, this.training);
    const L = this.layers.length;
    for (let i = 0; i < L; i++) {
      h = this.layers.get(i).forward(blocks[i], h);
      if (i < L - 1) h = dropout(relu(h), this.p, this.training);
    }
    return h;
  }

  /**
   * Every node's output, layer by layer over full neighbourhoods in batches (DGL's offline
   * `inference`); with `store` the layers' outputs go to disk and a DiskFeature is returned.
   */
  inference(g: Graph, x: Tensor | FeatureStore, opts: InferenceOptions = {}): Tensor | DiskFeature {
    const L = this.layers.length;
    return layerwiseInference(g, x, L, (l, block, h) => {
      const out = this.layers.get(l).forward(block, l === 0 ? dropout(h, this.pIn, this.training) : h);
      return l < L - 1 ? dropout(relu(out), this.p, this.training) : out;
    }, opts);
  }
}

/** Parses --fanouts ('10,25'): integers >= -1, one per layer (numLayers, when the caller fixes it). */
export function parseFanouts(text: string, numLayers?: number): number[] {
  const parts = text.split(',').map((s) => s.trim());
  const fanouts = parts.map(Number);
  if (parts.some((s) => s === '') || fanouts.some((f) => !(Number.isInteger(f) && f >= -1))) {
    throw new RangeError(`--fanouts must be comma-separated integers >= -1 (-1 = every neighbour), one per layer, got '${text}'`);
  }
  if (numLayers !== undefined && fanouts.length !== numLayers) {
    throw new RangeError(`--fanouts has ${fanouts.length} entries (${text}) but the model has ${numLayers} layers; give one fanout per layer`);
  }
  return fanouts;
}

/** A graph on the same structure with its own frames holding feat and label (the caller's graph is not written). */
function trainingGraph(data: MinibatchNodeData): Graph {
  const n = data.graph.numNodes();
  const g = Graph.fromSpec({ ntypes: ['_N'], numNodes: [n], relations: [{ srcType: '_N', etype: '_E', dstType: '_N', adj: data.graph.sparse() }] });
  g.ndata.set('feat', data.features);
  g.ndata.set('label', data.labels);
  return g;
}

/**
 * Accuracy on `ids`, sampling on the calling thread: a worker pool per evaluation would start its
 * threads and copy the graph into shared memory every epoch (~0.25 s each; 200 epochs on the
 * synthetic dataset took 53 s a run with one worker against 5 s without).
 */
async function accuracy(model: MinibatchSAGE, g: Graph, ids: Int32Array, sampler: NeighborSampler, cfg: MinibatchConfig): Promise<number> {
  if (ids.length === 0) return NaN;
  const group = cfg.group;
  const mine = group ? shardIndices(ids, group.rank, group.worldSize) : ids;
  const loader = mine.length > 0 ? new DataLoader(g, mine, sampler, { batchSize: cfg.batchSize, numWorkers: 0, seed: cfg.seed }) : [];
  return accuracyOver(model, loader, ids.length, group);
}

/**
 * Correct predictions of `model` over evaluation batches ('feat' on blocks[0].srcdata, 'label' on
 * the last block's dstdata), summed over the ranks of `group`, divided by `total`.
 */
export async function accuracyOver(model: MinibatchSAGE, batches: AsyncIterable<NodeMiniBatch> | Iterable<NodeMiniBatch>, total: number, group?: ProcessGroup): Promise<number> {
  model.train(false);
  let correct = 0;
  for await (const [, , blocks] of batches) {
    noGrad(() => {
      const pred = argmax(model.forward(blocks, blocks[0].srcdata.get('feat')), 1).data;
      const label = blocks[blocks.length - 1].dstdata.get('label').data;
      for (let i = 0; i < pred.length; i++) if (pred[i] === label[i]) correct++;
    });
  }
  model.train(true);
  if (group) {
    const sum = new Float64Array([correct]);
    await group.allReduce(sum);
    correct = sum[0];
  }
  return correct / total;
}

export interface EpochStats {
  batches: number;
  sampledEdges: number;
  /** Mean training loss over the batches. */
  loss: number;
  /** Time spent waiting for batches (sampling, when it does not overlap) and in training steps, ms. */
  waitMs: number;
  stepMs: number;
}

/**
 * One training epoch over a node loader whose sampler prefetches 'feat' and 'label' (what
 * `deepgraph bench` times for the minibatch SAGE epoch, with numWorkers 0 and 1); `lossWeight`
 * scales the loss of step k before backward (the reported loss is unscaled).
 */
export async function trainMinibatchEpoch(model: MinibatchSAGE, opt: Adam, loader: AsyncIterable<NodeMiniBatch>, ddp?: DistributedDataParallel,
  lossWeight?: (step: number) => number): Promise<EpochStats> {
  const stats: EpochStats = { batches: 0, sampledEdges: 0, loss: 0, waitMs: 0, stepMs: 0 };
  let t = performance.now();
  for await (const [, , blocks] of loader) {
    const t1 = performance.now();
    stats.waitMs += t1 - t;
    const loss = crossEntropy(model.forward(blocks, blocks[0].srcdata.get('feat')), blocks[blocks.length - 1].dstdata.get('label'));
    opt.zeroGrad();
    // A rank whose batch is a smaller share of the step's seeds weighs its loss down (partition-minibatch.ts).
    (lossWeight === undefined ? loss : loss.mul(lossWeight(stats.batches))).backward();
    await ddp?.syncGradients();
    opt.step();
    stats.loss += loss.item();
    stats.batches++;
    for (const b of blocks) stats.sampledEdges += b.numEdges();
    t = performance.now();
    stats.stepMs += t - t1;
  }
  stats.loss /= Math.max(stats.batches, 1);
  return stats;
}

/** Trains with Adam for cfg.epochs; reports the test accuracy of the best validation epoch. */
export async function trainNodeMinibatch(data: MinibatchNodeData, cfg: MinibatchConfig,
  onEpoch?: (r: { epoch: number; loss: number; valAcc: number }) => void): Promise<MinibatchResult> {
  manualSeed(cfg.seed);
  const g = trainingGraph(data);
  const model = new MinibatchSAGE(data.features.shape[1], cfg.hidden, data.numClasses, cfg.fanouts.length, cfg.dropout, cfg.inputDropout ?? cfg.dropout);
  const prefetch = { prefetchNodeFeats: ['feat'], prefetchLabels: ['label'] };
  const sampler = new NeighborSampler(cfg.fanouts, prefetch);
  matchLayers(sampler, model.layers.length, 'the model');
  const evalSampler = new NeighborSampler(cfg.evalFanouts ?? cfg.fanouts.map(() => -1), prefetch);
  matchLayers(evalSampler, model.layers.length, 'the model');
  const opt = new Adam(model.parameters(), { lr: cfg.lr, weightDecay: cfg.weightDecay });
  const resumed = cfg.checkpoint?.restore(model, opt) ?? null;
  const group = cfg.group, rank = group?.rank ?? 0, world = group?.worldSize ?? 1;
  const ddp = group ? new DistributedDataParallel(model, group) : undefined;
  await ddp?.ready;
  const loader = new DataLoader(g, group ? shardIndices(data.trainIdx, rank, world, { pad: true }) : data.trainIdx, sampler, {
    batchSize: Math.ceil(cfg.batchSize / world), shuffle: true, numWorkers: cfg.numWorkers, seed: cfg.seed + rank, persistentWorkers: cfg.numWorkers > 0,
  });
  const result: MinibatchResult = resumed ?? { seed: cfg.seed, testAcc: NaN, valAcc: -Infinity, selectedEpoch: -1, epochsRun: 0, epochMs: [] };
  loader.setEpoch(result.epochsRun);
  try {
    for (let epoch = result.epochsRun; epoch < cfg.epochs; epoch++) {
      // A data-parallel rank's dropout stream is a function of (seed, rank, epoch), so a resumed job
      // draws what the uninterrupted one did without saving every rank's generator.
      if (group) manualSeed((cfg.seed * 1_000_003 + rank * 7919 + epoch * 104_729) >>> 0);
      const t0 = performance.now();
      const stats = await trainMinibatchEpoch(model, opt, loader, ddp);
      result.epochMs.push(performance.now() - t0);
      result.epochsRun = epoch + 1;
      checkFiniteLoss(stats.loss, epoch);
      const valAcc = await accuracy(model, g, data.valIdx, evalSampler, cfg);
      onEpoch?.({ epoch, loss: stats.loss, valAcc });
      if (valAcc > result.valAcc) {
        result.valAcc = valAcc;
        result.selectedEpoch = epoch;
        result.testAcc = await accuracy(model, g, data.testIdx, evalSampler, cfg);
      }
      cfg.checkpoint?.save(epoch, model, opt, result, epoch === cfg.epochs - 1);
    }
  } finally {
    await loader.close();
  }
  return result;
}
