import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { randomAdj, range } from '../sampling/util.js';
import { blockSignature } from './util.js';

test('sharedGraph is dg.graph([src, dst]) with its CSC in shared memory', () => {
  const { src, dst } = randomAdj(70, 400, 41).coo();
  const g = dg.graph([src, dst], { numNodes: 70 }), s = dg.sharedGraph(src, dst, 70);
  assert.ok(s.sparse().csc().indices.buffer instanceof SharedArrayBuffer);
  assert.deepEqual(s.edges().map((a) => [...a]), g.edges().map((a) => [...a]));
  const sampler = new dg.NeighborSampler([3, 3]);
  assert.deepEqual(blockSignature(sampler.sample(s, range(20), { seed: 2 })[2]), blockSignature(sampler.sample(g, range(20), { seed: 2 })[2]));
  assert.throws(() => dg.sharedGraph(src, dst, 10), /node id/);
  const t = dg.rand([5, 2]);
  const shared = dg.shareTensor(t);
  assert.ok(shared.data.buffer instanceof SharedArrayBuffer);
  assert.deepEqual([...shared.data], [...t.data]);
  assert.equal(dg.shareTensor(shared), shared);
});

test('powerLawNodeTask: seeded, disjoint splits, labels from the neighbourhood; runEpoch counts the sampling', async () => {
  const a = dg.powerLawNodeTask({ nodes: 3000, edges: 30000, feats: 8, classes: 4, numTrain: 500, numVal: 100, numTest: 100, seed: 3 });
  const b = dg.powerLawNodeTask({ nodes: 3000, edges: 30000, feats: 8, classes: 4, numTrain: 500, numVal: 100, numTest: 100, seed: 3 });
  assert.deepEqual([...a.trainIds], [...b.trainIds]);
  assert.deepEqual([...a.graph.ndata.get('label').data], [...b.graph.ndata.get('label').data]);
  const all = [...a.trainIds, ...a.valIds, ...a.testIds];
  assert.equal(new Set(all).size, 700);
  const g = a.graph, feat = g.ndata.get('feat').data, label = g.ndata.get('label').data;
  // Label rule, recomputed naively for a few nodes.
  const [gs, gd] = g.edges();
  for (const v of [0, 1, 2, 999, 2999]) {
    const nb = range(gs.length).filter((e) => gd[e] === v).map((e) => gs[e]);
    const score = range(4).map((c) => feat[v * 8 + c] + (nb.length ? (2 / nb.length) * nb.reduce((s, u) => s + feat[u * 8 + c], 0) : 0));
    assert.equal(label[v], score.indexOf(Math.max(...score)), `label of node ${v}`);
  }
  const degrees = [...g.inDegrees()].sort((x, y) => y - x);
  assert.ok(degrees[0] > 20 * (30000 / 3000), 'power-law: the top in-degree is far above the mean');
  const loader = new dg.DataLoader(g, a.trainIds, new dg.NeighborSampler([2, 3]), { batchSize: 128, seed: 1 });
  let steps = 0, edges = 0;
  const counts = await dg.runEpoch(loader, ([, , blocks]) => { steps++; edges += blocks[0].numEdges() + blocks[1].numEdges(); });
  assert.deepEqual(counts.batches, 4);
  assert.equal(steps, 4);
  assert.equal(counts.sampledEdges, edges);
});

test('a loader shares the graph arrays once: the same shared copies serve every epoch and loader', async () => {
  const { graphArrays, shareArrays } = await import('../../src/dataloading/structure.js');
  const { src, dst } = randomAdj(50, 300, 42).coo();
  const g = dg.graph([src, dst], { numNodes: 50 });
  g.ndata.set('feat', dg.rand([50, 4]));
  const a = shareArrays(graphArrays(g, { nodeFeatures: ['feat'], coo: true }, 'test'));
  const b = shareArrays(graphArrays(g, { nodeFeatures: ['feat'], coo: true }, 'test'));
  const r = a.relations[0];
  for (const arr of [r.csc.indptr, r.csc.indices, r.coo!.src, a.nodeFeatures[0].feat.data]) assert.ok(arr.buffer instanceof SharedArrayBuffer);
  assert.equal(b.relations[0].csc.indices, r.csc.indices, 'the shared copy is reused');
  assert.equal(b.nodeFeatures[0].feat.data, a.nodeFeatures[0].feat.data);
  assert.deepEqual([...r.csc.indices], [...g.sparse().csc().indices]);
  // A graph built in shared memory is not copied at all.
  const s = dg.sharedGraph(src, dst, 50);
  assert.equal(shareArrays(graphArrays(s, {}, 'test')).relations[0].csc.indices, s.sparse().csc().indices);
});
