// GINEConv with bond features trains on ogbg-molbace (OGB's raw CSV layout, read by the
// test-local reader): a binary classifier over a subset of the scaffold training split.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { sharedData } from '../data/shared-data.js';
import { readOgbGraphs } from './ogb-csv.js';
import { GINEModel } from './molecule-models.js';

test('GINEConv model on ogbg-molbace: three epochs over 256 training molecules lower the loss, no error', () => {
  const set = readOgbGraphs(sharedData('ogb', 'ogbg_molbace'));
  assert.equal(set.graphs.length, 1513);
  assert.ok(set.graphs.every((g) => g.edata.get('feat').shape[0] === g.numEdges()));
  dg.manualSeed(0);
  const model = new GINEModel(set.atomDims, set.bondDims, 32, 2);
  const opt = new dg.optim.Adam(model.parameters(), { lr: 1e-3 });
  const ids = Array.from(set.split.train.subarray(0, 256));
  const epochLoss: number[] = [];
  for (let epoch = 0; epoch < 3; epoch++) {
    model.train();
    let total = 0;
    for (let s = 0; s < ids.length; s += 32) {
      const part = ids.slice(s, s + 32);
      const y = dg.tensor(Float32Array.from(part, (i) => set.labels[i]), { shape: [part.length, 1] });
      const loss = dg.binaryCrossEntropyWithLogits(model.forward(dg.batch(part.map((i) => set.graphs[i]))), y);
      opt.zeroGrad(); loss.backward(); opt.step();
      total += loss.item() * part.length;
    }
    epochLoss.push(total / ids.length);
  }
  assert.ok(epochLoss.every(Number.isFinite), `losses ${epochLoss}`);
  assert.ok(epochLoss[2] < epochLoss[0], `training loss ${epochLoss.join(' -> ')} did not fall`);
});
