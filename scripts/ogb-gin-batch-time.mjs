#!/usr/bin/env node
// CPU time of one training batch of OGB's GIN with a virtual node (deepgraph train --data's model: 5
// layers, 300 hidden, batch 32, Adam 1e-3), split into batching, forward (with the loss), backward and
// the Adam step, averaged over --batches after 3 warm-up batches; native kernels on --threads (default 1).
// The PyTorch side of the same measurement: scripts/ogb-gin-pyg.py FOLDER --time-batches N.
//   node scripts/ogb-gin-batch-time.mjs ../shared/data/ogb/ogbg_molbace --batches 20
import path from 'node:path';
import { parseArgs } from 'node:util';
import { setNumThreads } from '../dist/src/kernels/native/index.js';
import { OgbGraphPropPredDataset } from '../dist/src/data/ogb/graph-prop.js';
import { OgbGINVirtual } from '../dist/src/cli/ogb-gin-model.js';
import { GraphDataLoader } from '../dist/src/dataloading/graph-data-loader.js';
import { Adam } from '../dist/src/optim/adam.js';
import { manualSeed } from '../dist/src/tensor/random.js';
import { binaryCrossEntropyWithLogits, mseLoss } from '../dist/src/tensor/loss.js';
import { maskedSelect } from '../dist/src/tensor/indexing.js';
import { Tensor } from '../dist/src/tensor/tensor.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { batches: { type: 'string' }, threads: { type: 'string' } } });
if (positionals.length !== 1) throw new Error('usage: ogb-gin-batch-time.mjs OGB_FOLDER [--batches N] [--threads T]');
const folder = path.resolve(positionals[0]), count = Number(values.batches ?? 20);
setNumThreads(Number(values.threads ?? 1));
const ds = new OgbGraphPropPredDataset(path.basename(folder).replace('_', '-'), { root: path.dirname(folder) });
const classification = ds.evalMetric === 'rocauc' || ds.evalMetric === 'ap';
manualSeed(0);
const train = [...ds.getIdxSplit().train].map((i) => ds.get(i));
const loader = new GraphDataLoader(train, { batchSize: 32, shuffle: true, seed: 0 });
const model = new OgbGINVirtual(ds.numTasks, { numLayers: 5, embDim: 300, dropout: 0.5 });
const opt = new Adam(model.parameters(), { lr: 1e-3 });
model.train();
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e3; };
const phases = { batch: 0, forward: 0, backward: 0, step: 0 };
let done = -3, nodes = 0, cpu0 = 0, wall0 = 0;
while (done < count) {
  let c = cpu();
  for (const [g, y] of loader) {
    if (done === 0) { cpu0 = c; wall0 = performance.now(); nodes = 0; for (const k in phases) phases[k] = 0; }
    const c1 = cpu();
    const mask = new Uint8Array(y.size);
    for (let i = 0; i < y.size; i++) mask[i] = Number.isNaN(y.data[i]) ? 0 : 1;
    const m = new Tensor(mask, y.shape, 'bool'), pred = maskedSelect(model.forward(g), m), target = maskedSelect(y, m);
    const loss = classification ? binaryCrossEntropyWithLogits(pred, target) : mseLoss(pred, target);
    const c2 = cpu();
    opt.zeroGrad();
    loss.backward();
    const c3 = cpu();
    opt.step();
    loss.item();
    const c4 = cpu();
    phases.batch += c1 - c; phases.forward += c2 - c1; phases.backward += c3 - c2; phases.step += c4 - c3;
    nodes += g.numNodes();
    if (++done === count) break;
    c = cpu();
  }
}
const per = (v) => Math.round(v / count * 10) / 10;
console.log(JSON.stringify({
  framework: 'deepgraph', dataset: path.basename(folder), threads: Number(values.threads ?? 1), batches: count, nodesPerBatch: nodes / count,
  cpuMsPerBatch: per(cpu() - cpu0), wallMsPerBatch: per(performance.now() - wall0), phasesCpuMs: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, per(v)])),
}));
