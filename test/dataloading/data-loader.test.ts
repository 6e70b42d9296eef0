import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { forEachBackend } from '../helpers.js';
import { range } from '../sampling/util.js';
import { blockSignature, checkBlocks, idsOf, randomGraph, srcNid } from './util.js';

function featured(n: number, m: number, seed: number): dg.Graph {
  const g = randomGraph(n, m, seed);
  g.ndata.set('feat', dg.rand([n, 6]));
  g.ndata.set('label', dg.tensor(Int32Array.from(range(n), (i) => i % 5)));
  return g;
}

async function collect<B>(loader: AsyncIterable<B>): Promise<B[]> {
  const out: B[] = [];
  for await (const b of loader) out.push(b);
  return out;
}

const signature = (batches: dg.NodeMiniBatch[]): unknown => batches.map(([i, o, blocks]) => ({
  input: [...idsOf(i as dg.Tensor)], output: [...idsOf(o as dg.Tensor)], blocks: blockSignature(blocks),
  feat: [...blocks[0].srcdata.get('feat').data], label: [...blocks[blocks.length - 1].dstdata.get('label').data],
}));

test('every seed once per epoch, in batches of batchSize (dropLast drops the short one), shuffled per epoch', () => {
  const g = featured(300, 2000, 1);
  const train = range(103).map((i) => i * 2);
  const sampler = new dg.NeighborSampler([3, 3]);
  for (const [shuffle, dropLast] of [[false, false], [true, false], [true, true]] as const) {
    const loader = new dg.DataLoader(g, train, sampler, { batchSize: 10, shuffle, dropLast, seed: 4 });
    assert.equal(loader.length, dropLast ? 10 : 11);
    const epochs = [0, 1].map(() => [...loader].map(([, output, blocks]) => {
      checkBlocks(g, [...idsOf(output as dg.Tensor)], blocks, [3, 3]);
      return [...idsOf(output as dg.Tensor)];
    }));
    for (const batches of epochs) {
      assert.deepEqual(batches.map((b) => b.length), dropLast ? new Array(10).fill(10) : [...new Array(10).fill(10), 3]);
      const seen = batches.flat();
      assert.equal(new Set(seen).size, seen.length, 'a seed appears twice in an epoch');
      if (!dropLast) assert.deepEqual([...seen].sort((a, b) => a - b), train);
      if (!shuffle) assert.deepEqual(seen, train);
    }
    if (shuffle) assert.notDeepEqual(epochs[0], epochs[1], 'epochs are shuffled differently');
  }
});

test('worker threads give exactly the batches of the calling thread, features included', async () => {
  const g = featured(400, 5000, 2);
  g.edata.set('p', dg.rand([5000]));
  const sampler = new dg.NeighborSampler([4, 6], { prob: 'p', prefetchNodeFeats: ['feat'], prefetchLabels: ['label'] });
  const train = range(150).map((i) => (i * 7) % 400);
  const opts = { batchSize: 32, shuffle: true, seed: 99 };
  const here = await collect(new dg.DataLoader(g, train, sampler, { ...opts, numWorkers: 0 }));
  for (const numWorkers of [1, 2]) {
    const loader = new dg.DataLoader(g, train, sampler, { ...opts, numWorkers, prefetch: 1 });
    assert.deepEqual(signature(await collect(loader)), signature(here), `numWorkers ${numWorkers}`);
  }
  // Features match the graph's rows.
  const feat = g.ndata.get('feat');
  for (const [input, , blocks] of here) {
    const want = [...idsOf(input as dg.Tensor)].flatMap((v) => [...feat.data.subarray(v * 6, v * 6 + 6)]);
    assert.deepEqual([...blocks[0].srcdata.get('feat').data], want);
  }
});

test('breaking out of an epoch stops the workers; a later epoch starts afresh', async () => {
  const g = featured(200, 1500, 3);
  const loader = new dg.DataLoader(g, range(200), new dg.NeighborSampler([2]), { batchSize: 8, numWorkers: 2, seed: 1 });
  let n = 0;
  for await (const batch of loader) { void batch; if (++n === 3) break; }
  assert.equal(n, 3);
  const second = await collect(loader);
  assert.equal(second.length, 25);
});

test('learnable node features prefetched through workers keep their gradient', async () => {
  const g = featured(100, 600, 5);
  const emb = dg.rand([100, 2], { dtype: 'float64', requiresGrad: true });
  g.ndata.set('emb', emb);
  const loader = new dg.DataLoader(g, [1, 2, 3], new dg.NeighborSampler([3], { prefetchNodeFeats: ['emb', 'feat'] }), { batchSize: 3, numWorkers: 1, seed: 2 });
  const [[, , blocks]] = await collect(loader);
  dg.sum(blocks[0].srcdata.get('emb')).backward();
  const used = new Set(srcNid(blocks[0]));
  for (let v = 0; v < 100; v++) assert.equal(emb.grad!.data[2 * v], used.has(v) ? 1 : 0);
});

