// DGL's examples/sparse GCN and graph-transformer attention ported to dg.sparse (see
// ported-models.ts): the sparse GCN trains on Cora to the message-passing GCN's accuracy, and the
// sparse attention computes the same function (values and gradients) as its message-passing twin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { loadData } from '../../src/cli/datasets.js';
import { sharedData } from '../data/shared-data.js';
import { expectClose } from '../helpers.js';
import { AttentionClassifier, SparseGCN, normalizedAdjacency, trainNodeModel } from './ported-models.js';

test('sparse GCN (examples/sparse/gcn.py) on Cora: test accuracy >= 79% at the best validation epoch (seed 0)', async () => {
  const data = await loadData('cora', sharedData('planetoid', 'raw'));
  if (data.kind !== 'node') throw new Error('cora is a node dataset');
  const aNorm = normalizedAdjacency(data.graph);
  // D^-1/2 (A + I) D^-1/2 is the GraphConv normalisation on the self-looped graph.
  const looped = dg.addSelfLoop(dg.removeSelfLoop(data.graph));
  const x = dg.randn([data.graph.numNodes(), 3]);
  const conv = new dg.nn.GraphConv(3, 3, { weight: false, bias: false });
  expectClose(dg.sparse.spmm(aNorm, x), conv.forward(looped, x), { atol: 1e-5 });
  dg.manualSeed(0);
  const { test: acc } = trainNodeModel(new SparseGCN(aNorm, data.features.shape[1], data.numClasses), data);
  assert.ok(acc >= 0.79, `sparse GCN test accuracy ${acc}`);
});

test('sparse multi-head attention (bsddmm, softmax, bspmm) equals the message-passing attention on Cora, values and gradients', async () => {
  const data = await loadData('cora', sharedData('planetoid', 'raw'));
  if (data.kind !== 'node') throw new Error('cora is a node dataset');
  const g = dg.addSelfLoop(dg.removeSelfLoop(data.graph));
  const [src, dst] = g.edges();
  const a = dg.sparse.spmatrix([dst, src], { shape: [g.numNodes(), g.numNodes()] });
  dg.manualSeed(1);
  const sparse = new AttentionClassifier(g, a, data.features.shape[1], data.numClasses, false).eval();
  const mp = new AttentionClassifier(g, a, data.features.shape[1], data.numClasses, true).eval();
  mp.loadStateDict(sparse.stateDict());
  const ys = sparse.forward(data.features), ym = mp.forward(data.features);
  expectClose(ys, ym, { atol: 1e-5 });
  ys.sum().backward(); ym.sum().backward();
  const gs = sparse.q.weight.grad!, gm = mp.q.weight.grad!;
  expectClose(gs, gm, { atol: 1e-4, rtol: 1e-3 });
  assert.ok(gs.data.some((v) => v !== 0));
});
