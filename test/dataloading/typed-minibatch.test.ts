import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { forEachBackend } from '../helpers.js';
import { randomAdj, range } from '../sampling/util.js';
import { checkTypedBlocks, idsOf, typedBlockSignature } from './util.js';

/** Users who follow users and click items, with every click's reverse at the same edge id in 'clickedBy'. */
function shop(users: number, items: number, seed: number): dg.Graph {
  const follows = randomAdj(users, users * 4, seed).coo();
  const clicks = randomAdj(users, users * 6, seed + 1, items).coo();
  const g = dg.heterograph({
    'user:follows:user': [follows.src, follows.dst],
    'user:clicks:item': [clicks.src, clicks.dst],
    'item:clickedBy:user': [clicks.dst, clicks.src],
  }, { numNodes: { user: users, item: items } });
  g.nodeFrame('user').set('feat', dg.rand([users, 3]));
  g.nodeFrame('item').set('feat', dg.rand([items, 3]));
  return g;
}

async function collect<B>(loader: AsyncIterable<B>): Promise<B[]> {
  const out: B[] = [];
  for await (const b of loader) out.push(b);
  return out;
}

const fanouts = [{ follows: 2, clicks: -1, clickedBy: 3 }, { follows: 4, clicks: 1, clickedBy: 2 }];

test('typed NeighborSampler: per-edge-type fanouts against a per-relation count of the graph', () => {
  const g = shop(300, 120, 31);
  const s = new dg.NeighborSampler(fanouts);
  for (const seed of [1, 2, 3]) {
    const [, output, blocks] = s.sample(g, { user: range(40).map((i) => i * 7), item: [0, 5, 9, 100, 5] }, { seed });
    const out = output as Record<string, dg.Tensor>;
    assert.deepEqual([...idsOf(out.item)], [0, 5, 9, 100], 'repeated seeds dropped');
    checkTypedBlocks(g, blocks, fanouts);
  }
});

test('typed DataLoader: { user, item } seeds give the same batches on every backend and worker count', async () => {
  const g = shop(200, 80, 32);
  const sampler = new dg.NeighborSampler(fanouts, { prefetchNodeFeats: ['feat'] });
  const seeds = { user: range(50).map((i) => i * 3), item: range(30) };
  const signature = (batches: dg.NodeMiniBatch[]): unknown => batches.map(([, o, blocks]) => ({
    output: Object.entries(o as Record<string, dg.Tensor>).map(([t, x]) => [t, [...idsOf(x)]]),
    blocks: typedBlockSignature(blocks),
    feat: g.ntypes.map((t) => [...blocks[0].srcFrame(t).get('feat').data]),
  }));
  const reference: unknown[] = [];
  await forEachBackend(async (name) => {
    const here = await collect(new dg.DataLoader(g, seeds, sampler, { batchSize: 16, shuffle: true, seed: 9 }));
    assert.equal(here.length, 5);
    const seen: string[] = [];
    for (const [, o, blocks] of here) {
      checkTypedBlocks(g, blocks, fanouts);
      for (const [t, x] of Object.entries(o as Record<string, dg.Tensor>)) for (const v of idsOf(x)) seen.push(`${t}${v}`);
      // prefetched features are the rows of the input nodes
      for (const t of g.ntypes) {
        const nid = idsOf(blocks[0].srcFrame(t).get(dg.NID)), feat = blocks[0].srcFrame(t).get('feat').data, all = g.nodeFrame(t).get('feat').data;
        nid.forEach((v, i) => assert.equal(feat[i * 3 + 1], all[v * 3 + 1]));
      }
    }
    assert.equal(new Set(seen).size, 80, 'every seed once per epoch');
    reference.push(signature(here));
    for (const numWorkers of [1, 2]) {
      const loader = new dg.DataLoader(g, seeds, sampler, { batchSize: 16, shuffle: true, seed: 9, numWorkers, prefetch: 1 });
      assert.deepEqual(signature(await collect(loader)), reference[0], `${name}, numWorkers ${numWorkers}`);
    }
  });
  for (const r of reference) assert.deepEqual(r, reference[0], 'backends differ');
});

