import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { forEachBackend, seededData } from '../helpers.js';
import { accessModes, randomGraph, tempDir } from './storage-helpers.js';

/** Zipf-like ids: small ids far more often, as hub features are on a power-law graph. */
function skewedIds(n: number, count: number, seed: number): Int32Array {
  const u = seededData(count, seed, 0, 1);
  return Int32Array.from(u, (x) => Math.min(n - 1, Math.floor(n * x ** 4)));
}

test('DiskFeature and CachedFeature (SIEVE, LRU) give the bytes of the in-memory array, every backend and access mode, chunked or not', async () => {
  const { dir, done } = tempDir('feature');
  try {
    const g = randomGraph(500, 10, 12, 5);
    dg.storage.writeGraphDataset(dir, g);
    const feat = g.ndata.get('feat');
    const memory = new dg.storage.InMemoryFeature(feat);
    const bytes = (t: dg.Tensor): Buffer => Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength);
    const rowsOf = (x: Float32Array, k: number, ids: Int32Array): Buffer => Buffer.concat([...ids].map((i) => Buffer.from(x.buffer, x.byteOffset + i * k * 4, k * 4)));
    await forEachBackend(async (backend) => {
      for (const access of accessModes()) {
        for (const chunkBytes of [undefined, 48 * 7]) {
          const ds = dg.storage.OnDiskDataset.open(dir, { access, chunkBytes });
          const disk = ds.feature('feat');
          assert.equal(disk.array.chunks.every((c) => (c.view !== null) === (access === 'mmap')), true, `${access}: chunks mapped iff mmap`);
          for (const policy of ['sieve', 'lru'] as const) {
            const cache = new dg.storage.CachedFeature(disk, { budgetBytes: 48 * 200, policy });
            assert.equal(cache.capacity, 200);
            for (let round = 0; round < 5; round++) {
              const ids = skewedIds(500, 100, 10 + round);
              const want = rowsOf(feat.data as Float32Array, 12, ids);
              const what = `${backend}/${access}/${chunkBytes ?? 'whole'}/${policy} round ${round}`;
              assert.ok(bytes(memory.read(ids)).equals(want), `${what}: InMemoryFeature`);
              assert.ok(bytes(disk.read(ids)).equals(want), `${what}: DiskFeature`);
              assert.ok(bytes(cache.read(ids)).equals(want), `${what}: CachedFeature`);
            }
            const s = cache.stats();
            assert.equal(s.hits + s.misses, 500);
            assert.ok(s.hitRate > 0.35 && s.hitRate < 1, `${policy} hit rate ${s.hitRate} on skewed ids`);
            assert.ok(s.rows > 100 && s.rows <= 200, `rows ${s.rows}`);
          }
        }
      }
    });
  } finally {
    done();
  }
});

test('SIEVE keeps a hot set that a scan evicts from LRU; counts are exact on a hand-checked sequence', () => {
  const data = new Float32Array(100).map((_, i) => i);
  const base = new dg.storage.InMemoryFeature(data, [100, 1]);
  const sieve = new dg.storage.CachedFeature(base, { budgetBytes: 4 * 4, policy: 'sieve' });
  const lru = new dg.storage.CachedFeature(base, { budgetBytes: 4 * 4, policy: 'lru' });
  for (const c of [sieve, lru]) {
    c.read([1, 2]);               // 2 misses
    c.read([1, 2]);               // 2 hits (SIEVE marks them visited)
    c.read([10, 11, 12, 13]);     // a scan: 4 misses
    c.read([1, 2]);
  }
  // LRU: the scan's last two inserts evict 1 and 2, which miss again. SIEVE: the hand passes over the
  // visited 1 and 2 (clearing them) and evicts the unvisited scan entries 10 and 11 instead.
  assert.deepEqual([lru.stats().hits, lru.stats().misses], [2, 8]);
  assert.deepEqual([sieve.stats().hits, sieve.stats().misses], [4, 6]);
  assert.deepEqual([...sieve.read([13, 1]).data], [13, 1]);
  assert.equal(sieve.stats().hits, 6);
  const none = new dg.storage.CachedFeature(base, { budgetBytes: 0 });
  assert.deepEqual([...none.read([5, 5]).data], [5, 5]);
  assert.equal(none.stats().hitRate, 0);
  assert.throws(() => new dg.storage.CachedFeature(base, { budgetBytes: -1 }), /budgetBytes must be a non-negative integer/);
  assert.throws(() => new dg.storage.CachedFeature(base, { budgetBytes: 8, policy: 'fifo' as never }), /policy must be 'sieve' or 'lru'/);
});

test('store reads reject ids out of range, NaN, fractional or negative, naming the store', () => {
  const { dir, done } = tempDir('ids');
  try {
    dg.storage.writeGraphDataset(dir, randomGraph(30, 10, 3, 6));
    for (const access of accessModes()) {
      const disk = dg.storage.OnDiskDataset.open(dir, { access }).feature('feat');
      const stores: dg.storage.FeatureStore[] = [disk, new dg.storage.CachedFeature(disk, { budgetBytes: 100 }), new dg.storage.InMemoryFeature(new Float32Array(90), [30, 3])];
      for (const s of stores) {
        assert.throws(() => s.read([0, 30]), (e: Error) => e instanceof RangeError && /id.*30.*the store has 30 rows/.test(e.message));
        assert.throws(() => s.read([NaN]), (e: Error) => e instanceof RangeError && /NaN/.test(e.message));
        assert.throws(() => s.read([1.5]), (e: Error) => e instanceof RangeError && /1\.5/.test(e.message));
        assert.throws(() => s.read(Float64Array.from([-1])), RangeError);
        assert.throws(() => s.read(dg.tensor([1, 2])), /int32 tensor/);
      }
      assert.throws(() => disk.read([31]), /feature node\/_N\/feat\.read/);
      assert.throws(() => disk.array.read(85, 10), /range \[85, 95\) is outside its 90 elements/);
    }
  } finally {
    done();
  }
});

test('DataLoader featureStores and labelStores fill the blocks from a store, with and without workers', async () => {
  const g = randomGraph(200, 1000, 5, 8);
  const store = new dg.storage.InMemoryFeature(g.ndata.get('feat'));
  const labels = new dg.storage.InMemoryFeature(g.ndata.get('label'));
  const structure = dg.graph(g.edges(), { numNodes: 200 });
  const seeds = Int32Array.from({ length: 64 }, (_, i) => 3 * i);
  const opts = { batchSize: 16, seed: 4, featureStores: { feat: store }, labelStores: { label: labels } };
  const batches: dg.NodeMiniBatch[] = [];
  for await (const b of new dg.DataLoader(structure, seeds, new dg.NeighborSampler([3, 4]), { ...opts, numWorkers: 1 })) batches.push(b);
  let i = 0;
  for (const [input, output, blocks] of new dg.DataLoader(structure, seeds, new dg.NeighborSampler([3, 4]), opts)) {
    const [wi, , wb] = batches[i++];
    assert.deepEqual(wi.data, input.data);
    assert.deepEqual(wb[0].srcdata.get('feat').data, blocks[0].srcdata.get('feat').data);
    assert.deepEqual(blocks[0].srcdata.get('feat').data, store.read(input as dg.Tensor).data);
    assert.deepEqual(blocks[1].dstdata.get('label').data, labels.read(output as dg.Tensor).data);
  }
  assert.equal(i, 4);
  assert.throws(() => new dg.DataLoader(structure, seeds, new dg.NeighborSampler([3]), { featureStores: { feat: {} as never } }), /store 'feat' has no read\(ids\) method/);
});
