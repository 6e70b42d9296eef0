/**
 * Graph classification or regression on a --data folder: GIN (models-graph.ts) on a seeded
 * train / validation / test split of the graphs, test metric at the best validation epoch
 * (accuracy for integer labels, RMSE for float labels).
 */
import { Tensor } from '../tensor/tensor.js';
import { noGrad } from '../tensor/tape.js';
import { Generator, manualSeed } from '../tensor/random.js';
import { crossEntropy, mseLoss } from '../tensor/loss.js';
import { ones } from '../tensor/creation.js';
import { batch, graph, type Graph } from '../graph/index.js';
import { Adam } from '../optim/adam.js';
import { UsageError } from './args.js';
import { DEFAULT_SPLIT, nodeFeatures, randomSplit, type SplitFractions, type UserDataset } from './data-dir.js';
import { GIN } from './models-graph.js';
import { GIN_INFO, type GraphHyper } from './models.js';
import type { EpochReport } from './progress.js';

export interface GraphSplitData {
  name: string;
  graphs: Graph[];
  regression: boolean;
  /** Classification: [G] int32 classes; regression: [G, T] float32 targets. */
  targets: Tensor;
  outputs: number;
  numFeatures: number;
  trainIdx: Int32Array; valIdx: Int32Array; testIdx: Int32Array;
  splitNote: string;
}

export function graphTaskData(d: UserDataset, split: SplitFractions | undefined, seed: number): GraphSplitData {
  const label = d.graphData.label;
  if (label === undefined) throw new UsageError(`${d.name}: graph tasks need a 'label' column in the graph file (graph_data in meta.yaml)`);
  const first = d.graphs[0];
  if (first.ntypes.length !== 1 || first.canonicalEtypes.length !== 1) throw new UsageError(`${d.name}: graph tasks here take homogeneous graphs (one node and one edge type)`);
  const nt = first.ntypes[0];
  const graphs = d.graphs.map((g) => {
    const [s, t] = g.edges() as unknown as [Int32Array, Int32Array];
    const out = graph([s, t], { numNodes: g.numNodes() });
    out.ndata.set('feat', nodeFeatures(g, nt) ?? ones([g.numNodes(), 1]));
    return out;
  });
  const regression = label.dtype !== 'int32';
  const g = label.shape[0];
  let targets: Tensor, outputs: number;
  if (regression) {
    targets = new Tensor(Float32Array.from(label.data), [g, label.size / g], 'float32');
    outputs = label.size / g;
  } else {
    if (label.size !== g) throw new UsageError(`${d.name}: a classification label is one integer per graph, got ${label.size / g} per graph`);
    targets = new Tensor(Int32Array.from(label.data), [g], 'int32');
    let m = -1; for (const v of targets.data) m = Math.max(m, v);
    outputs = m + 1;
  }
  const s = split ?? DEFAULT_SPLIT;
  const [trainIdx, valIdx, testIdx] = randomSplit(Int32Array.from({ length: g }, (_, i) => i), s, seed);
  return {
    name: d.name, graphs, regression, targets, outputs, numFeatures: graphs[0].ndata.get('feat').shape[1],
    trainIdx, valIdx, testIdx, splitNote: `random split ${s.join('/')} of the ${g} graphs (seed ${seed})`,
  };
}

/** GIN's settings for a --data graph task: the GIN paper's model with 100 epochs. */
export function graphSplitHyper(overrides: Partial<GraphHyper>): GraphHyper {
  return { ...GIN_INFO.defaults(), epochs: 100, ...overrides };
}

function rowsOf(t: Tensor, idx: ArrayLike<number>): Tensor {
  const w = t.shape.length === 1 ? 1 : t.shape[1];
  const out = new (t.data.constructor as new (n: number) => Float32Array | Int32Array)(idx.length * w);
  for (let i = 0; i < idx.length; i++) out.set(t.data.subarray(idx[i] * w, idx[i] * w + w), i * w);
  return new Tensor(out, t.shape.length === 1 ? [idx.length] : [idx.length, w], t.dtype);
}

/** Accuracy (classification) or RMSE (regression) of the model on the graphs `idx`. */
function evaluate(model: GIN, data: GraphSplitData, idx: Int32Array): number {
  if (idx.length === 0) return NaN;
  const g = batch([...idx].map((i) => data.graphs[i]));
  const out = noGrad(() => model.forward(g, g.ndata.get('feat')));
  const y = rowsOf(data.targets, idx), c = out.shape[1];
  if (data.regression) {
    let se = 0;
    for (let i = 0; i < y.size; i++) se += (out.data[i] - y.data[i]) ** 2;
    return Math.sqrt(se / y.size);
  }
  let hit = 0;
  for (let r = 0; r < idx.length; r++) {
    let best = 0;
    for (let j = 1; j < c; j++) if (out.data[r * c + j] > out.data[r * c + best]) best = j;
    if (best === y.data[r]) hit++;
  }
  return hit / idx.length;
}

export interface GraphSplitResult { test: number; val: number; selectedEpoch: number; epochMs: number[] }

export function trainGraphSplitRun(data: GraphSplitData, h: GraphHyper, seed: number, onEpoch?: (r: EpochReport) => void): GraphSplitResult {
  manualSeed(seed);
  const rng = new Generator(seed * 7919 + 1);
  const model = new GIN(data.numFeatures, data.outputs, h);
  const opt = new Adam(model.parameters(), { lr: h.lr, weightDecay: h.weightDecay });
  const better = (a: number, b: number): boolean => (data.regression ? a < b : a > b);
  let best = { val: data.regression ? Infinity : -Infinity, test: NaN, epoch: -1 };
  const epochMs: number[] = [];
  for (let epoch = 0; epoch < h.epochs; epoch++) {
    model.train();
    const order = data.trainIdx.slice();
    for (let i = order.length - 1; i > 0; i--) { const j = rng.nextInt(i + 1); const t = order[i]; order[i] = order[j]; order[j] = t; }
    const t0 = performance.now();
    let lossSum = 0, batches = 0;
    for (let b = 0; b < order.length; b += h.batchSize) {
      const idx = order.subarray(b, Math.min(order.length, b + h.batchSize));
      if (idx.length < 2 && order.length > 1) continue; // batch norm needs two graphs
      const g = batch([...idx].map((i) => data.graphs[i]));
      const out = model.forward(g, g.ndata.get('feat')), y = rowsOf(data.targets, idx);
      const loss = data.regression ? mseLoss(out, y) : crossEntropy(out, y);
      opt.zeroGrad();
      loss.backward();
      opt.step();
      lossSum += loss.item(); batches++;
    }
    epochMs.push(performance.now() - t0);
    model.eval();
    const val = evaluate(model, data, data.valIdx);
    if (best.epoch < 0 || better(val, best.val)) best = { val, test: evaluate(model, data, data.testIdx), epoch };
    onEpoch?.({ epoch, loss: lossSum / Math.max(batches, 1), valAcc: val });
  }
  return { test: best.test, val: best.val, selectedEpoch: best.epoch, epochMs };
}
