/**
 * One full-graph node-classification run: build the model with a seed, train with Adam, evaluate
 * on the validation and test nodes every epoch, and report the test accuracy of the epoch the
 * model-selection rule picks. `trainNodeRun` is one NodeRunner; other training modes (mini-batch
 * with sampled neighbourhoods, minibatch-run.ts) plug in beside it: same config in, same result out.
 */
import { checkFiniteLoss } from './divergence.js';
import { Tensor } from '../tensor/tensor.js';
import { noGrad } from '../tensor/tape.js';
import { manualSeed } from '../tensor/random.js';
import { indexSelect } from '../tensor/indexing.js';
import { crossEntropy } from '../tensor/loss.js';
import { Adam } from '../optim/adam.js';
import type { NodeData } from './datasets.js';
import type { ModelName, NodeHyper } from './models.js';
import { buildNodeModel } from './models-node.js';
import { SparseFeatures } from './sparse-input.js';
import type { EpochReport } from './progress.js';

export interface NodeRunConfig {
  model: Exclude<ModelName, 'gin'>;
  hyper: NodeHyper;
  /** Seeds parameter initialisation and dropout (dg.manualSeed). */
  seed: number;
}

export interface NodeRunResult {
  seed: number;
  /** Test accuracy of the selected epoch's model, in [0, 1]. */
  testAcc: number;
  /** Validation accuracy of the selected epoch's model. */
  valAcc: number;
  /** 0-based epoch whose model was tested. */
  selectedEpoch: number;
  epochsRun: number;
  /** Wall time of each training step (forward, loss, backward, optimizer step), in ms. */
  epochMs: number[];
}

/**
 * The signature every node-classification training mode implements. A runner may be asynchronous
 * (the minibatch runner awaits its DataLoader's worker threads); the full-graph one is not.
 */
export type NodeRunner = (data: NodeData, cfg: NodeRunConfig, onEpoch?: (r: EpochReport) => void) => NodeRunResult | Promise<NodeRunResult>;

/** Fraction of `idx` whose row-argmax of `logits` equals the label. */
export function accuracy(logits: Tensor, labels: Tensor, idx: Int32Array): number {
  if (idx.length === 0) return NaN;
  const c = logits.shape[1];
  const d = logits.data, y = labels.data;
  let correct = 0;
  for (const i of idx) {
    let best = 0;
    for (let j = 1; j < c; j++) if (d[i * c + j] > d[i * c + best]) best = j;
    if (best === y[i]) correct++;
  }
  return correct / idx.length;
}

/** Full-graph training of one model with one seed (see NodeRunConfig); synchronous. */
export function trainNodeRun(data: NodeData, cfg: NodeRunConfig, onEpoch?: (r: EpochReport) => void): NodeRunResult {
  const h = cfg.hyper;
  manualSeed(cfg.seed);
  const built = buildNodeModel(cfg.model, data.graph, data.features.shape[1], data.numClasses, h);
  const { model, graph } = built;
  const opt = new Adam(built.paramGroups.map((grp) => ({ params: grp.params, weightDecay: grp.weightDecay })), { lr: h.lr });
  const trainIdx = new Tensor(data.trainIdx, [data.trainIdx.length], 'int32');
  const valIdx = new Tensor(data.valIdx, [data.valIdx.length], 'int32');
  const trainLabels = indexSelect(data.labels, 0, trainIdx);
  const valLabels = indexSelect(data.labels, 0, valIdx);
  const x = built.sparseInput ? SparseFeatures.fromDense(data.features) : data.features;

  const epochMs: number[] = [];
  let selected = { epoch: -1, valAcc: -Infinity, valLoss: Infinity, testAcc: NaN };
  let sinceBest = 0;
  let epoch = 0;
  for (; epoch < h.epochs; epoch++) {
    model.train();
    const t0 = performance.now();
    const logits = model.forward(graph, x);
    const loss = crossEntropy(indexSelect(logits, 0, trainIdx), trainLabels);
    checkFiniteLoss(loss.item(), epoch);
    opt.zeroGrad();
    loss.backward();
    opt.step();
    epochMs.push(performance.now() - t0);

    model.eval();
    const ev = noGrad(() => {
      const out = model.forward(graph, x);
      return {
        valAcc: accuracy(out, data.labels, data.valIdx),
        valLoss: crossEntropy(indexSelect(out, 0, valIdx), valLabels).item(),
        testAcc: accuracy(out, data.labels, data.testIdx),
      };
    });
    onEpoch?.({ epoch, loss: loss.item(), valAcc: ev.valAcc });

    // Testing the checkpoint later equals testing now: evaluation is deterministic.
    const sel = h.selection;
    const patience = sel.kind === 'last' ? Infinity : sel.patience;
    const improved = sel.kind === 'last' || (sel.kind === 'valAcc' ? ev.valAcc >= selected.valAcc : ev.valLoss < selected.valLoss);
    if (improved) {
      selected = { epoch, ...ev };
      sinceBest = 0;
    } else if (++sinceBest >= patience) {
      epoch++;
      break;
    }
  }
  return { seed: cfg.seed, testAcc: selected.testAcc, valAcc: selected.valAcc, selectedEpoch: selected.epoch, epochsRun: epoch, epochMs };
}
