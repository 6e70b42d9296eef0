/**
 * GIN-0 (Xu et al., 2019) graph classification on MUTAG: 5 layers including the input, 2-layer
 * MLPs with batch norm, sum aggregation with eps = 0, a sum-pooled prediction from every layer,
 * Adam lr 0.01 halved every 50 epochs, 350 epochs, batches of 32 graphs. This script trains on a
 * random 90% and tests on the rest; `deepgraph train --dataset mutag` runs the paper's 10-fold CV.
 *
 *   npm install                                      # builds dist/ (or: npx tsc -p tsconfig.json)
 *   node dist/examples/gin-mutag.js ../shared/data/tu/MUTAG [--epochs N]
 *
 * The argument is the folder holding MUTAG_A.txt etc.; without it MUTAG.zip is downloaded when
 * online. In your own project, import from 'deepgraph' instead.
 */
import * as dg from 'deepgraph';

// Usage: [RAW_DIR] [--epochs N] (default 350).
const rawDir = process.argv[2]?.startsWith('--') ? undefined : process.argv[2];
const epochsAt = process.argv.indexOf('--epochs');
const epochs = epochsAt > 0 ? Number(process.argv[epochsAt + 1]) : 350;
const dataset = rawDir ? new dg.data.TUDataset('MUTAG', { rawDir }) : await dg.data.TUDataset.load('MUTAG');
const hidden = 32, numLayers = 5;

/** Linear, batch norm, ReLU, Linear: GIN's update function. */
class MLP extends dg.nn.Module {
  readonly lin1: dg.nn.Linear;
  readonly norm: dg.nn.BatchNorm1d;
  readonly lin2: dg.nn.Linear;
  constructor(inFeats: number, outFeats: number) {
    super();
    this.lin1 = this.registerModule('lin1', new dg.nn.Linear(inFeats, outFeats));
    this.norm = this.registerModule('norm', new dg.nn.BatchNorm1d(outFeats));
    this.lin2 = this.registerModule('lin2', new dg.nn.Linear(outFeats, outFeats));
  }
  forward(x: dg.Tensor): dg.Tensor {
    return this.lin2.forward(dg.relu(this.norm.forward(this.lin1.forward(x))));
  }
}

class GIN extends dg.nn.Module {
  readonly convs: dg.nn.ModuleList<dg.nn.GINConv>;
  readonly norms: dg.nn.ModuleList<dg.nn.BatchNorm1d>;
  readonly predict: dg.nn.ModuleList<dg.nn.Linear>;
  readonly dropout = this.registerModule('dropout', new dg.nn.Dropout(0.5));
  constructor(inFeats: number, classes: number) {
    super();
    const sizes = [inFeats, ...new Array<number>(numLayers - 1).fill(hidden)];
    this.convs = this.registerModule('convs', new dg.nn.ModuleList(sizes.slice(0, -1).map((s) =>
      new dg.nn.GINConv({ applyFunc: new MLP(s, hidden), aggregatorType: 'sum', initEps: 0, learnEps: false }))));
    this.norms = this.registerModule('norms', new dg.nn.ModuleList(sizes.slice(1).map(() => new dg.nn.BatchNorm1d(hidden))));
    this.predict = this.registerModule('predict', new dg.nn.ModuleList(sizes.map((s) => new dg.nn.Linear(s, classes))));
  }
  forward(g: dg.Graph, x: dg.Tensor): dg.Tensor {
    let h = x;
    let score = this.dropout.forward(this.predict.get(0).forward(dg.sumNodes(g, h)));
    for (let l = 0; l < this.convs.length; l++) {
      h = dg.relu(this.norms.get(l).forward(this.convs.get(l).forward(g, h)));
      score = dg.add(score, this.dropout.forward(this.predict.get(l + 1).forward(dg.sumNodes(g, h))));
    }
    return score;
  }
}

dg.manualSeed(0);
const order = Array.from(dg.randperm(dataset.length).data);
const testIds = order.slice(0, Math.round(dataset.length / 10)), trainIds = order.slice(testIds.length);
const batchOf = (ids: number[]): [dg.Graph, dg.Tensor] => {
  const items = ids.map((i) => dataset.get(i));
  return [dg.batch(items.map(([g]) => g)), dg.tensor(Int32Array.from(items, ([, y]) => y))];
};
const [testGraph, testLabels] = batchOf(testIds);

const model = new GIN(dataset.numFeatures, dataset.numClasses);
const optimizer = new dg.optim.Adam(model.parameters(), { lr: 0.01 });
const scheduler = new dg.optim.StepLR(optimizer, { stepSize: 50, gamma: 0.5 });
for (let epoch = 1; epoch <= epochs; epoch++) {
  model.train();
  const shuffled = Array.from(dg.randperm(trainIds.length).data, (i) => trainIds[i]);
  let total = 0;
  for (let b = 0; b < shuffled.length; b += 32) {
    const [g, y] = batchOf(shuffled.slice(b, b + 32));
    const loss = dg.crossEntropy(model.forward(g, g.ndata.get('feat')), y);
    optimizer.zeroGrad();
    loss.backward();
    optimizer.step();
    total += loss.item();
  }
  scheduler.step();
  if (epoch % 50 === 0) console.log(`epoch ${epoch}  loss ${(total / Math.ceil(shuffled.length / 32)).toFixed(4)}`);
}
model.eval();
const pred = dg.noGrad(() => dg.argmax(model.forward(testGraph, testGraph.ndata.get('feat')), 1));
const correct = Array.from(pred.data).filter((p, i) => p === testLabels.data[i]).length;
console.log(`test accuracy ${(correct / testIds.length).toFixed(4)} on ${testIds.length} held-out graphs`);
