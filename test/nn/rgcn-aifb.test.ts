import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { AIFBDataset } from '../../src/data/index.js';
import { Embedding, RelGraphConv, init } from '../../src/nn/index.js';
import { Adam } from '../../src/optim/index.js';
import { sharedData } from '../data/shared-data.js';

// R-GCN on AIFB as in examples/rgcn-hetero.ts, shortened to 20 epochs (the train accuracy is 1 by then).
// The paper reports 95.83% test accuracy; over seeds 0-9 the 50-epoch example gave 88.9-97.2% (mean 93.1%).
test('R-GCN (two RelGraphConv layers) learns AIFB entity classification: test accuracy near the published 95.8%', () => {
  const ds = new AIFBDataset({ rawDir: sharedData('rdf', 'aifb') });
  const hg = ds.graph;
  for (const c of hg.canonicalEtypes) {
    const deg = hg.inDegrees(undefined, c), [, dst] = hg.edges({ etype: c });
    hg.edgeFrame(c).set('norm', dg.tensor(Float32Array.from(dst, (v) => 1 / deg[v]), { shape: [dst.length, 1] }));
  }
  const g = dg.toHomogeneous(hg, { edata: ['norm'] });
  const etypes = g.edata.get(dg.ETYPE), norm = g.edata.get('norm');
  const offset = hg.ntypes.slice(0, hg.ntypes.indexOf('Personen')).reduce((a, t) => a + hg.numNodes(t), 0);
  const labels = hg.nodeFrame('Personen').get('label');
  const shift = (ids: Int32Array): Int32Array => ids.map((v) => v + offset);
  const trainY = dg.indexSelect(labels, 0, ds.trainIdx), testY = dg.indexSelect(labels, 0, ds.testIdx);

  dg.manualSeed(0);
  const R = hg.canonicalEtypes.length;
  const emb = new Embedding(g.numNodes(), 16);
  init.xavierUniform(emb.weight, init.calculateGain('relu'));
  const conv1 = new RelGraphConv(16, 16, R), conv2 = new RelGraphConv(16, ds.numClasses, R);
  const forward = (): dg.Tensor => conv2.forward(g, dg.relu(conv1.forward(g, emb.weight, etypes, { norm })), etypes, { norm });
  const opt = new Adam([...emb.parameters(), ...conv1.parameters(), ...conv2.parameters()], { lr: 0.01 });
  const accuracy = (logits: dg.Tensor, y: dg.Tensor): number => {
    const pred = dg.argmax(logits, 1);
    return [...y.data].filter((v, i) => pred.data[i] === v).length / y.size;
  };
  let first = 0, last = 0;
  for (let epoch = 0; epoch < 20; epoch++) {
    const loss = dg.crossEntropy(dg.indexSelect(forward(), 0, shift(ds.trainIdx)), trainY);
    if (epoch === 0) first = loss.item();
    last = loss.item();
    opt.zeroGrad(); loss.backward(); opt.step();
  }
  const logits = dg.noGrad(forward);
  assert.ok(last < first / 10, `training loss fell from ${first} to ${last}`);
  assert.ok(accuracy(dg.indexSelect(logits, 0, shift(ds.trainIdx)), trainY) > 0.98);
  const acc = accuracy(dg.indexSelect(logits, 0, shift(ds.testIdx)), testY);
  // 36 test persons: one miss is 2.8 points. 0.86 is well below the paper's 0.958 and well above chance (0.42 majority class).
  assert.ok(acc >= 0.86, `test accuracy ${acc}`);
});
