/**
 * GCN (Kipf & Welling, 2017) on Cora, public split, with the paper's settings: 2 layers, 16 hidden
 * units, dropout 0.5, Adam lr 0.01, L2 5e-4 on the first layer, 200 epochs, row-normalised features.
 *
 *   npm install                                      # builds dist/ (or: npx tsc -p tsconfig.json)
 *   node dist/examples/gcn-cora.js ../shared/data/planetoid/raw [--epochs N]
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

class GCN extends dg.nn.Module {
  readonly conv1: dg.nn.GraphConv;
  readonly conv2: dg.nn.GraphConv;
  readonly dropout: dg.nn.Dropout;
  constructor(inFeats: number, hidden: number, classes: number) {
    super();
    this.conv1 = this.registerModule('conv1', new dg.nn.GraphConv(inFeats, hidden, { activation: dg.relu }));
    this.conv2 = this.registerModule('conv2', new dg.nn.GraphConv(hidden, classes));
    this.dropout = this.registerModule('dropout', new dg.nn.Dropout(0.5));
  }
  forward(graph: dg.Graph, x: dg.Tensor): dg.Tensor {
    const h = this.conv1.forward(graph, this.dropout.forward(x));
    return this.conv2.forward(graph, this.dropout.forward(h));
  }
}

function accuracy(logits: dg.Tensor, idx: Int32Array): number {
  const pred = dg.argmax(logits, 1).data;
  return idx.reduce((n, i) => n + (pred[i] === labels.data[i] ? 1 : 0), 0) / idx.length;
}

dg.manualSeed(0);
const model = new GCN(feat.shape[1], 16, dataset.numClasses);
const optimizer = new dg.optim.Adam([
  { params: model.conv1.parameters(), weightDecay: 5e-4 },
  { params: model.conv2.parameters(), weightDecay: 0 },
], { lr: 0.01 });
const trainLabels = dg.indexSelect(labels, 0, train);

for (let epoch = 1; epoch <= epochs; epoch++) {
  model.train();
  const loss = dg.crossEntropy(dg.indexSelect(model.forward(g, feat), 0, train), trainLabels);
  optimizer.zeroGrad();
  loss.backward();
  optimizer.step();
  if (epoch % 20 === 0) {
    model.eval();
    const valAcc = dg.noGrad(() => accuracy(model.forward(g, feat), val));
    console.log(`epoch ${epoch}  loss ${loss.item().toFixed(4)}  val acc ${valAcc.toFixed(4)}`);
  }
}
model.eval();
console.log(`test accuracy ${dg.noGrad(() => accuracy(model.forward(g, feat), test)).toFixed(4)}`);
