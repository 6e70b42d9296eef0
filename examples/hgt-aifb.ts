/**
 * Entity classification with the Heterogeneous Graph Transformer (Hu et al. 2020) on AIFB (or MUTAG): a
 * learned embedding per node (the featureless input), two HGTConv layers (type-specific K/Q/V,
 * relation attention and messages, skip gate) and a linear classifier on the labelled category (AIFB's Personen), Adam
 * (lr 0.01, weight decay 5e-4) for 50 epochs. Prints the test accuracy of each seed and their mean.
 *
 *   npm run build && node dist/examples/hgt-aifb.js [--dataset aifb|mutag] [--data-dir DIR] [--epochs 50] [--seeds 1] [--hidden 16] [--heads 2] [--lr 0.01] [--dropout 0.2] [--weight-decay 5e-4] [--use-norm]
 *
 * DIR holds the dataset's .nt.gz, trainingSet.tsv and testSet.tsv; without it they are downloaded.
 */
import * as dg from '../src/index.js';

const { nn, optim, data } = dg;

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

class HGT extends nn.Module {
  readonly emb: dg.nn.Embedding;
  readonly conv1: dg.nn.HGTConv;
  readonly conv2: dg.nn.HGTConv;
  readonly out: dg.nn.Linear;

  constructor(numNodes: number, hidden: number, heads: number, numClasses: number, numNtypes: number, numEtypes: number, dropout: number, useNorm: boolean) {
    super();
    this.emb = this.registerModule('emb', new nn.Embedding(numNodes, hidden));
    nn.init.xavierUniform(this.emb.weight, nn.init.calculateGain('relu'));
    const headSize = hidden / heads;
    this.conv1 = this.registerModule('conv1', new nn.HGTConv(hidden, headSize, heads, numNtypes, numEtypes, { dropout, useNorm }));
    this.conv2 = this.registerModule('conv2', new nn.HGTConv(hidden, headSize, heads, numNtypes, numEtypes, { dropout, useNorm }));
    this.out = this.registerModule('out', new nn.Linear(hidden, numClasses));
  }

  forward(g: dg.Graph, ntype: dg.Tensor, etype: dg.Tensor, rows: Int32Array): dg.Tensor {
    const h = dg.relu(this.conv1.forward(g, this.emb.weight, ntype, etype, { presorted: true }));
    const h2 = this.conv2.forward(g, h, ntype, etype, { presorted: true });
    return this.out.forward(dg.indexSelect(h2, 0, rows));
  }
}

async function main(): Promise<void> {
  const dataDir = process.argv.includes('--data-dir') ? option('data-dir', '') : undefined;
  const epochs = Number(option('epochs', '50')), seeds = Number(option('seeds', '1'));
  const hidden = Number(option('hidden', '16')), heads = Number(option('heads', '2'));
  const lr = Number(option('lr', '0.01')), dropout = Number(option('dropout', '0.2')), weightDecay = Number(option('weight-decay', '5e-4'));
  const name = option('dataset', 'aifb');
  if (name !== 'aifb' && name !== 'mutag') throw new Error(`--dataset must be aifb or mutag, got '${name}'`);
  const Dataset = name === 'aifb' ? data.AIFBDataset : data.MUTAGDataset;
  const ds = dataDir === undefined ? await Dataset.load() : new Dataset({ rawDir: dataDir });
  const hg = ds.graph, category = ds.predictCategory;
  // toHomogeneous numbers nodes type by type, so node types are sorted (presorted for the node projections).
  const g = dg.toHomogeneous(hg);
  const ntype = g.ndata.get(dg.NTYPE), etype = g.edata.get(dg.ETYPE);
  let offset = 0;
  for (const t of hg.ntypes) { if (t === category) break; offset += hg.numNodes(t); }
  const labels = hg.nodeFrame(category).get('label');
  const trainIds = Int32Array.from(ds.trainIdx, (v) => v + offset), testIds = Int32Array.from(ds.testIdx, (v) => v + offset);
  const trainLabels = dg.indexSelect(labels, 0, ds.trainIdx), testLabels = dg.indexSelect(labels, 0, ds.testIdx);
  const accuracy = (logits: dg.Tensor, y: dg.Tensor): number => {
    const pred = dg.argmax(logits, 1);
    let hit = 0;
    for (let i = 0; i < y.size; i++) hit += pred.data[i] === y.data[i] ? 1 : 0;
    return hit / y.size;
  };
  console.log(`${name}: ${g.numNodes()} nodes of ${hg.ntypes.length} types, ${g.numEdges()} edges of ${hg.canonicalEtypes.length} relations, ` +
    `${ds.trainIdx.length} train / ${ds.testIdx.length} test`);
  const results: number[] = [];
  for (let seed = 0; seed < seeds; seed++) {
    dg.manualSeed(seed);
    const model = new HGT(g.numNodes(), hidden, heads, ds.numClasses, hg.ntypes.length, hg.canonicalEtypes.length, dropout, process.argv.includes('--use-norm'));
    const opt = new optim.Adam(model.parameters(), { lr, weightDecay });
    const start = Date.now();
    for (let epoch = 1; epoch <= epochs; epoch++) {
      model.train();
      const logits = model.forward(g, ntype, etype, trainIds);
      const loss = dg.crossEntropy(logits, trainLabels);
      opt.zeroGrad();
      loss.backward();
      opt.step();
      if (seeds === 1 && (epoch % 10 === 0 || epoch === epochs)) {
        console.log(`epoch ${epoch}: loss ${loss.item().toFixed(4)}, train acc ${accuracy(logits, trainLabels).toFixed(4)}`);
      }
    }
    model.eval();
    const acc = accuracy(dg.noGrad(() => model.forward(g, ntype, etype, testIds)), testLabels);
    results.push(acc);
    console.log(`seed ${seed}: test accuracy ${acc.toFixed(4)} (${((Date.now() - start) / epochs).toFixed(0)} ms / epoch)`);
  }
  const mean = results.reduce((a, b) => a + b, 0) / results.length;
  console.log(`mean test accuracy over ${seeds} seed(s): ${mean.toFixed(4)}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
