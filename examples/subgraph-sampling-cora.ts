/**
 * Cora trained with the subgraph and layer samplers: Cluster-GCN (METIS clusters batched), GraphSAINT
 * (random-walk subgraphs with its normalisation), LABOR and, for comparison, NeighborSampler.
 * Prints the test accuracy of the epoch with the best validation accuracy, per seed and the mean.
 *
 *   npm install                                      # builds dist/ (or: npx tsc -p tsconfig.json)
 *   node dist/examples/subgraph-sampling-cora.js ../shared/data/planetoid/raw --sampler cluster-gcn|saint|labor|neighbor [--epochs N] [--seeds K] [--fanouts 5,10]
 *
 * The argument is the folder holding ind.cora.*; without it the files are downloaded into
 * ~/.deepgraph/data when online. In your own project, import from 'deepgraph' instead.
 */
import * as dg from 'deepgraph';

import { pathToFileURL } from 'node:url';

/** Which sampler trains the model. */
export type SamplerName = 'cluster-gcn' | 'saint' | 'labor' | 'neighbor';

/** Cora with self loops and row-normalised features, and its public split. */
export interface CoraTask { g: dg.Graph; numClasses: number; train: Int32Array; val: Int32Array; test: Int32Array }

/** Loads Cora from the folder holding ind.cora.* (downloads when rawDir is undefined and online). */
export async function coraTask(rawDir?: string): Promise<CoraTask> {
  const opts = { transform: dg.data.compose(dg.data.normalizeFeatures(), (g: dg.Graph) => dg.addSelfLoop(g)) };
  const dataset = rawDir ? new dg.data.CoraGraphDataset({ ...opts, rawDir }) : await dg.data.CoraGraphDataset.load(opts);
  const g = dataset.get(0);
  const indices = (mask: string): Int32Array => Int32Array.from(Array.from(g.ndata.get(mask).data).flatMap((m, i) => (m ? [i] : [])));
  return { g, numClasses: dataset.numClasses, train: indices('trainMask'), val: indices('valMask'), test: indices('testMask') };
}

/** Two GraphConv layers; SAINT runs them unnormalised on its own edge weights. */
class GCN extends dg.nn.Module {
  readonly conv1: dg.nn.GraphConv;
  readonly conv2: dg.nn.GraphConv;
  readonly dropout = new dg.nn.Dropout(0.5);
  constructor(inFeats: number, classes: number, norm: 'both' | 'none') {
    super();
    this.conv1 = this.registerModule('conv1', new dg.nn.GraphConv(inFeats, 64, { norm }));
    this.conv2 = this.registerModule('conv2', new dg.nn.GraphConv(64, classes, { norm }));
    this.registerModule('dropout', this.dropout);
  }
  forward(graph: dg.Graph, x: dg.Tensor, edgeWeight?: dg.Tensor): dg.Tensor {
    const h = dg.relu(this.conv1.forward(graph, this.dropout.forward(x), { edgeWeight }));
    return this.conv2.forward(graph, this.dropout.forward(h), { edgeWeight });
  }
}

/** GraphSAGE (mean) over blocks or the whole graph, for LABOR and NeighborSampler. */
class SAGE extends dg.nn.Module {
  readonly convs: dg.nn.SAGEConv[];
  readonly dropout = new dg.nn.Dropout(0.5);
  constructor(inFeats: number, classes: number, layers: number) {
    super();
    const dims = [inFeats, ...new Array<number>(layers - 1).fill(64), classes];
    this.convs = dims.slice(1).map((d, l) => this.registerModule(`conv${l}`, new dg.nn.SAGEConv(dims[l], d, 'mean')));
    this.registerModule('dropout', this.dropout);
  }
  forward(graphs: dg.Graph[], x: dg.Tensor): dg.Tensor {
    let h = x;
    this.convs.forEach((c, l) => {
      h = c.forward(graphs[l], this.dropout.forward(h));
      if (l < this.convs.length - 1) h = dg.relu(h);
    });
    return h;
  }
}

/** Mean-aggregation weights 1/inDeg(dst) of the full graph, optionally times SAINT's edgeNorm. */
function meanWeights(inDeg: Int32Array, graph: dg.Graph, norm?: dg.Tensor): dg.Tensor {
  const [, dst] = graph.edges();
  const nid = graph.ndata.has('_ID') ? graph.ndata.get('_ID').data : null;
  return new dg.Tensor(Float32Array.from(dst, (d, e) => (norm ? norm.data[e] : 1) / inDeg[nid ? nid[d] : d]), [dst.length], 'float32');
}

/** Options of `trainOnCora`. */
export interface SamplerRunOptions { epochs?: number; seed?: number; fanouts?: number[] }

