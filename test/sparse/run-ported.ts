// Prints the 10-seed comparison of the dg.sparse ports with their message-passing twins on Cora:
//   node dist/test/sparse/run-ported.js [seeds]
import * as dg from '../../src/index.js';
import { loadData } from '../../src/cli/datasets.js';
import { sharedData } from '../data/shared-data.js';
import { AttentionClassifier, MessagePassingGCN, SparseGCN, normalizedAdjacency, trainNodeModel } from './ported-models.js';

const seeds = Number(process.argv[2] ?? 10);
const data = await loadData('cora', sharedData('planetoid', 'raw'));
if (data.kind !== 'node') throw new Error('cora is a node dataset');
const looped = dg.addSelfLoop(dg.removeSelfLoop(data.graph));
const aNorm = normalizedAdjacency(data.graph);
const attnA = dg.sparse.spmatrix(looped.edges().reverse() as [Int32Array, Int32Array], { shape: [looped.numNodes(), looped.numNodes()] });
const F = data.features.shape[1], C = data.numClasses;
const models = {
  sparseGCN: () => new SparseGCN(aNorm, F, C),
  messagePassingGCN: () => new MessagePassingGCN(looped, F, C),
  sparseAttention: () => new AttentionClassifier(looped, attnA, F, C, false),
  messagePassingAttention: () => new AttentionClassifier(looped, attnA, F, C, true),
};
for (const [name, make] of Object.entries(models)) {
  const accs: number[] = [];
  for (let s = 0; s < seeds; s++) { dg.manualSeed(s); accs.push(trainNodeModel(make(), data).test); }
  const mean = accs.reduce((a, b) => a + b, 0) / accs.length;
  const std = Math.sqrt(accs.reduce((a, b) => a + (b - mean) ** 2, 0) / accs.length);
  console.log(JSON.stringify({ model: name, seeds, meanTestAcc: +(100 * mean).toFixed(2), std: +(100 * std).toFixed(2), accs: accs.map((a) => +(100 * a).toFixed(1)) }));
}