test('custom samplers run on the calling thread; options and indices are validated', async () => {
  const g = featured(50, 200, 6);
  const custom: dg.BlockSampler = {
    numLayers: 1,
    sample: (graph, seeds, opts) => new dg.NeighborSampler([1]).sample(graph, seeds, opts),
  };
  const batches = [...new dg.DataLoader(g, range(10), custom, { batchSize: 4, seed: 3 })];
  assert.equal(batches.length, 3);
  assert.throws(() => new dg.DataLoader(g, range(10), custom, { numWorkers: 1 }), /numWorkers > 0 needs a built-in sampler/);
  const s = new dg.NeighborSampler([1]);
  assert.throws(() => new dg.DataLoader(g, [50], s), /seed node 50/);
  assert.throws(() => new dg.DataLoader(g, [1], s, { batchSize: 0 }), /batchSize must be an integer >= 1/);
  assert.throws(() => new dg.DataLoader(g, [1], s, { numWorkers: -1 }), /numWorkers/);
  assert.throws(() => new dg.DataLoader(g, [1], s, { batchsize: 4 } as never), /unknown option 'batchsize'/);
  assert.throws(() => [...new dg.DataLoader(g, [1], s, { numWorkers: 1 })], /for await/);
  assert.throws(() => new dg.DataLoader(g, [1], new dg.NeighborSampler([1], { prefetchLabels: ['y'] })), /no feature 'y'/);
});

test('typed graphs: seeds of several node types share batches', async () => {
  const g = dg.heterograph({
    'user:follows:user': [[0, 1, 2, 3, 4, 5], [1, 2, 3, 4, 5, 0]],
    'user:buys:item': [[0, 1, 2, 3], [0, 1, 2, 0]],
    'item:boughtBy:user': [[0, 1, 2, 0], [0, 1, 2, 3]],
  });
  const indices = { user: [0, 1, 2, 3, 4, 5], item: [0, 1, 2] };
  const opts = { batchSize: 4, shuffle: true, seed: 8 };
  const s = new dg.NeighborSampler([2, 2]);
  const a = await collect(new dg.DataLoader(g, indices, s, opts));
  const b = await collect(new dg.DataLoader(g, indices, s, { ...opts, numWorkers: 1 }));
  const seen: string[] = [];
  for (const [, output] of a) for (const [t, ids] of Object.entries(output as Record<string, dg.Tensor>)) for (const v of ids.data) seen.push(`${t}${v}`);
  assert.deepEqual(seen.sort(), ['item0', 'item1', 'item2', 'user0', 'user1', 'user2', 'user3', 'user4', 'user5']);
  const sig = (bs: dg.NodeMiniBatch[]): unknown => bs.map(([i, , blocks]) => [
    Object.entries(i as Record<string, dg.Tensor>).map(([t, x]) => [t, [...x.data]]),
    blocks.map((blk) => g.canonicalEtypes.map((c) => [...idsOf(blk.edgeFrame(c).get(dg.EID))])),
  ]);
  assert.deepEqual(sig(b), sig(a));
});

test('an error inside a worker reaches the loop, naming the problem; empty index lists give empty epochs', async () => {
  const { WorkerPool } = await import('../../src/dataloading/node/worker-pool.js');
  const g = featured(30, 100, 7);
  const s = new dg.NeighborSampler([1]);
  const arrays = { ntypes: ['_N'], numNodes: [30], nodeFeatures: [{}], edgeFeatures: [{}], relations: [] };
  const pool = new WorkerPool(1, { arrays, plan: { kind: 'edge', blocks: s.plan(g), relation: 0, exclude: 'none', negative: null }, backend: dg.backendName() });
  try {
    await assert.rejects(pool.run({ index: 0, seeds: [Int32Array.of(0)], seed: 1 }), (e: Error) => /DataLoader worker: /.test(e.message));
  } finally {
    await pool.close();
  }
  assert.deepEqual(await collect(new dg.DataLoader(g, [], s, { numWorkers: 2 })), []);
});

test('persistent workers serve several epochs with the same batches as fresh ones, and idle workers let the process exit', async () => {
  const g = featured(300, 2500, 9);
  const s = new dg.NeighborSampler([3, 3], { prefetchNodeFeats: ['feat'], prefetchLabels: ['label'] });
  const opts = { batchSize: 40, shuffle: true, seed: 12, numWorkers: 2 };
  const fresh = new dg.DataLoader(g, range(300), s, opts);
  const kept = new dg.DataLoader(g, range(300), s, { ...opts, persistentWorkers: true });
  for (let epoch = 0; epoch < 3; epoch++) {
    assert.deepEqual(signature(await collect(kept)), signature(await collect(fresh)), `epoch ${epoch}`);
  }
  // An early break drops the pool (batches were still in flight); the next epoch still matches.
  for await (const b of kept) { void b; break; }
  for await (const b of fresh) { void b; break; }
  assert.deepEqual(signature(await collect(kept)), signature(await collect(fresh)));
  await kept.close();
  assert.deepEqual(signature(await collect(kept)), signature(await collect(fresh)), 'after close() a new pool starts');
  // The kept pool is left open on purpose: the test process must still exit.
});

test('every backend samples the same batches, on the calling thread and in workers', async () => {
  const g = featured(250, 2000, 10);
  g.edata.set('p', dg.rand([2000]));
  const s = new dg.NeighborSampler([3, 4], { prob: 'p', prefetchNodeFeats: ['feat'], prefetchLabels: ['label'] });
  const opts = { batchSize: 50, shuffle: true, seed: 21 };
  let reference: unknown = null;
  await forEachBackend(async (name) => {
    for (const numWorkers of [0, 1]) {
      const sig = signature(await collect(new dg.DataLoader(g, range(250), s, { ...opts, numWorkers })));
      if (reference === null) reference = sig;
      else assert.deepEqual(sig, reference, `backend ${name}, numWorkers ${numWorkers}`);
    }
  });
});
