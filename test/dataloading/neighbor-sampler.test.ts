import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { hashUint32 } from '../../src/kernels/js/sampling.js';
import { LAYER_SALT } from '../../src/dataloading/plan.js';
import { expectClose, forEachBackend } from '../helpers.js';
import { range } from '../sampling/util.js';
import { blockSignature, checkBlocks, dstNid, idsOf, randomGraph, srcNid } from './util.js';

test('NeighborSampler blocks: edges exist, fanout exactly min(fanout, degree), sources begin with destinations', async () => {
  await forEachBackend(() => {
    const g = randomGraph(200, 2500, 3);
    for (const fanouts of [[2, 3], [10, 25], [1, 1, 1], [-1, 4]]) {
      const seeds = [5, 0, 17, 199, 42, 5];
      const [input, output, blocks] = new dg.NeighborSampler(fanouts).sample(g, seeds, { seed: 7 });
      checkBlocks(g, seeds, blocks, fanouts);
      assert.deepEqual([...idsOf(output as dg.Tensor)], [5, 0, 17, 199, 42]);
      assert.deepEqual([...idsOf(input as dg.Tensor)], [...srcNid(blocks[0])]);
    }
  });
});

test('NeighborSampler equals sampleNeighbors + toBlock layer by layer with the layer seeds', () => {
  const g = randomGraph(120, 1500, 5);
  const batchSeed = 1234;
  const [, , blocks] = new dg.NeighborSampler([3, 5]).sample(g, [1, 2, 3, 50], { seed: batchSeed });
  let seeds: dg.IdsLike = [1, 2, 3, 50];
  const manual: dg.Graph[] = [];
  for (let l = 1; l >= 0; l--) {
    const f = dg.sampleNeighbors(g, seeds, [3, 5][l], { seed: hashUint32(batchSeed, l, LAYER_SALT), copyNdata: false });
    const b = dg.toBlock(f, seeds);
    manual.unshift(b);
    seeds = srcNid(b);
  }
  assert.deepEqual(blockSignature(blocks), blockSignature(manual));
});

test('same seed, same blocks; another seed, other blocks; the global generator seeds by default', () => {
  const g = randomGraph(300, 4000, 8);
  const s = new dg.NeighborSampler([4, 4]);
  const a = s.sample(g, range(40), { seed: 1 }), b = s.sample(g, range(40), { seed: 1 }), c = s.sample(g, range(40), { seed: 2 });
  assert.deepEqual(blockSignature(a[2]), blockSignature(b[2]));
  assert.notDeepEqual(blockSignature(a[2]), blockSignature(c[2]));
  dg.manualSeed(5);
  const d = s.sample(g, range(40));
  dg.manualSeed(5);
  assert.deepEqual(blockSignature(s.sample(g, range(40))[2]), blockSignature(d[2]));
});

test('prob: zero-weight edges never sampled; excludeEdges never appear; full neighbour sampler takes every in-edge', () => {
  const g = randomGraph(150, 2000, 11);
  g.edata.set('p', dg.tensor(Float32Array.from(range(2000), (e) => (e % 4 === 0 ? 0 : 1 + (e % 3)))));
  const seeds = range(60);
  const [, , wb] = new dg.NeighborSampler([3, 3], { prob: 'p' }).sample(g, seeds, { seed: 3 });
  checkBlocks(g, seeds, wb, [3, 3], (e) => e % 4 !== 0);
  const excluded = range(2000).filter((e) => e % 3 === 1);
  const [, , xb] = new dg.NeighborSampler([5, 5]).sample(g, seeds, { seed: 4, excludeEdges: excluded });
  checkBlocks(g, seeds, xb, [5, 5], (e) => e % 3 !== 1);
  const [, , fb] = new dg.MultiLayerFullNeighborSampler(2).sample(g, [7, 8]);
  checkBlocks(g, [7, 8], fb, [-1, -1]);
});

test('replace: exactly fanout edges per node with any in-edge', () => {
  const g = randomGraph(80, 300, 12);
  const [, , blocks] = new dg.NeighborSampler([6], { replace: true }).sample(g, range(80), { seed: 3 });
  const b = blocks[0];
  const inDeg = g.inDegrees();
  const counts = new Array<number>(b.numDstNodes()).fill(0);
  for (const d of b.edges()[1]) counts[d]++;
  dstNid(b).forEach((v, i) => assert.equal(counts[i], inDeg[v] > 0 ? 6 : 0, `node ${v}`));
});

test('prefetched features are the rows of the input and output nodes', () => {
  const g = randomGraph(100, 900, 13);
  g.ndata.set('feat', dg.rand([100, 5]));
  g.ndata.set('label', dg.tensor(Int32Array.from(range(100), (i) => i % 7)));
  g.edata.set('w', dg.rand([900, 2], { dtype: 'float64' }));
  const s = new dg.NeighborSampler([4, 4], { prefetchNodeFeats: ['feat'], prefetchLabels: ['label'], prefetchEdgeFeats: ['w'] });
  const [input, output, blocks] = s.sample(g, [3, 9, 27], { seed: 1 });
  const feat = g.ndata.get('feat'), label = g.ndata.get('label'), w = g.edata.get('w');
  const rows = (t: dg.Tensor, idx: Int32Array, width: number): number[] => [...idx].flatMap((i) => [...t.data.subarray(i * width, i * width + width)]);
  expectClose(blocks[0].srcdata.get('feat'), rows(feat, idsOf(input as dg.Tensor), 5));
  assert.deepEqual([...blocks[1].dstdata.get('label').data], rows(label, idsOf(output as dg.Tensor), 1));
  for (const b of blocks) expectClose(b.edata.get('w'), rows(w, idsOf(b.edata.get(dg.EID)), 2));
  // Learnable features are gathered differentiably.
  const emb = dg.rand([100, 3], { dtype: 'float64', requiresGrad: true });
  g.ndata.set('emb', emb);
  const [, , eb] = new dg.NeighborSampler([2], { prefetchNodeFeats: ['emb'] }).sample(g, [1, 2], { seed: 2 });
  dg.sum(eb[0].srcdata.get('emb')).backward();
  const grad = emb.grad!.data;
  const used = new Set(srcNid(eb[0]));
  for (let v = 0; v < 100; v++) assert.equal(grad[v * 3], used.has(v) ? 1 : 0, `gradient of node ${v}`);
});

