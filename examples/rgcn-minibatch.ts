/**
 * Minibatch R-GCN entity classification on AIFB (or MUTAG) over the typed graph, as DGL's
 * rgcn-hetero/entity_classify_mb.py: a NeighborSampler with a fanout per edge type, a DataLoader over
 * { category: trainIds } seeds, blocks with one node set per type, and per layer a HeteroGraphConv
 * of GraphConv (norm 'right', its own weight per relation) plus a self-loop weight. The input is a
 * learned embedding per node of every type (HeteroEmbedding; AIFB's nodes have no features),
 * looked up for each batch's input nodes. The test nodes are scored with every neighbour
 * (MultiLayerFullNeighborSampler). Prints each seed's test accuracy and the mean ± std.
 *
 *   npm run build && node dist/examples/rgcn-minibatch.js [--dataset aifb|mutag] [--data-dir DIR] [--epochs 20]
 *     [--fanout 8] [--batch-size 32] [--hidden 16] [--lr 0.01] [--dropout 0] [--weight-decay 0] [--seeds 1] [--workers 0]
 *
 * DIR holds the dataset's .nt.gz, trainingSet.tsv and testSet.tsv; without it they are downloaded.
 */
import * as dg from 'deepgraph';

const { nn, optim, data } = dg;

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

type Features = Record<string, dg.Tensor>;

/** One R-GCN layer on typed blocks: Σ_r mean-normalised messages W_r h_u, plus W_0 h_v, plus bias (DGL's RelGraphConvLayer). */
class RelGraphConvLayer extends nn.Module {
  readonly conv: dg.nn.HeteroGraphConv;
  readonly loop: dg.nn.Linear;

  constructor(etypes: readonly dg.CanonicalEtype[], inFeats: number, outFeats: number,
    private readonly activation: ((x: dg.Tensor) => dg.Tensor) | null, private readonly dropout: number) {
    super();
    this.conv = this.registerModule('conv', new nn.HeteroGraphConv(etypes.map((c): [string, dg.nn.Module] =>
      [c.join(':'), new nn.GraphConv(inFeats, outFeats, { norm: 'right', bias: false })]), 'sum'));
    this.loop = this.registerModule('loop', new nn.Linear(inFeats, outFeats));
    nn.init.xavierUniform(this.loop.weight, nn.init.calculateGain('relu'));
  }

  forward(block: dg.Graph, h: Features): Features {
    const out = this.conv.forward(block, h);
    const result: Features = {};
    for (const t of block.dsttypes) {
      if (!(t in h)) continue;
      const self = this.loop.forward(dg.narrow(h[t], 0, 0, block.numDstNodes(t)));
      let x = out[t] === undefined ? self : dg.add(out[t], self);
      if (this.activation !== null) x = this.activation(x);
      result[t] = dg.dropout(x, this.dropout, this.training);
    }
    return result;
  }
}

class EntityRGCN extends nn.Module {
  readonly emb: dg.nn.HeteroEmbedding;
  readonly layer1: RelGraphConvLayer;
  readonly layer2: RelGraphConvLayer;

  constructor(hg: dg.Graph, hidden: number, numClasses: number, dropout: number) {
    super();
    this.emb = this.registerModule('emb', new nn.HeteroEmbedding(Object.fromEntries(hg.ntypes.map((t) => [t, hg.numNodes(t)])), hidden));
    for (const w of Object.values(this.emb.weight)) nn.init.xavierUniform(w, nn.init.calculateGain('relu'));
    this.layer1 = this.registerModule('layer1', new RelGraphConvLayer(hg.canonicalEtypes, hidden, hidden, dg.relu, dropout));
    this.layer2 = this.registerModule('layer2', new RelGraphConvLayer(hg.canonicalEtypes, hidden, numClasses, null, 0));
  }

  /** Logits of the last block's destination nodes of type `category`. */
  forward(inputNodes: Record<string, dg.Tensor>, blocks: dg.Graph[], category: string): dg.Tensor {
    const ids = Object.fromEntries(Object.entries(inputNodes).filter(([, v]) => v.shape[0] > 0));
    const h = this.layer2.forward(blocks[1], this.layer1.forward(blocks[0], this.emb.forward(ids)));
    return h[category];
  }
}

