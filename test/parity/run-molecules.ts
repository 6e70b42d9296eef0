// Trains graph-regression models on ogbg-molesol (scaffold split) and prints JSON lines:
//   node dist/test/parity/run-molecules.js <model: mlp|pna|graphormer|gine> [epochs] [seeds] [firstSeed]
// RMSE in the label's units at the epoch of the best validation RMSE (labels standardised for training).
import * as dg from '../../src/index.js';
import { sharedData } from '../data/shared-data.js';
import { readOgbGraphs, type OgbGraphSet } from './ogb-csv.js';
import { GINEModel, GraphormerModel, MLPBaseline, PNAModel, type GraphModel } from './molecule-models.js';

export function pnaDelta(set: OgbGraphSet): number {
  let s = 0, n = 0;
  for (const i of set.split.train) for (const d of set.graphs[i].inDegrees()) { s += Math.log(d + 1); n++; }
  return s / n;
}

export function makeModel(name: string, set: OgbGraphSet): GraphModel {
  switch (name) {
    case 'mlp': return new MLPBaseline(set.atomDims);
    case 'pna': return new PNAModel(set.atomDims, set.bondDims, pnaDelta(set));
    case 'graphormer': return new GraphormerModel(set.atomDims);
    case 'gine': return new GINEModel(set.atomDims, set.bondDims);
    default: throw new Error(`unknown model '${name}'`);
  }
}

export function trainRegression(model: GraphModel, set: OgbGraphSet, epochs: number, seed: number, batchSize = 32): { valRmse: number; testRmse: number; epoch: number } {
  const gen = new dg.Generator(seed);
  const train = Array.from(set.split.train);
  const ys = train.map((i) => set.labels[i]);
  const mean = ys.reduce((a, b) => a + b, 0) / ys.length;
  const std = Math.sqrt(ys.reduce((a, b) => a + (b - mean) ** 2, 0) / ys.length);
  const opt = new dg.optim.Adam(model.parameters(), { lr: 1e-3 });
  const rmse = (idx: Int32Array): number => {
    model.eval();
    let se = 0;
    for (let s = 0; s < idx.length; s += 128) {
      const part = Array.from(idx.subarray(s, s + 128));
      const pred = dg.noGrad(() => model.forward(dg.batch(part.map((i) => set.graphs[i]))));
      part.forEach((gi, k) => { se += (pred.data[k] * std + mean - set.labels[gi]) ** 2; });
    }
    return Math.sqrt(se / idx.length);
  };
  let best = { valRmse: Infinity, testRmse: Infinity, epoch: -1 };
  for (let epoch = 0; epoch < epochs; epoch++) {
    model.train();
    for (let i = train.length - 1; i > 0; i--) { const j = gen.nextInt(i + 1); [train[i], train[j]] = [train[j], train[i]]; }
    for (let s = 0; s < train.length; s += batchSize) {
      const part = train.slice(s, s + batchSize);
      if (part.length < 2) continue; // batch norm needs two graphs' worth of rows
      const target = dg.tensor(Float32Array.from(part, (i) => (set.labels[i] - mean) / std), { shape: [part.length, 1] });
      const loss = dg.mseLoss(model.forward(dg.batch(part.map((i) => set.graphs[i]))), target);
      opt.zeroGrad(); loss.backward(); opt.step();
    }
    const val = rmse(set.split.valid);
    if (val < best.valRmse) best = { valRmse: val, testRmse: rmse(set.split.test), epoch };
  }
  return best;
}

if (process.argv[1]?.endsWith('run-molecules.js')) {
  const [name = 'mlp', epochs = '50', seeds = '1', first = '0'] = process.argv.slice(2);
  const set = readOgbGraphs(sharedData('ogb', 'ogbg_molesol'));
  for (let seed = Number(first); seed < Number(first) + Number(seeds); seed++) {
    dg.manualSeed(seed);
    const t0 = Date.now();
    const r = trainRegression(makeModel(name, set), set, Number(epochs), seed);
    console.log(JSON.stringify({ dataset: 'ogbg-molesol', model: name, seed, epochs: Number(epochs), bestEpoch: r.epoch,
      valRmse: +r.valRmse.toFixed(4), testRmse: +r.testRmse.toFixed(4), seconds: Math.round((Date.now() - t0) / 1000) }));
  }
}