test('typed graphs: per-edge-type fanouts per layer, seeds per node type', () => {
  const g = dg.heterograph({
    'user:follows:user': [[0, 1, 2, 3, 3, 4], [1, 2, 0, 1, 0, 0]],
    'user:buys:item': [[0, 1, 2, 3, 4, 4], [0, 0, 0, 1, 1, 0]],
    'item:boughtBy:user': [[0, 0, 1], [0, 1, 4]],
  });
  const s = new dg.NeighborSampler([{ follows: 1, buys: 2, boughtBy: 1 }, { follows: 2, 'user:buys:item': 1, boughtBy: -1 }]);
  const [input, output, blocks] = s.sample(g, { item: [0], user: [0] }, { seed: 3 });
  const out = output as Record<string, dg.Tensor>;
  assert.deepEqual([...out.item.data], [0]);
  assert.deepEqual([...out.user.data], [0]);
  const last = blocks[1];
  // Output layer: item 0 gets 1 of its 4 'buys' in-edges, user 0 gets 2 of its 3 'follows' in-edges, all 'boughtBy'.
  assert.equal(last.numEdges('buys'), 1);
  assert.equal(last.numEdges('follows'), 2);
  assert.equal(last.numEdges('boughtBy'), 1);
  for (const b of blocks) {
    for (const t of g.ntypes) {
      const dn = [...dstNid(b, t)];
      assert.deepEqual([...srcNid(b, t)].slice(0, dn.length), dn, 'sources begin with destinations per type');
    }
    for (const c of g.canonicalEtypes) {
      const [s0, d0] = b.edges({ etype: c });
      const eid = idsOf(b.edgeFrame(c).get(dg.EID));
      const [gs, gd] = g.edges({ etype: c });
      for (let i = 0; i < eid.length; i++) {
        assert.equal(srcNid(b, c[0])[s0[i]], gs[eid[i]]);
        assert.equal(dstNid(b, c[2])[d0[i]], gd[eid[i]]);
      }
    }
  }
  assert.deepEqual(Object.keys(input as object).sort(), ['item', 'user']);
});

test('bad input names the problem', () => {
  const g = randomGraph(30, 100, 14);
  assert.throws(() => new dg.NeighborSampler([]), /fanouts must be a non-empty list/);
  assert.throws(() => new dg.NeighborSampler([2, 1.5]), /fanouts\[1\] must be an integer >= -1/);
  assert.throws(() => new dg.NeighborSampler([2], { probs: 'p' } as never), /unknown option 'probs'/);
  assert.throws(() => new dg.MultiLayerFullNeighborSampler(0), /numLayers/);
  assert.throws(() => new dg.NeighborSampler([2]).sample(g, [30]), /seed node 30/);
  assert.throws(() => new dg.NeighborSampler([2]).sample(g, [-1]), /seed node -1/);
  assert.throws(() => new dg.NeighborSampler([2], { prob: 'nope' }).sample(g, [1]), (e: Error) => e instanceof dg.FeatureNotFoundError && /nope/.test(e.message));
  g.edata.set('neg', dg.tensor(Float32Array.from(range(100), (e) => (e === 17 ? -1 : 1))));
  assert.throws(() => new dg.NeighborSampler([2], { prob: 'neg' }).sample(g, [1]), /prob 'neg'.*edge 17 has -1/);
  assert.throws(() => new dg.NeighborSampler([2], { prefetchNodeFeats: ['feat'] }).sample(g, [1]), /no feature 'feat'/);
  const h = dg.heterograph({ 'a:x:b': [[0], [0]], 'b:y:a': [[0], [0]] });
  assert.throws(() => new dg.NeighborSampler([{ x: 1 }]).sample(h, { a: [0] }), /fanouts\[0\] has no fanout for edge type b:y:a/);
  assert.throws(() => new dg.NeighborSampler([{ x: 1, y: 1, z: 1 }]).sample(h, { a: [0] }), /fanouts\[0\] names unknown edge type 'z'/);
  assert.throws(() => new dg.NeighborSampler([1]).sample(h, [0]), /node types/);
  assert.throws(() => dg.matchLayers(new dg.NeighborSampler([10, 25]), 3, 'GraphSAGE'),
    /the sampler has 2 fanouts \(\[10,25\]\) but GraphSAGE has 3 layers/);
  dg.matchLayers(new dg.MultiLayerFullNeighborSampler(3), 3);
  assert.throws(() => dg.matchLayers(dg.asEdgePredictionSampler(new dg.NeighborSampler([5])), 2), /1 layer but the model has 2 layers/);
});
