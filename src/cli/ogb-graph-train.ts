/**
 * One seed of OGB's graph-property protocol (examples/graphproppred/mol/main_pyg.py): GIN with a virtual
 * node trained with Adam on the official split in shuffled mini-batches, BCE-with-logits over the labelled
 * entries (classification) or MSE (regression); after every epoch the validation and test sets are scored
 * with OGB's evaluator, and the reported test score is the one at the best validation epoch.
 */
import type { Graph } from '../graph/index.js';
import { batch } from '../graph/index.js';
import { Tensor } from '../tensor/tensor.js';
import { noGrad } from '../tensor/tape.js';
import { manualSeed } from '../tensor/random.js';
import { maskedSelect } from '../tensor/indexing.js';
import { binaryCrossEntropyWithLogits, mseLoss } from '../tensor/loss.js';
import { Adam } from '../optim/adam.js';
import { GraphDataLoader } from '../dataloading/graph-data-loader.js';
import { OgbEvaluator } from '../data/ogb/evaluator.js';
import type { OgbGraphPropPredDataset } from '../data/ogb/graph-prop.js';
import { OgbGINVirtual, type OgbGinHyper } from './ogb-gin-model.js';
import type { EpochReport } from './progress.js';
import { mean } from './stats.js';

export interface OgbGraphHyper extends OgbGinHyper {
  epochs: number;
  lr: number;
  batchSize: number;
}

/** OGB's example defaults: 5 layers, 300 hidden, dropout 0.5, batch 32, Adam 1e-3, 100 epochs. */
export const OGB_GIN_DEFAULTS: OgbGraphHyper = { numLayers: 5, embDim: 300, dropout: 0.5, batchSize: 32, lr: 1e-3, epochs: 100 };

export interface OgbSeedResult {
  seed: number;
  /** 0-based epoch with the best validation score. */
  bestEpoch: number;
  valid: number;
  test: number;
  validCurve: number[];
  testCurve: number[];
  epochMs: number[];
}

/** Scores a set of graphs in one batch (eval mode: batch norm uses its running statistics). */
function score(model: OgbGINVirtual, graphs: readonly Graph[], labels: Tensor, evaluator: OgbEvaluator): number {
  model.eval();
  const pred = noGrad(() => model.forward(batch(graphs)));
  const res = evaluator.eval({ yTrue: labels, yPred: pred });
  return res[evaluator.evalMetric] as number;
}

function rowsOf(labels: Tensor, idx: Int32Array): Tensor {
  const t = labels.shape[1];
  const out = new Float32Array(idx.length * t);
  idx.forEach((i, r) => out.set((labels.data as Float32Array).subarray(i * t, (i + 1) * t), r * t));
  return new Tensor(out, [idx.length, t], 'float32');
}

/** The loss over the labelled (non-NaN) entries only, as OGB's example masks them. */
function maskedLoss(pred: Tensor, y: Tensor, classification: boolean): Tensor {
  const mask = new Uint8Array(y.size);
  for (let i = 0; i < y.size; i++) mask[i] = Number.isNaN(y.data[i]) ? 0 : 1;
  const m = new Tensor(mask, y.shape, 'bool');
  const p = maskedSelect(pred, m), t = maskedSelect(y, m);
  return classification ? binaryCrossEntropyWithLogits(p, t) : mseLoss(p, t);
}

/** What each epoch reports: the progress fields plus both scores and the training time. */
export interface OgbEpochReport extends EpochReport { valid: number; test: number; ms: number }

export function trainOgbGraphSeed(ds: OgbGraphPropPredDataset, h: OgbGraphHyper, seed: number,
  onEpoch?: (r: OgbEpochReport) => void): OgbSeedResult {
  manualSeed(seed);
  const split = ds.getIdxSplit();
  const graphs = Array.from({ length: ds.length }, (_, i) => ds.get(i)[0]);
  const evaluator = new OgbEvaluator(ds.name);
  const classification = ds.evalMetric === 'rocauc' || ds.evalMetric === 'ap';
  const train = [...split.train].map((i) => [graphs[i], ds.get(i)[1]] as const);
  const loader = new GraphDataLoader(train, { batchSize: h.batchSize, shuffle: true, seed });
  const validGraphs = [...split.valid].map((i) => graphs[i]), testGraphs = [...split.test].map((i) => graphs[i]);
  const validY = rowsOf(ds.labels, split.valid), testY = rowsOf(ds.labels, split.test);
  const model = new OgbGINVirtual(ds.numTasks, h);
  const opt = new Adam(model.parameters(), { lr: h.lr });
  const validCurve: number[] = [], testCurve: number[] = [], epochMs: number[] = [];
  for (let epoch = 0; epoch < h.epochs; epoch++) {
    model.train();
    const losses: number[] = [];
    const t0 = performance.now();
    for (const [g, y] of loader) {
      if (g.numNodes() === 1 || g.batchSize === 1) continue; // OGB skips these (batch norm needs two rows)
      const loss = maskedLoss(model.forward(g), y, classification);
      opt.zeroGrad();
      loss.backward();
      opt.step();
      losses.push(loss.item());
    }
    epochMs.push(performance.now() - t0);
    validCurve.push(score(model, validGraphs, validY, evaluator));
    testCurve.push(score(model, testGraphs, testY, evaluator));
    onEpoch?.({ epoch, loss: mean(losses), valAcc: validCurve[epoch], valid: validCurve[epoch], test: testCurve[epoch], ms: epochMs[epoch] });
  }
  const better = classification ? (a: number, b: number): boolean => a > b : (a: number, b: number): boolean => a < b;
  let best = 0;
  for (let e = 1; e < validCurve.length; e++) if (better(validCurve[e], validCurve[best])) best = e;
  return { seed, bestEpoch: best, valid: validCurve[best], test: testCurve[best], validCurve, testCurve, epochMs };
}
