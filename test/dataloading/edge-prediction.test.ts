import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { range } from '../sampling/util.js';
import { blockSignature, checkBlocks, dstNid, idsOf, randomGraph } from './util.js';

/** A graph with every edge doubled by its reverse: edge e + m is the reverse of e. */
function bidirected(n: number, m: number, seed: number): { g: dg.Graph; reverse: Int32Array } {
  const base = randomGraph(n, m, seed);
  const [s, d] = base.edges();
  const src = new Int32Array(2 * m), dst = new Int32Array(2 * m);
  src.set(s); src.set(d, m); dst.set(d); dst.set(s, m);
  const reverse = Int32Array.from(range(2 * m), (e) => (e < m ? e + m : e - m));
  return { g: dg.graph([src, dst], { numNodes: n }), reverse };
}

function checkPairs(g: dg.Graph, seedEdges: readonly number[], pair: dg.Graph, neg: dg.Graph | null, blocks: dg.Graph[], k: number): void {
  const [gs, gd] = g.edges();
  const nid = idsOf(pair.ndata.get(dg.NID));
  assert.deepEqual([...idsOf(pair.edata.get(dg.EID))], seedEdges);
  const [ps, pd] = pair.edges();
  seedEdges.forEach((e, i) => {
    assert.equal(nid[ps[i]], gs[e], `positive pair ${i} source`);
    assert.equal(nid[pd[i]], gd[e], `positive pair ${i} destination`);
  });
  // The last block computes exactly the pair graphs' nodes, in their order.
  assert.deepEqual([...dstNid(blocks[blocks.length - 1])], [...nid]);
  if (neg !== null) {
    assert.equal(neg.numNodes(), pair.numNodes());
    const [ns] = neg.edges();
    assert.equal(ns.length, seedEdges.length * k);
    ns.forEach((u, j) => assert.equal(nid[u], gs[seedEdges[Math.floor(j / k)]], 'per-source negatives keep the source'));
  }
}

test('edge batches: pair graphs map to the seed edges, negatives keep sources, blocks cover the pair nodes', () => {
  const g = randomGraph(200, 1500, 21);
  const s = dg.asEdgePredictionSampler(new dg.NeighborSampler([3, 3]), { negativeSampler: new dg.Uniform(2) });
  const seedEdges = [4, 99, 3, 1400, 4];
  const [input, pair, neg, blocks] = s.sample(g, seedEdges, { seed: 5 });
  checkPairs(g, seedEdges, pair, neg, blocks, 2);
  checkBlocks(g, [...idsOf(pair.ndata.get(dg.NID))], blocks, [3, 3]);
  assert.deepEqual([...idsOf(input as dg.Tensor)], [...idsOf(blocks[0].srcdata.get(dg.NID))]);
  const [, , none] = dg.asEdgePredictionSampler(new dg.NeighborSampler([1])).sample(g, [0, 1]);
  assert.equal(none, null);
});

test("exclude 'self' and 'reverseId' keep the batch's edges (and their reverses) out of every block", () => {
  const { g, reverse } = bidirected(100, 600, 22);
  const seedEdges = range(40).map((i) => i * 13);
  const eligibleSelf = (e: number): boolean => !seedEdges.includes(e);
  const eligibleRev = (e: number): boolean => !seedEdges.includes(e) && !seedEdges.includes(reverse[e]);
  for (const [exclude, eligible] of [['self', eligibleSelf], ['reverseId', eligibleRev]] as const) {
    const s = dg.asEdgePredictionSampler(new dg.MultiLayerFullNeighborSampler(2), { exclude, reverseEids: reverse });
    const [, pair, , blocks] = s.sample(g, seedEdges, { seed: 1 });
    checkBlocks(g, [...idsOf(pair.ndata.get(dg.NID))], blocks, [-1, -1], eligible);
  }
  // The exclusion is per batch: a later batch may sample those edges again.
  const s = dg.asEdgePredictionSampler(new dg.MultiLayerFullNeighborSampler(1), { exclude: 'self' });
  s.sample(g, seedEdges, { seed: 1 });
  const [, pair, , blocks] = s.sample(g, [seedEdges[0] + 1], { seed: 1 });
  checkBlocks(g, [...idsOf(pair.ndata.get(dg.NID))], blocks, [-1], (e) => e !== seedEdges[0] + 1);
});

