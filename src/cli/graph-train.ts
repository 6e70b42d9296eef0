/**
 * Graph classification with k-fold cross-validation, following the GIN paper: each fold trains a
 * fresh model on the other folds and records the held-out fold's accuracy after every epoch; the
 * reported number is the mean (and spread) over folds at the single epoch whose fold-mean is best.
 * The last epoch's mean is reported beside it, since that choice of epoch looks at the held-out folds.
 */
import { checkFiniteLoss } from './divergence.js';
import { Tensor } from '../tensor/tensor.js';
import { noGrad } from '../tensor/tape.js';
import { Generator, manualSeed } from '../tensor/random.js';
import { crossEntropy } from '../tensor/loss.js';
import { batch, graph, type Graph } from '../graph/index.js';
import { Adam } from '../optim/adam.js';
import { StepLR } from '../optim/scheduler.js';
import type { GraphData } from './datasets.js';
import type { GraphHyper } from './models.js';
import { GIN } from './models-graph.js';
import type { EpochReport } from './progress.js';
import { mean } from './stats.js';

export interface FoldResult {
  fold: number;
  /** Held-out accuracy after each epoch, in [0, 1]. */
  accByEpoch: number[];
  /** Wall time of each epoch's training pass, in ms. */
  epochMs: number[];
  /** The fold's model after its last epoch. */
  model?: GIN;
}

function shuffle(a: Int32Array, rng: Generator): Int32Array {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    const t = a[i]; a[i] = a[j]; a[j] = t;
  }
  return a;
}

/**
 * Stratified k folds (as sklearn's StratifiedKFold with shuffling, not bit-identical): each class's
 * members are shuffled and dealt to the folds in turn, continuing from fold to fold across classes,
 * so every fold has nearly the same size and class mix. Returns each fold's held-out indices, sorted.
 */
export function stratifiedFolds(labels: Int32Array, k: number, seed: number): Int32Array[] {
  if (!Number.isInteger(k) || k < 2 || k > labels.length) throw new RangeError(`stratifiedFolds: need 2 <= k <= ${labels.length}, got ${k}`);
  const rng = new Generator(seed);
  const classes = [...new Set(labels)].sort((a, b) => a - b);
  const folds: number[][] = Array.from({ length: k }, () => []);
  let next = 0;
  for (const c of classes) {
    const members = shuffle(Int32Array.from(labels.keys()).filter((i) => labels[i] === c), rng);
    for (const i of members) { folds[next].push(i); next = (next + 1) % k; }
  }
  return folds.map((f) => Int32Array.from(f).sort());
}

/** Graphs reduced to their structure and ndata feat, so batching copies nothing else. */
export function featureOnly(graphs: readonly Graph[]): Graph[] {
  return graphs.map((g) => {
    const [src, dst] = g.edges();
    const out = graph([src, dst], { numNodes: g.numNodes() });
    out.ndata.set('feat', g.ndata.get('feat'));
    return out;
  });
}

/** Trains GIN on every fold but `fold` and tests on `fold` after each epoch. */
export function trainGraphFold(data: GraphData, graphs: readonly Graph[], folds: readonly Int32Array[], fold: number,
  h: GraphHyper, seed: number, onEpoch?: (r: EpochReport) => void): FoldResult {
  manualSeed(seed + fold);
  const rng = new Generator(seed * 7919 + fold);
  const testIdx = folds[fold];
  const trainIdx = Int32Array.from(folds.flatMap((f, i) => (i === fold ? [] : [...f])));
  const model = new GIN(data.numFeatures, data.numClasses, h);
  const opt = new Adam(model.parameters(), { lr: h.lr, weightDecay: h.weightDecay });
  const sched = new StepLR(opt, { stepSize: h.stepSize, gamma: h.gamma });
  const testGraph = batch([...testIdx].map((i) => graphs[i]));
  const labelsOf = (idx: ArrayLike<number>): Tensor => new Tensor(Int32Array.from(idx, (i) => data.labels[i]), [idx.length], 'int32');

  const accByEpoch: number[] = [], epochMs: number[] = [];
  for (let epoch = 0; epoch < h.epochs; epoch++) {
    model.train();
    const order = shuffle(trainIdx.slice(), rng);
    const losses: number[] = [];
    const t0 = performance.now();
    for (let b = 0; b < order.length; b += h.batchSize) {
      const idx = order.subarray(b, Math.min(order.length, b + h.batchSize));
      const g = batch([...idx].map((i) => graphs[i]));
      const loss = crossEntropy(model.forward(g, g.ndata.get('feat')), labelsOf(idx));
      opt.zeroGrad();
      loss.backward();
      opt.step();
      losses.push(checkFiniteLoss(loss.item(), epoch));
    }
    sched.step();
    epochMs.push(performance.now() - t0);
    model.eval();
    const acc = noGrad(() => {
      const logits = model.forward(testGraph, testGraph.ndata.get('feat'));
      const c = logits.shape[1];
      let correct = 0;
      testIdx.forEach((gi, row) => {
        let best = 0;
        for (let j = 1; j < c; j++) if (logits.data[row * c + j] > logits.data[row * c + best]) best = j;
        if (best === data.labels[gi]) correct++;
      });
      return correct / testIdx.length;
    });
    accByEpoch.push(acc);
    onEpoch?.({ epoch, loss: mean(losses), valAcc: acc });
  }
  return { fold, accByEpoch, epochMs, model };
}

export interface CvSummary {
  /** 0-based epoch with the best mean held-out accuracy over folds (the GIN paper's choice). */
  selectedEpoch: number;
  /** Each fold's accuracy at selectedEpoch. */
  selectedAccs: number[];
  /** Each fold's accuracy after the last epoch. */
  lastAccs: number[];
}

export function summariseFolds(results: readonly FoldResult[]): CvSummary {
  const epochs = Math.min(...results.map((r) => r.accByEpoch.length));
  let best = 0, bestMean = -Infinity;
  for (let e = 0; e < epochs; e++) {
    const m = mean(results.map((r) => r.accByEpoch[e]));
    if (m > bestMean) { bestMean = m; best = e; }
  }
  return {
    selectedEpoch: best,
    selectedAccs: results.map((r) => r.accByEpoch[best]),
    lastAccs: results.map((r) => r.accByEpoch[epochs - 1]),
  };
}
