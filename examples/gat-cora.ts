/**
 * GAT (Velickovic et al., 2018) on Cora, public split: 8 heads of 8 hidden units with ELU, one
 * output head, dropout 0.6 on the inputs of both layers and on the attention, LeakyReLU 0.2,
 * Adam lr 0.005 with L2 5e-4, self-loops, row-normalised features; the model with the best
 * validation accuracy is tested (early stopping with patience 100, at most 200 epochs as in DGL).
 *
 *   npm install                                      # builds dist/ (or: npx tsc -p tsconfig.json)
 *   node dist/examples/gat-cora.js ../shared/data/planetoid/raw [--epochs N]
 *
 * The argument is the folder holding ind.cora.*; without it the files are downloaded into
 * ~/.deepgraph/data when online. In your own project, import from 'deepgraph' instead.
 */
import * as dg from 'deepgraph';

// Usage: [RAW_DIR] [--epochs N] (default 200).
const rawDir = process.argv[2]?.startsWith('--') ? undefined : process.argv[2];
const epochsAt = process.argv.indexOf('--epochs');
const epochs = epochsAt > 0 ? Number(process.argv[epochsAt + 1]) : 200;
const opts = { transform: dg.data.compose(dg.data.normalizeFeatures(), (g: dg.Graph) => dg.addSelfLoop(g)) };
const dataset = rawDir ? new dg.data.CoraGraphDataset({ ...opts, rawDir }) : await dg.data.CoraGraphDataset.load(opts);
const g = dataset.get(0);
const feat = g.ndata.get('feat');
const labels = g.ndata.get('label');
const indices = (mask: string): Int32Array => Int32Array.from(Array.from(g.ndata.get(mask).data).flatMap((m, i) => (m ? [i] : [])));
const [train, val, test] = [indices('trainMask'), indices('valMask'), indices('testMask')];

class GAT extends dg.nn.Module {
  readonly hidden: dg.nn.GATConv;
  readonly output: dg.nn.GATConv;
  constructor(inFeats: number, classes: number) {
    super();
    const drops = { featDrop: 0.6, attnDrop: 0.6, negativeSlope: 0.2 };
    this.hidden = this.registerModule('hidden', new dg.nn.GATConv(inFeats, 8, 8, { ...drops, activation: dg.elu }));
    this.output = this.registerModule('output', new dg.nn.GATConv(8 * 8, classes, 1, drops));
  }
  forward(graph: dg.Graph, x: dg.Tensor): dg.Tensor {
    const h = dg.flatten(this.hidden.forward(graph, x), 1); // [N, 8 heads, 8] -> [N, 64]
    return dg.mean(this.output.forward(graph, h), 1); // average the output heads
  }
}

function accuracy(logits: dg.Tensor, idx: Int32Array): number {
  const pred = dg.argmax(logits, 1).data;
  return idx.reduce((n, i) => n + (pred[i] === labels.data[i] ? 1 : 0), 0) / idx.length;
}

dg.manualSeed(0);
const model = new GAT(feat.shape[1], dataset.numClasses);
const optimizer = new dg.optim.Adam(model.parameters(), { lr: 0.005, weightDecay: 5e-4 });
const trainLabels = dg.indexSelect(labels, 0, train);
let best = { valAcc: -1, testAcc: 0, epoch: 0 };
for (let epoch = 1, sinceBest = 0; epoch <= epochs && sinceBest < 100; epoch++) {
  model.train();
  const loss = dg.crossEntropy(dg.indexSelect(model.forward(g, feat), 0, train), trainLabels);
  optimizer.zeroGrad();
  loss.backward();
  optimizer.step();
  model.eval();
  const logits = dg.noGrad(() => model.forward(g, feat));
  const valAcc = accuracy(logits, val);
  // Evaluating now equals restoring this epoch's weights later: keep the test accuracy instead of a checkpoint.
  if (valAcc >= best.valAcc) { best = { valAcc, testAcc: accuracy(logits, test), epoch }; sinceBest = 0; } else sinceBest++;
  if (epoch % 20 === 0) console.log(`epoch ${epoch}  loss ${loss.item().toFixed(4)}  val acc ${valAcc.toFixed(4)}`);
}
console.log(`test accuracy ${best.testAcc.toFixed(4)} (epoch ${best.epoch}, val acc ${best.valAcc.toFixed(4)})`);
