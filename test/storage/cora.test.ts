import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { sharedData } from '../data/shared-data.js';
import { MinibatchSAGE, trainMinibatchEpoch } from '../../src/cli/minibatch.js';
import { forEachBackend, expectClose } from '../helpers.js';
import { accessModes, tempDir } from './storage-helpers.js';

const maskIds = (m: dg.Tensor): Int32Array => Int32Array.from([...m.data].flatMap((v, i) => (v ? [i] : [])));

function cora(): { g: dg.Graph; train: Int32Array; test: Int32Array; classes: number } {
  const ds = new dg.data.CoraGraphDataset({ rawDir: sharedData('planetoid', 'raw'), transform: dg.data.normalizeFeatures() });
  const g = ds.graph;
  return { g, train: maskIds(g.ndata.get('trainMask')), test: maskIds(g.ndata.get('testMask')), classes: ds.numClasses };
}

interface Run { losses: number[]; testAcc: number; params: Buffer }

/** Trains 2-layer GraphSAGE ([5, 10], batch 32, 8 epochs) and evaluates with sampled test batches. */
async function train(graph: dg.Graph, trainIds: Int32Array, testIds: Int32Array, classes: number,
  sampler: dg.BlockSampler, stores: Pick<dg.DataLoaderOptions, 'featureStores' | 'labelStores'>): Promise<Run> {
  dg.manualSeed(7);
  const model = new MinibatchSAGE(1433, 16, classes, 2, 0.5, 0.5);
  const opt = new dg.optim.Adam(model.parameters(), { lr: 0.02 });
  const loader = new dg.DataLoader(graph, trainIds, sampler, { batchSize: 32, shuffle: true, seed: 11, ...stores });
  const losses: number[] = [];
  for (let epoch = 0; epoch < 8; epoch++) losses.push((await trainMinibatchEpoch(model, opt, loader)).loss);
  model.train(false);
  let correct = 0;
  for (const [, , blocks] of new dg.DataLoader(graph, testIds, sampler, { batchSize: 256, seed: 3, ...stores })) {
    const pred = dg.argmax(model.forward(blocks, blocks[0].srcdata.get('feat')), 1).data;
    const label = blocks[1].dstdata.get('label').data;
    pred.forEach((p, i) => { if (p === label[i]) correct++; });
  }
  const params = Buffer.concat(model.parameters().map((p) => Buffer.from(p.data.buffer, p.data.byteOffset, p.data.byteLength)));
  return { losses, testAcc: correct / testIds.length, params };
}

test('GraphSAGE trained on Cora from the on-disk format equals in-memory training to the bit (every backend, mmap and read, chunked structure)', async (t) => {
  const { g, train: trainIds, test: testIds, classes } = cora();
  const { dir, done } = tempDir('cora');
  try {
    dg.storage.writeGraphDataset(dir, g, { features: ['feat', 'label'], task: { numClasses: classes, train: trainIds, test: testIds } });
    await forEachBackend(async (backend) => {
      const memory = await train(g, trainIds, testIds, classes, new dg.NeighborSampler([5, 10], { prefetchNodeFeats: ['feat'], prefetchLabels: ['label'] }), {});
      t.diagnostic(`${backend}: in memory: losses ${memory.losses.map((l) => l.toFixed(4)).join(', ')}, test accuracy ${(100 * memory.testAcc).toFixed(1)}%`);
      assert.ok(memory.testAcc > 0.6, `the run learns (test accuracy ${memory.testAcc})`);
      for (const access of accessModes()) {
        const ds = dg.storage.OnDiskDataset.open(dir, { access });
        const task = ds.task();
        assert.deepEqual([task.train, task.test], [trainIds, testIds]);
        const stores = {
          featureStores: { feat: new dg.storage.CachedFeature(ds.feature('feat'), { budgetBytes: 1433 * 4 * 500 }) },
          labelStores: { label: ds.feature('label') },
        };
        const mapped = await train(ds.graph(), task.train, task.test, classes, new dg.NeighborSampler([5, 10]), stores);
        assert.deepEqual(mapped.losses, memory.losses, `${backend}/${access}: losses`);
        assert.equal(mapped.testAcc, memory.testAcc, `${backend}/${access}: test accuracy`);
        assert.ok(mapped.params.equals(memory.params), `${backend}/${access}: parameters differ`);
        // Structure in ~40 chunks, sampled from disk (once per backend: mapped on native, read by ranges on js).
        if (access !== (backend === 'native' ? 'mmap' : 'read')) continue;
        const chunked = dg.storage.OnDiskDataset.open(dir, { access, chunkBytes: 1024 });
        assert.ok(chunked.csc().indices.chunks.length > 30);
        const fromDisk = await train(chunked.nodesOnlyGraph(), task.train, task.test, classes, new dg.storage.OnDiskNeighborSampler(chunked, [5, 10]),
          { featureStores: { feat: chunked.feature('feat') }, labelStores: { label: chunked.feature('label') } });
        assert.deepEqual(fromDisk.losses, memory.losses, `${backend}/${access}: chunked losses`);
        assert.ok(fromDisk.params.equals(memory.params), `${backend}/${access}: chunked parameters differ`);
      }
    });
  } finally {
    done();
  }
});

test('layer-wise inference equals the full-graph forward on Cora to 1e-5, in memory and through a disk store', async () => {
  const { g, classes } = cora();
  const { dir, done } = tempDir('infer');
  try {
    await forEachBackend(async (backend) => {
      dg.manualSeed(1);
      const model = new MinibatchSAGE(1433, 32, classes, 2, 0.5, 0.5);
      model.train(false);
      const x = g.ndata.get('feat');
      const full = dg.noGrad(() => model.forward([g, g], x));
      const inMemory = model.inference(g, x, { batchSize: 500 }) as dg.Tensor;
      expectClose(inMemory, full, { atol: 1e-5, rtol: 0 });
      for (const access of accessModes()) {
        const stored = model.inference(g, new dg.storage.InMemoryFeature(x), { batchSize: 700, store: `${dir}/${backend}-${access}`, access });
        assert.ok(stored instanceof dg.storage.DiskFeature);
        expectClose(stored.read(), full, { atol: 1e-5, rtol: 0 });
        // From the on-disk dataset in chunks, sampled from disk, features from the disk store.
        dg.storage.writeGraphDataset(`${dir}/ds-${backend}-${access}`, g, { features: ['feat'] });
        const ds = dg.storage.OnDiskDataset.open(`${dir}/ds-${backend}-${access}`, { access, chunkBytes: 4096 });
        const out = model.inference(ds.nodesOnlyGraph(), ds.feature('feat'), { batchSize: 1000, sampler: new dg.storage.OnDiskNeighborSampler(ds, [-1]) });
        expectClose(out as dg.Tensor, full, { atol: 1e-5, rtol: 0 });
      }
    });
  } finally {
    done();
  }
});