async function main(): Promise<void> {
  const dataDir = process.argv.includes('--data-dir') ? option('data-dir', '') : undefined;
  const name = option('dataset', 'aifb');
  if (name !== 'aifb' && name !== 'mutag') throw new Error(`--dataset must be aifb or mutag, got '${name}'`);
  const epochs = Number(option('epochs', '20')), seeds = Number(option('seeds', '1')), fanout = Number(option('fanout', '8'));
  const batchSize = Number(option('batch-size', '32')), hidden = Number(option('hidden', '16')), lr = Number(option('lr', '0.01'));
  const dropout = Number(option('dropout', '0')), weightDecay = Number(option('weight-decay', '0')), numWorkers = Number(option('workers', '0'));
  const Dataset = name === 'aifb' ? data.AIFBDataset : data.MUTAGDataset;
  const ds = dataDir === undefined ? await Dataset.load() : new Dataset({ rawDir: dataDir });
  const hg = ds.graph, category = ds.predictCategory;
  // One fanout per edge type, by name (every relation here gets the same; a map may differ per type).
  const fanouts = Object.fromEntries(hg.canonicalEtypes.map((c) => [c.join(':'), fanout]));
  const sampler = new dg.NeighborSampler([fanouts, fanouts], { prefetchLabels: ['label'] });
  console.log(`${name}: ${hg.ntypes.length} node types, ${hg.canonicalEtypes.length} relations, ${ds.trainIdx.length} train / ${ds.testIdx.length} test; ` +
    `fanout ${fanout} per edge type, batch ${batchSize}`);
  const results: number[] = [];
  for (let seed = 0; seed < seeds; seed++) {
    dg.manualSeed(seed);
    const model = new EntityRGCN(hg, hidden, ds.numClasses, dropout);
    const opt = new optim.Adam(model.parameters(), { lr, weightDecay });
    const loader = new dg.DataLoader(hg, { [category]: ds.trainIdx }, sampler, { batchSize, shuffle: true, seed, numWorkers });
    const start = Date.now();
    for (let epoch = 1; epoch <= epochs; epoch++) {
      model.train();
      let total = 0;
      for await (const [inputNodes, , blocks] of loader) {
        const logits = model.forward(inputNodes as Record<string, dg.Tensor>, blocks, category);
        const loss = dg.crossEntropy(logits, blocks[1].dstFrame(category).get('label'));
        opt.zeroGrad();
        loss.backward();
        opt.step();
        total += loss.item();
      }
      if (seeds === 1 && (epoch % 5 === 0 || epoch === epochs)) console.log(`epoch ${epoch}: mean batch loss ${(total / loader.length).toFixed(4)}`);
    }
    model.eval();
    const full = new dg.MultiLayerFullNeighborSampler(2, { prefetchLabels: ['label'] });
    const [inputNodes, , blocks] = full.sample(hg, { [category]: ds.testIdx }, { seed });
    const logits = dg.noGrad(() => model.forward(inputNodes as Record<string, dg.Tensor>, blocks, category));
    const y = blocks[1].dstFrame(category).get('label'), pred = dg.argmax(logits, 1);
    let hit = 0;
    for (let i = 0; i < y.size; i++) hit += pred.data[i] === y.data[i] ? 1 : 0;
    results.push(hit / y.size);
    console.log(`seed ${seed}: test accuracy ${(hit / y.size).toFixed(4)} (${((Date.now() - start) / epochs).toFixed(0)} ms / epoch)`);
  }
  const mean = results.reduce((a, b) => a + b, 0) / results.length;
  const std = Math.sqrt(results.reduce((a, b) => a + (b - mean) ** 2, 0) / results.length);
  console.log(`test accuracy over ${seeds} seed(s): ${(100 * mean).toFixed(2)} ± ${(100 * std).toFixed(2)} %`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
