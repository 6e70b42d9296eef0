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
import type { NodeModelName, NodeHyper } from './models.js';
import { buildNodeModel } from './models-node.js';
import type { Module, StateDict } from '../nn/module.js';
import type { Graph } from '../graph/index.js';
import { SparseFeatures } from './sparse-input.js';
import type { EpochReport } from './progress.js';
import { RunCheckpointer, type SelectionState, type TrainIO } from './checkpointing.js';

export interface NodeRunConfig {
  model: NodeModelName;
  hyper: NodeHyper;
  /** Seeds parameter initialisation and dropout (dg.manualSeed). */
  seed: number;
  /** --save / --checkpoint-dir / --resume, with this run's position and the dataset's name. */
  io?: { options: TrainIO; run: number; runs: number; dataset: string };
  /** Return the trained model with the selected epoch's weights (for --export-onnx). */
  keepModel?: boolean;
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
  /** With keepModel: the model holding the selected epoch's weights, and the graph it runs on. */
  trained?: { model: Module; graph: Graph };
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

  const ckpt = cfg.io === undefined ? null
    : new RunCheckpointer(cfg.io.options, cfg.io.run, { dataset: cfg.io.dataset, model: cfg.model, seed: cfg.seed, hyper: h });
  // Restored after the model is built, so the random generator continues from the checkpoint.
  const state: SelectionState = ckpt?.restore(model, opt) ??
    { selected: { epoch: -1, valAcc: -Infinity, valLoss: Infinity, testAcc: NaN }, sinceBest: 0, epochMs: [], finished: false, epochsRun: 0 };
  let kept: StateDict | null = null;
  for (let epoch = state.epochsRun; !state.finished && epoch < h.epochs; epoch++) {
    model.train();
    const t0 = performance.now();
    const logits = model.forward(graph, x);
    const loss = crossEntropy(indexSelect(logits, 0, trainIdx), trainLabels);
    checkFiniteLoss(loss.item(), epoch);
    opt.zeroGrad();
    loss.backward();
    opt.step();
    state.epochMs.push(performance.now() - t0);

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
    const improved = sel.kind === 'last' || (sel.kind === 'valAcc' ? ev.valAcc >= state.selected.valAcc : ev.valLoss < state.selected.valLoss);
    if (improved) {
      state.selected = { epoch, ...ev };
      if (cfg.keepModel) kept = snapshot(model);
      state.sinceBest = 0;
    } else {
      state.sinceBest++;
    }
    state.epochsRun = epoch + 1;
    state.finished = state.sinceBest >= patience || state.epochsRun >= h.epochs;
    ckpt?.afterEpoch(epoch, model, opt, state);
  }
  if (cfg.io !== undefined) ckpt?.saveFinal(model, cfg.io.runs);
  if (kept !== null) model.loadStateDict(kept);
  const { selected } = state;
  return {
    seed: cfg.seed, testAcc: selected.testAcc, valAcc: selected.valAcc, selectedEpoch: selected.epoch, epochsRun: state.epochsRun,
    epochMs: state.epochMs,
    ...(cfg.keepModel ? { trained: { model, graph } } : {}),
  };
}

/** Copies of every parameter and buffer (the state to come back to). */
function snapshot(model: Module): StateDict {
  return new Map([...model.stateDict()].map(([k, t]) => [k, t.detach().clone()]));
}
