/**
 * R-GCN entity classification on AIFB written with the heterograph API, as DGL's
 * examples/pytorch/rgcn-hetero: each layer is a HeteroGraphConv of weightless GraphConv(norm 'right')
 * modules, one per relation name, fed that relation's weight W_r through modKwargs; plus a self loop.
 * The input is a learned embedding per node type; the first layer only aggregates (no W_r), as DGL.
 *
 *   npm run build && node dist/examples/rgcn-hetero-api.js [--data-dir DIR] [--epochs 50] [--seed 0]
 */
import * as dg from 'deepgraph';

const { nn, optim, data } = dg;
type Features = Record<string, dg.Tensor>;

function option(name: string, fallback: string | undefined): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

/** h_i' = act(sum_r mean_{j in N_r(i)} h_j W_r + h_i W_0 + b); without weights, W_r = I. */
class RelGraphConvLayer extends nn.Module {
  readonly conv: dg.nn.HeteroGraphConv;
  readonly weight: dg.nn.Parameter | null;
  readonly loopWeight: dg.nn.Parameter;
  readonly hBias: dg.nn.Parameter;

  constructor(inFeat: number, outFeat: number, readonly relNames: readonly string[], useWeight: boolean,
    private readonly activation: ((x: dg.Tensor) => dg.Tensor) | null) {
    super();
    const mods = Object.fromEntries(relNames.map((r) => [r, new nn.GraphConv(inFeat, outFeat, { norm: 'right', weight: false, bias: false })]));
    this.conv = this.registerModule('conv', new nn.HeteroGraphConv(mods, 'sum'));
    const param = (shape: number[]): dg.nn.Parameter => new nn.Parameter(dg.zeros(shape));
    this.weight = this.registerParameter('weight', useWeight ? param([relNames.length, inFeat, outFeat]) : null);
    this.loopWeight = this.registerParameter('loopWeight', param([inFeat, outFeat]));
    this.hBias = this.registerParameter('hBias', param([outFeat]));
    const gain = nn.init.calculateGain('relu');
    if (this.weight !== null) nn.init.xavierUniform(this.weight, gain);
    nn.init.xavierUniform(this.loopWeight, gain);
  }

  forward(g: dg.Graph, inputs: Features): Features {
    const [, inF, outF] = this.weight?.shape ?? [0, 0, 0];
    const modKwargs = this.weight === null ? {} : Object.fromEntries(this.relNames.map((r, i) =>
      [r, { weight: dg.reshape(dg.narrow(this.weight!, 0, i, 1), [inF, outF]) }]));
    const hs = this.conv.forward(g, inputs, { modKwargs });
    const out: Features = {};
    for (const [ntype, h] of Object.entries(hs)) {
      const y = dg.add(dg.add(h, dg.matmul(inputs[ntype], this.loopWeight)), this.hBias);
      out[ntype] = this.activation === null ? y : this.activation(y);
    }
    return out;
  }
}

async function main(): Promise<void> {
  const dataDir = option('data-dir', undefined);
  const epochs = Number(option('epochs', '50'));
  dg.manualSeed(Number(option('seed', '0')));
  const ds = dataDir === undefined ? await data.AIFBDataset.load() : new data.AIFBDataset({ rawDir: dataDir });
  const g = ds.graph, category = ds.predictCategory, hidden = 16;
  const relNames = [...new Set(g.etypes)].sort();

  const embed = new nn.ModuleDict<dg.nn.Embedding>();
  for (const t of g.ntypes) {
    const e = new nn.Embedding(g.numNodes(t), hidden);
    nn.init.xavierUniform(e.weight, nn.init.calculateGain('relu'));
    embed.set(t, e);
  }
  const layer1 = new RelGraphConvLayer(hidden, hidden, relNames, false, dg.relu);
  const layer2 = new RelGraphConvLayer(hidden, ds.numClasses, relNames, true, null);
  const params = [...embed.parameters(), ...layer1.parameters(), ...layer2.parameters()];
  const forward = (): dg.Tensor => {
    const x = Object.fromEntries(g.ntypes.map((t) => [t, embed.get(t).weight]));
    return layer2.forward(g, layer1.forward(g, x))[category];
  };

  const labels = g.nodeFrame(category).get('label');
  const trainLabels = dg.indexSelect(labels, 0, ds.trainIdx), testLabels = dg.indexSelect(labels, 0, ds.testIdx);
  const accuracy = (logits: dg.Tensor, y: dg.Tensor): number => {
    const pred = dg.argmax(logits, 1);
    let hit = 0;
    for (let i = 0; i < y.size; i++) hit += pred.data[i] === y.data[i] ? 1 : 0;
    return hit / y.size;
  };
  const opt = new optim.Adam(params, { lr: 0.01 });
  console.log(`AIFB: ${g.ntypes.length} node types, ${relNames.length} relation names, ${g.canonicalEtypes.length} relations`);
  const start = Date.now();
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const logits = dg.indexSelect(forward(), 0, ds.trainIdx);
    const loss = dg.crossEntropy(logits, trainLabels);
    opt.zeroGrad();
    loss.backward();
    opt.step();
    if (epoch % 10 === 0 || epoch === epochs) {
      console.log(`epoch ${epoch}: loss ${loss.item().toFixed(4)}, train acc ${accuracy(logits, trainLabels).toFixed(4)}`);
    }
  }
  const logits = dg.noGrad(forward);
  console.log(`test accuracy ${accuracy(dg.indexSelect(logits, 0, ds.testIdx), testLabels).toFixed(4)} ` +
    `(${((Date.now() - start) / epochs).toFixed(0)} ms / epoch)`);
}

main().catch((e: unknown) => { console.error(e); process.exit(1); });