test("typed edge prediction with exclude 'reverseTypes': seed edges and their reverses never reach a block", async () => {
  const g = shop(150, 60, 33);
  const opts = { etype: 'clicks', exclude: 'reverseTypes' as const, reverseEtypes: { clicks: 'clickedBy', clickedBy: 'clicks' }, negativeSampler: new dg.Uniform(3) };
  const full = [{ follows: -1, clicks: -1, clickedBy: -1 }, { follows: -1, clicks: -1, clickedBy: -1 }];
  const s = dg.asEdgePredictionSampler(new dg.MultiLayerFullNeighborSampler(2), opts);
  const seedEdges = range(30).map((i) => i * 11);
  const [, pair, neg, blocks] = s.sample(g, { clicks: seedEdges }, { seed: 2 });
  const excluded = new Set(seedEdges);
  const eligible = (key: string, e: number): boolean => key === 'user:follows:user' || !excluded.has(e);
  checkTypedBlocks(g, blocks, full, eligible);
  assert.equal(pair.numEdges('clicks'), 30);
  assert.equal(neg!.numEdges('clicks'), 90);
  const [gs, gd] = g.edges({ etype: 'clicks' });
  const users = idsOf(pair.nodeFrame('user').get(dg.NID)), items = idsOf(pair.nodeFrame('item').get(dg.NID));
  const [ps, pd] = pair.edges({ etype: 'clicks' });
  seedEdges.forEach((e, i) => assert.deepEqual([users[ps[i]], items[pd[i]]], [gs[e], gd[e]]));
  // Negatives are items (the destination type), and keep their positive's user.
  const [ns, nd] = neg!.edges({ etype: 'clicks' });
  nd.forEach((v) => assert.ok(items[v] >= 0 && items[v] < 60));
  ns.forEach((u, j) => assert.equal(users[u], gs[seedEdges[Math.floor(j / 3)]]));
  // 'self' alone keeps the reverses: some clickedBy edge of a seed is then sampled.
  const [, , , selfBlocks] = dg.asEdgePredictionSampler(new dg.MultiLayerFullNeighborSampler(2), { etype: 'clicks', exclude: 'self' })
    .sample(g, seedEdges, { seed: 2 });
  assert.ok(selfBlocks.some((b) => [...idsOf(b.edgeFrame('clickedBy').get(dg.EID))].some((e) => excluded.has(e))));
  // Workers and backends agree, and the exclusion holds in every batch of an epoch.
  const pairSig = (p: dg.Graph): unknown => [g.ntypes.map((t) => [...idsOf(p.nodeFrame(t).get(dg.NID))]), p.edges({ etype: 'clicks' }).map((a) => [...a])];
  const sig = (bs: dg.EdgeMiniBatch[]): unknown => bs.map(([, p, n, b]) => [pairSig(p), pairSig(n!), typedBlockSignature(b)]);
  const sampled = dg.asEdgePredictionSampler(new dg.NeighborSampler(fanouts), opts);
  const allEdges = range(g.numEdges('clicks'));
  let first: unknown = null;
  await forEachBackend(async (name) => {
    const here = await collect(new dg.DataLoader(g, { clicks: allEdges }, sampled, { batchSize: 64, shuffle: true, seed: 5 }));
    for (const [, p, , b] of here) {
      const batch = new Set(idsOf(p.edgeFrame('clicks').get(dg.EID)));
      checkTypedBlocks(g, b, fanouts, (key, e) => key === 'user:follows:user' || !batch.has(e));
    }
    first ??= sig(here);
    assert.deepEqual(sig(here), first, `backend ${name}`);
    const workers = await collect(new dg.DataLoader(g, { clicks: allEdges }, sampled, { batchSize: 64, shuffle: true, seed: 5, numWorkers: 2 }));
    assert.deepEqual(sig(workers), first, `${name}, 2 workers`);
  });
});

test('typed sampling: bad input names the edge type, node type or relation', () => {
  const g = shop(40, 20, 34);
  assert.throws(() => new dg.NeighborSampler([{ follows: 2, clicks: 1, clickedBy: 1, likes: 3 }]).sample(g, { user: [0] }),
    /fanouts\[0\] names unknown edge type 'likes'; edge types: \[item:clickedBy:user, user:clicks:item, user:follows:user\]/);
  assert.throws(() => new dg.NeighborSampler([{ follows: 2, clicks: 1 }]).sample(g, { user: [0] }), /fanouts\[0\] has no fanout for edge type item:clickedBy:user/);
  assert.throws(() => new dg.DataLoader(g, { shop: [0] }, new dg.NeighborSampler([2])), /seed nodes given for unknown node type 'shop'; node types: \[item, user\]|unknown node type 'shop'/);
  assert.throws(() => new dg.DataLoader(g, [0, 1], new dg.NeighborSampler([2])), /pass seed nodes as \{ ntype: ids \}/);
  assert.throws(() => new dg.DataLoader(g, { item: [20] }, new dg.NeighborSampler([2])), /seed node of type 'item'.*20/);
  const rev = (reverseEtypes: Record<string, string>): dg.EdgePredictionSampler => dg.asEdgePredictionSampler(new dg.NeighborSampler([2]),
    { etype: 'clicks', exclude: 'reverseTypes', reverseEtypes });
  assert.throws(() => dg.asEdgePredictionSampler(new dg.NeighborSampler([2]), { etype: 'clicks', exclude: 'reverseTypes' }), /needs reverseEtypes/);
  assert.throws(() => rev({ clicks: 'bought' }).sample(g, [0]), /reverseEtypes names unknown edge type 'bought'/);
  assert.throws(() => rev({ clickedBy: 'clicks' }).sample(g, [0]), /no reverse of the seed edge type user:clicks:item/);
  assert.throws(() => rev({ clicks: 'follows' }).sample(g, [0]), /user:follows:user does not run from 'item' to 'user'/);
  const shuffled = dg.heterograph({
    'user:clicks:item': [[0, 1, 2], [0, 1, 1]], 'item:clickedBy:user': [[1, 0, 1], [2, 0, 1]],
  });
  assert.throws(() => rev({ clicks: 'clickedBy' }).sample(shuffled, [0]), /edge 0 of item:clickedBy:user \(1 → 2\) is not the reverse of edge 0 of user:clicks:item \(0 → 0\)/);
  const ok = rev({ clicks: 'clickedBy' });
  assert.throws(() => new dg.DataLoader(g, { follows: [0] }, ok), /seed edges must be of the sampler's edge type user:clicks:item only, got \[follows\]/);
  assert.throws(() => ok.sample(g, { clicks: [g.numEdges('clicks')] }), /seed edge/);
});