/** Trains with one sampler; returns the test accuracy at the epoch of best validation accuracy. */
export function trainOnCora(task: CoraTask, which: SamplerName, opts: SamplerRunOptions = {}): number {
  const { g, train, val, test } = task;
  const seed = opts.seed ?? 0, fanouts = opts.fanouts ?? [5, 10];
  const epochs = opts.epochs ?? (which === 'labor' || which === 'neighbor' ? 30 : 100);
  const feat = g.ndata.get('feat'), labels = g.ndata.get('label'), inDeg = g.inDegrees();
  const accuracy = (logits: dg.Tensor, idx: Int32Array): number => {
    const pred = dg.argmax(logits, 1).data;
    return idx.reduce((n, i) => n + (pred[i] === labels.data[i] ? 1 : 0), 0) / idx.length;
  };
  dg.manualSeed(seed);
  const useSage = which === 'labor' || which === 'neighbor';
  const model = useSage ? new SAGE(feat.shape[1], task.numClasses, fanouts.length) : new GCN(feat.shape[1], task.numClasses, which === 'saint' ? 'none' : 'both');
  const optimizer = new dg.optim.Adam(model.parameters(), { lr: 0.01, weightDecay: 5e-4 });
  const full = (): dg.Tensor => (model instanceof SAGE ? model.forward(new Array(fanouts.length).fill(g), feat)
    : which === 'saint' ? model.forward(g, feat, meanWeights(inDeg, g)) : model.forward(g, feat));
  const step = (loss: dg.Tensor): void => { optimizer.zeroGrad(); loss.backward(); optimizer.step(); };
  const isTrain = g.ndata.get('trainMask').data;
  const clusterSampler = which === 'cluster-gcn' ? new dg.ClusterGCNSampler(g, 40, { seed }) : null;
  let best = -1, testAtBest = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    model.train();
    if (which === 'cluster-gcn') {
      for (const sub of new dg.DataLoader(g, Int32Array.from({ length: 40 }, (_, i) => i), clusterSampler!, { batchSize: 10, shuffle: true, seed: seed * 1000 + epoch })) {
        const nid = sub.ndata.get('_ID').data;
        const local = Int32Array.from(nid.keys()).filter((i) => isTrain[nid[i]]);
        if (local.length === 0) continue;
        const out = (model as GCN).forward(sub, sub.ndata.get('feat'));
        step(dg.crossEntropy(dg.indexSelect(out, 0, local), dg.indexSelect(sub.ndata.get('label'), 0, local)));
      }
    } else if (which === 'saint') {
      const sampler = new dg.SAINTSampler('walk', [1000, 2], { normSeed: seed });
      for (const sub of new dg.DataLoader(g, Int32Array.from({ length: 4 }, (_, i) => i), sampler, { batchSize: 1, seed: seed * 1000 + epoch })) {
        const nid = sub.ndata.get('_ID').data;
        const local = Int32Array.from(nid.keys()).filter((i) => isTrain[nid[i]]);
        if (local.length === 0) continue;
        const out = (model as GCN).forward(sub, sub.ndata.get('feat'), meanWeights(inDeg, sub, sub.edata.get('edgeNorm')));
        const ce = dg.crossEntropy(dg.indexSelect(out, 0, local), dg.indexSelect(sub.ndata.get('label'), 0, local), { reduction: 'none' });
        const w = dg.indexSelect(sub.ndata.get('nodeNorm'), 0, local);
        // GraphSAINT's loss normalisation, self-normalised to a weighted mean.
        step(dg.div(dg.sum(dg.mul(ce, w)), dg.sum(w)));
      }
    } else {
      const sampler = which === 'labor' ? new dg.LaborSampler(fanouts) : new dg.NeighborSampler(fanouts);
      for (const [input, output, blocks] of new dg.DataLoader(g, train, sampler, { batchSize: 20, shuffle: true, seed: seed * 1000 + epoch })) {
        const out = (model as SAGE).forward(blocks, dg.indexSelect(feat, 0, input as dg.Tensor));
        step(dg.crossEntropy(out, dg.indexSelect(labels, 0, output as dg.Tensor)));
      }
    }
    model.eval();
    const logits = dg.noGrad(full);
    const v = accuracy(logits, val);
    if (v > best) { best = v; testAtBest = accuracy(logits, test); }
  }
  return testAtBest;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name: string, dflt: string): string => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : dflt; };
  const rawDir = process.argv[2]?.startsWith('--') ? undefined : process.argv[2];
  const which = arg('sampler', 'cluster-gcn') as SamplerName;
  if (!['cluster-gcn', 'saint', 'labor', 'neighbor'].includes(which)) throw new Error(`--sampler must be cluster-gcn, saint, labor or neighbor, got '${which}'`);
  const epochsArg = process.argv.includes('--epochs') ? Number(arg('epochs', '0')) : undefined;
  const numSeeds = Number(arg('seeds', '3'));
  const fanouts = arg('fanouts', '5,10').split(',').map(Number);
  const task = await coraTask(rawDir);
  const accs: number[] = [];
  for (let s = 0; s < numSeeds; s++) {
    accs.push(trainOnCora(task, which, { seed: s, fanouts, ...(epochsArg === undefined ? {} : { epochs: epochsArg }) }));
    console.log(`${which} seed ${s}: test accuracy ${accs[s].toFixed(4)}`);
  }
  console.log(`${which}: mean test accuracy ${(accs.reduce((a, b) => a + b, 0) / accs.length).toFixed(4)} over ${numSeeds} seeds`);
}