test('GlobalUniform negatives are not edges; loaders with workers give the same edge batches', async () => {
  const g = randomGraph(150, 1000, 23);
  const [gs, gd] = g.edges();
  const edges = new Set(range(1000).map((e) => `${gs[e]},${gd[e]}`));
  const s = dg.asEdgePredictionSampler(new dg.NeighborSampler([2, 2]), { exclude: 'self', negativeSampler: new dg.GlobalUniform(3) });
  const opts = { batchSize: 64, shuffle: true, seed: 6 };
  const batches = [...new dg.DataLoader(g, range(1000), s, opts)];
  assert.equal(batches.length, 16);
  for (const [, pair, neg] of batches) {
    const nid = idsOf(pair.ndata.get(dg.NID));
    const [ns, nd] = neg!.edges();
    for (let i = 0; i < ns.length; i++) assert.ok(!edges.has(`${nid[ns[i]]},${nid[nd[i]]}`), 'a negative pair is an edge');
  }
  const sig = (bs: dg.EdgeMiniBatch[]): unknown => bs.map(([i, p, n, blocks]) => [
    [...idsOf(i as dg.Tensor)], p.edges().map((a) => [...a]), [...idsOf(p.ndata.get(dg.NID))], n!.edges().map((a) => [...a]), blockSignature(blocks),
  ]);
  const threaded: dg.EdgeMiniBatch[] = [];
  for await (const b of new dg.DataLoader(g, range(1000), s, { ...opts, numWorkers: 2 })) threaded.push(b);
  assert.deepEqual(sig(threaded), sig(batches));
});

test('edge prediction options are validated', () => {
  const g = randomGraph(20, 50, 24);
  const ns = new dg.NeighborSampler([1]);
  assert.throws(() => dg.asEdgePredictionSampler(ns, { exclude: 'reverseId' }), /needs reverseEids/);
  assert.throws(() => dg.asEdgePredictionSampler(ns, { exclude: 'both' as 'self' }), /exclude must be/);
  assert.throws(() => dg.asEdgePredictionSampler(ns, { negativeSampler: { sample: () => ({ src: dg.zeros([0]), dst: dg.zeros([0]) }) } }),
    /built-in sampler/);
  assert.throws(() => dg.asEdgePredictionSampler(ns).sample(g, [50]), /seed edge 50/);
  assert.throws(() => dg.asEdgePredictionSampler(ns, { exclude: 'reverseId', reverseEids: [0, 1] }).sample(g, [1]), /reverseEids has 2 entries/);
  assert.throws(() => new dg.DataLoader(g, [50], dg.asEdgePredictionSampler(ns)), /seed edge 50/);
});

test('typed graphs: seed edges of one relation, pair graphs over every node type', () => {
  const g = dg.heterograph({
    'user:clicks:item': [[0, 1, 2, 3, 3], [0, 0, 1, 2, 1]],
    'item:clickedBy:user': [[0, 0, 1, 2, 1], [0, 1, 2, 3, 3]],
  });
  const s = dg.asEdgePredictionSampler(new dg.NeighborSampler([-1]), { etype: 'clicks', negativeSampler: new dg.Uniform(2), exclude: 'self' });
  const [, pair, neg, blocks] = s.sample(g, [1, 3], { seed: 4 });
  const [gs, gd] = g.edges({ etype: 'clicks' });
  const users = idsOf(pair.nodeFrame('user').get(dg.NID)), items = idsOf(pair.nodeFrame('item').get(dg.NID));
  const [ps, pd] = pair.edges({ etype: 'clicks' });
  assert.deepEqual([users[ps[0]], items[pd[0]]], [gs[1], gd[1]]);
  assert.deepEqual([users[ps[1]], items[pd[1]]], [gs[3], gd[3]]);
  assert.equal(pair.numEdges('clickedBy'), 0);
  assert.equal(neg!.numEdges('clicks'), 4);
  assert.deepEqual([...dstNid(blocks[0], 'user')], [...users]);
  assert.deepEqual([...dstNid(blocks[0], 'item')], [...items]);
  // exclude 'self' removes the seed edges from the clicks relation only.
  assert.ok(![...idsOf(blocks[0].edgeFrame('clicks').get(dg.EID))].some((e) => e === 1 || e === 3));
  assert.throws(() => dg.asEdgePredictionSampler(new dg.NeighborSampler([1])).sample(g, [0]), /edge types/);
});
