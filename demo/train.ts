/**
 * The demo's model and training loop, written against the library passed in (the page passes its
 * browser bundle, test/browser/cora-parity.test.ts passes Node's package), so that one code path
 * is what the page shows and what the Node-vs-Chromium parity test compares. GCN and GAT with the
 * settings of examples/gcn-cora.ts and examples/gat-cora.ts. Imports nothing at run time.
 */
import type * as Deepgraph from '../src/browser.js';

/** The part of the library the trainer uses (Node's and the browser's entries both fit). */
export type TrainerLib = Omit<typeof Deepgraph, 'data'>;
type Graph = Deepgraph.Graph;
type Tensor = Deepgraph.Tensor;

/** The demo's models: DGL's 2-layer GCN (16 hidden) and GAT (8 heads x 8 hidden). */
export type ModelKind = 'gcn' | 'gat';

/** A node-classification graph ready to train on: features, labels and the split as index arrays. */
export interface PreparedGraph {
  graph: Graph;
  feat: Tensor;
  labels: Int32Array;
  numClasses: number;
  train: Int32Array;
  val: Int32Array;
  test: Int32Array;
}

/** One epoch's numbers. Accuracies are in [0, 1], measured in eval mode after the step. */
export interface EpochStats {
  epoch: number;
  loss: number;
  trainAcc: number;
  valAcc: number;
  testAcc: number;
}

/** A model being trained: one `step()` per epoch; `evaluate()` gives logits, the hidden embedding and predictions. */
export interface Trainer {
  readonly kind: ModelKind;
  step(): EpochStats;
  evaluate(): { logits: Tensor; embedding: Tensor; predictions: Int32Array };
}

/** Splits a graph with ndata feat / label / trainMask / valMask / testMask (a Planetoid item, self-loops added by the caller). */
export function prepareGraph(graph: Graph, numClasses: number): PreparedGraph {
  const indices = (mask: string): Int32Array => {
    const m = graph.ndata.get(mask).data;
    const out: number[] = [];
    for (let i = 0; i < m.length; i++) if (m[i]) out.push(i);
    return Int32Array.from(out);
  };
  return {
    graph, feat: graph.ndata.get('feat'), labels: Int32Array.from(graph.ndata.get('label').data), numClasses,
    train: indices('trainMask'), val: indices('valMask'), test: indices('testMask'),
  };
}

function accuracy(pred: ArrayLike<number>, labels: Int32Array, idx: Int32Array): number {
  let n = 0;
  for (const i of idx) if (pred[i] === labels[i]) n++;
  return idx.length === 0 ? 0 : n / idx.length;
}

/** Builds the model and optimizer (seeded by `seed`) and returns a trainer for `data`. */
export function createTrainer(dg: TrainerLib, data: PreparedGraph, kind: ModelKind, seed = 0): Trainer {
  dg.manualSeed(seed);
  // The features stay constant: the wasm backend then copies them into its memory once, not per epoch.
  dg.markReadOnly(data.feat);
  const inFeats = data.feat.shape[1];
  let forward: (x: Tensor) => { hidden: Tensor; logits: Tensor };
  let optimizer: Deepgraph.optim.Adam;
  let module: Deepgraph.nn.Module;
  if (kind === 'gcn') {
    const conv1 = new dg.nn.GraphConv(inFeats, 16, { activation: dg.relu });
    const conv2 = new dg.nn.GraphConv(16, data.numClasses);
    const dropout = new dg.nn.Dropout(0.5);
    module = new dg.nn.ModuleList([conv1, conv2, dropout]);
    forward = (x) => {
      const hidden = conv1.forward(data.graph, dropout.forward(x));
      return { hidden, logits: conv2.forward(data.graph, dropout.forward(hidden)) };
    };
    optimizer = new dg.optim.Adam([
      { params: conv1.parameters(), weightDecay: 5e-4 },
      { params: conv2.parameters(), weightDecay: 0 },
    ], { lr: 0.01 });
  } else {
    const drops = { featDrop: 0.6, attnDrop: 0.6, negativeSlope: 0.2 };
    const hiddenConv = new dg.nn.GATConv(inFeats, 8, 8, { ...drops, activation: dg.elu });
    const outputConv = new dg.nn.GATConv(8 * 8, data.numClasses, 1, drops);
    module = new dg.nn.ModuleList([hiddenConv, outputConv]);
    forward = (x) => {
      const hidden = dg.flatten(hiddenConv.forward(data.graph, x), 1);
      return { hidden, logits: dg.mean(outputConv.forward(data.graph, hidden), 1) };
    };
    optimizer = new dg.optim.Adam(module.parameters(), { lr: 0.005, weightDecay: 5e-4 });
  }
  const trainLabels = dg.tensor(Int32Array.from(data.train, (i) => data.labels[i]));
  let epoch = 0;
  const evaluate = (): { logits: Tensor; embedding: Tensor; predictions: Int32Array } => {
    module.eval();
    const out = dg.noGrad(() => forward(data.feat));
    return { logits: out.logits, embedding: out.hidden, predictions: Int32Array.from(dg.argmax(out.logits, 1).data) };
  };
  return {
    kind,
    evaluate,
    step(): EpochStats {
      module.train();
      const loss = dg.crossEntropy(dg.indexSelect(forward(data.feat).logits, 0, data.train), trainLabels);
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
      const { predictions } = evaluate();
      epoch++;
      return {
        epoch, loss: loss.item(), trainAcc: accuracy(predictions, data.labels, data.train),
        valAcc: accuracy(predictions, data.labels, data.val), testAcc: accuracy(predictions, data.labels, data.test),
      };
    },
  };
}
