/**
 * Entity classification with R-GCN (Schlichtkrull et al. 2018) on AIFB, in the paper's AIFB setting:
 * a learned embedding per node (the featureless input), two RelGraphConv layers with one weight
 * matrix per relation (no decomposition; try { regularizer: 'basis', numBases: 30 } on larger
 * graphs) and a self loop, edges normalised by 1 / in-degree per relation, Adam (lr 0.01) for 50 epochs.
 *
 *   npm run build && node dist/examples/rgcn-hetero.js [--data-dir DIR] [--epochs 50] [--seed 0]
 *
 * DIR holds aifb_stripped.nt.gz, trainingSet.tsv and testSet.tsv; without it they are downloaded.
 */
import * as dg from 'deepgraph';

const { nn, optim, data } = dg;
type Embedding = dg.nn.Embedding;
type RelGraphConv = dg.nn.RelGraphConv;

function option(name: string, fallback: string | undefined): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

class RGCN extends nn.Module {
  readonly emb: Embedding;
  readonly conv1: RelGraphConv;
  readonly conv2: RelGraphConv;

  constructor(numNodes: number, hidden: number, numClasses: number, numRels: number) {
    super();
    this.emb = this.registerModule('emb', new nn.Embedding(numNodes, hidden));
    // As DGL's RelGraphEmbed: embeddings start xavier-uniform (relu gain) rather than N(0, 1).
    nn.init.xavierUniform(this.emb.weight, nn.init.calculateGain('relu'));
    this.conv1 = this.registerModule('conv1', new nn.RelGraphConv(hidden, hidden, numRels));
    this.conv2 = this.registerModule('conv2', new nn.RelGraphConv(hidden, numClasses, numRels));
  }

  forward(g: dg.Graph, etypes: dg.Tensor, norm: dg.Tensor): dg.Tensor {
    const h = dg.relu(this.conv1.forward(g, this.emb.weight, etypes, { norm }));
    return this.conv2.forward(g, h, etypes, { norm });
  }
}

async function main(): Promise<void> {
  const dataDir = option('data-dir', undefined);
  const epochs = Number(option('epochs', '50'));
  dg.manualSeed(Number(option('seed', '0')));
  const ds = dataDir === undefined ? await data.AIFBDataset.load() : new data.AIFBDataset({ rawDir: dataDir });
  const hg = ds.graph, category = ds.predictCategory;

  // e_ji = 1 / (in-degree of i in relation r), then one homogeneous graph with a relation id per edge.
  for (const c of hg.canonicalEtypes) {
    const deg = hg.inDegrees(undefined, c), [, dst] = hg.edges({ etype: c });
    hg.edgeFrame(c).set('norm', dg.tensor(Float32Array.from(dst, (v) => 1 / deg[v]), { shape: [dst.length, 1] }));
  }
  const g = dg.toHomogeneous(hg, { edata: ['norm'] });
  const etypes = g.edata.get(dg.ETYPE), norm = g.edata.get('norm');
  let offset = 0;
  for (const t of hg.ntypes) { if (t === category) break; offset += hg.numNodes(t); }
  const labels = hg.nodeFrame(category).get('label');
  const trainIds = Int32Array.from(ds.trainIdx, (v) => v + offset), testIds = Int32Array.from(ds.testIdx, (v) => v + offset);
  const trainLabels = dg.indexSelect(labels, 0, ds.trainIdx), testLabels = dg.indexSelect(labels, 0, ds.testIdx);

  const model = new RGCN(g.numNodes(), 16, ds.numClasses, hg.canonicalEtypes.length);
  const opt = new optim.Adam(model.parameters(), { lr: 0.01 });
  const accuracy = (logits: dg.Tensor, y: dg.Tensor): number => {
    const pred = dg.argmax(logits, 1);
    let hit = 0;
    for (let i = 0; i < y.size; i++) hit += pred.data[i] === y.data[i] ? 1 : 0;
    return hit / y.size;
  };
  console.log(`AIFB: ${g.numNodes()} nodes, ${g.numEdges()} edges, ${hg.canonicalEtypes.length} relations, ` +
    `${ds.trainIdx.length} train / ${ds.testIdx.length} test`);
  const start = Date.now();
  for (let epoch = 1; epoch <= epochs; epoch++) {
    model.train();
    const logits = model.forward(g, etypes, norm);
    const trainLogits = dg.indexSelect(logits, 0, trainIds);
    const loss = dg.crossEntropy(trainLogits, trainLabels);
    opt.zeroGrad();
    loss.backward();
    opt.step();
    if (epoch % 10 === 0 || epoch === epochs) {
      console.log(`epoch ${epoch}: loss ${loss.item().toFixed(4)}, train acc ${accuracy(trainLogits, trainLabels).toFixed(4)}`);
    }
  }
  model.eval();
  const logits = dg.noGrad(() => model.forward(g, etypes, norm));
  console.log(`test accuracy ${accuracy(dg.indexSelect(logits, 0, testIds), testLabels).toFixed(4)} ` +
    `(${((Date.now() - start) / epochs).toFixed(0)} ms / epoch)`);
}

main().catch((e: unknown) => { console.error(e); process.exit(1); });
