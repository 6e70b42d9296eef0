import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, truncateSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as dg from '../../src/index.js';
import { tryLoadAddon } from '../../src/kernels/native/binding.js';
import { accessModes, randomGraph, tempDir } from './storage-helpers.js';

test('a written graph reopens with the same CSC, features and seeds, whole or in small chunks, mapped or read', () => {
  const { dir, done } = tempDir('roundtrip');
  try {
    const g = randomGraph(300, 2000, 7, 1);
    const train = Int32Array.from([5, 1, 299]);
    dg.storage.writeGraphDataset(dir, g, { name: 'rand', task: { numClasses: 5, train, test: Int32Array.from([0]) }, bucketNodes: 37 });
    assert.ok(existsSync(join(dir, 'metadata.yaml')));
    assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('.')), [], 'no temporary files left');
    const csc = g.sparse().csc();
    for (const access of accessModes()) {
      for (const chunkBytes of [undefined, 64, 28]) {
        const ds = dg.storage.OnDiskDataset.open(dir, { access, chunkBytes });
        const e = ds.csc();
        if (chunkBytes !== undefined) assert.ok(e.indices.chunks.length > 10, `${access}/${chunkBytes}: indices in ${e.indices.chunks.length} chunks`);
        assert.deepEqual(e.indptr.read(0, e.indptr.length), csc.indptr, `${access}/${chunkBytes}: indptr`);
        assert.deepEqual(e.indices.read(0, e.indices.length), csc.indices, `${access}/${chunkBytes}: indices`);
        const feat = ds.feature('feat');
        assert.deepEqual(feat.read().data, g.ndata.get('feat').data, `${access}/${chunkBytes}: feat`);
        assert.deepEqual(ds.feature('label').read([3, 2]).data, Int32Array.from([g.ndata.get('label').data[3], g.ndata.get('label').data[2]]));
        const t = ds.task();
        assert.deepEqual([t.numClasses, [...t.train], [...t.test], t.validation.length], [5, [5, 1, 299], [0], 0]);
        if (chunkBytes === undefined) {
          const h = ds.graph();
          assert.deepEqual(h.sparse().csc().indices, csc.indices);
          assert.equal(h.numNodes(), 300);
        } else {
          assert.throws(() => ds.graph(), /chunks.*OnDiskNeighborSampler/);
        }
      }
    }
  } finally {
    done();
  }
});

test('the manifest follows GraphBolt names: graph_topology, feature_data with domain/type/name/path, tasks with train_set seeds', () => {
  const { dir, done } = tempDir('manifest');
  try {
    dg.storage.writeGraphDataset(dir, randomGraph(10, 30, 2, 2), { task: { train: Int32Array.from([1]) } });
    const m = dg.storage.readMetadata(dir);
    assert.equal(m.graph_topology.edges[0].type, '_N:_E:_N');
    assert.deepEqual(m.feature_data.map((f) => [f.domain, f.type, f.name, f.path]),
      [['node', '_N', 'feat', 'features/node/_N/feat.npy'], ['node', '_N', 'label', 'features/node/_N/label.npy']]);
    assert.equal(m.tasks[0].train_set?.[0].data[0].name, 'seeds');
    // The .npy files are plain NumPy arrays.
    assert.deepEqual(dg.data.readNpy(join(dir, m.feature_data[0].path as string)).shape, [10, 2]);
  } finally {
    done();
  }
});

test('bad datasets are clear errors: missing file, short file, misaligned chunk, paths leaving the folder, bad counts', () => {
  const { dir, done } = tempDir('bad');
  try {
    dg.storage.writeGraphDataset(dir, randomGraph(20, 50, 4, 3));
    const meta = readFileSync(join(dir, 'metadata.yaml'), 'utf8');
    const reset = (text = meta): void => writeFileSync(join(dir, 'metadata.yaml'), text);
    for (const access of accessModes()) {
      reset(meta.replace('features/node/_N/feat.npy', 'features/node/_N/missing.npy'));
      assert.throws(() => dg.storage.OnDiskDataset.open(dir, { access }), (e: Error) => e instanceof dg.DataFormatError && /missing\.npy.*cannot be opened/.test(e.message));
      reset(meta.replace('features/node/_N/feat.npy', '../outside.npy'));
      assert.throws(() => dg.storage.OnDiskDataset.open(dir, { access }), /leaves the dataset folder/);
      reset(meta.replace(/num: 20/, 'num: 21'));
      assert.throws(() => dg.storage.OnDiskDataset.open(dir, { access }), /indptr has 21 entries, expected 22/);
      reset();
    }
    // A short file: the header promises more rows than the file holds.
    const feat = join(dir, 'features/node/_N/feat.npy');
    const full = readFileSync(feat);
    truncateSync(feat, full.length - 5);
    for (const access of accessModes()) {
      assert.throws(() => dg.storage.OnDiskDataset.open(dir, { access }), (e: Error) => e instanceof dg.DataFormatError && /feat\.npy is short/.test(e.message));
    }
    writeFileSync(feat, full);
    // Chunk files: 1-d chunks of 4-wide rows; a chunk of 30 elements ends mid-row.
    const x = Float32Array.from({ length: 80 }, (_, i) => i);
    dg.data.writeNpy(join(dir, 'c0.npy'), x.slice(0, 30));
    dg.data.writeNpy(join(dir, 'c1.npy'), x.slice(30));
    reset(meta.replace('path: features/node/_N/feat.npy', 'path: [c0.npy, c1.npy]'));
    assert.throws(() => dg.storage.OnDiskDataset.open(dir), (e: Error) => e instanceof dg.DataFormatError && /chunk boundary misaligned with rows.*c0\.npy holds 30 elements.*row length 4/.test(e.message));
    dg.data.writeNpy(join(dir, 'c0.npy'), x.slice(0, 32));
    dg.data.writeNpy(join(dir, 'c1.npy'), x.slice(32));
    for (const access of accessModes()) {
      const ds = dg.storage.OnDiskDataset.open(dir, { access });
      assert.equal(ds.feature('feat').array.chunks.length, 2);
      assert.deepEqual(ds.feature('feat').read([7, 8, 1]).data, Float32Array.from([28, 29, 30, 31, 32, 33, 34, 35, 4, 5, 6, 7]));
    }
    reset('graph_topology: [1, 2');
    assert.throws(() => dg.storage.OnDiskDataset.open(dir), /not valid YAML/);
    reset(meta.replace('type: CSC', 'type: COO'));
    assert.throws(() => dg.storage.OnDiskDataset.open(dir), /graph_topology.type must be 'CSC'/);
    assert.throws(() => dg.storage.OnDiskDataset.open(join(dir, 'nowhere')), /cannot read the dataset manifest/);
  } finally {
    done();
  }
});

test('the streaming writer checks ids and counts, and leaves no manifest when aborted', () => {
  const { dir, done } = tempDir('writer');
  try {
    const w = new dg.storage.DatasetWriter(dir, { nodes: { _N: 5 } });
    assert.throws(() => w.addEdges('_E', Int32Array.from([0, 5]), Int32Array.from([1, 1])), /source id 5 at position 1 is outside \[0, 5\)/);
    const f = w.nodeFeature('_N', 'x', [2], 'float32');
    f.append(new Float32Array(4));
    assert.throws(() => f.append(new Float32Array(8)), /12 elements appended, the shape \[5, 2\] holds 10/);
    w.abort();
    assert.ok(!existsSync(join(dir, 'metadata.yaml')));
    assert.deepEqual(readdirSync(dir).filter((n) => n.startsWith('.') || n.endsWith('.npy')), []);
    const w2 = new dg.storage.DatasetWriter(dir, { nodes: { _N: 5 } });
    w2.nodeFeature('_N', 'x', [2], 'float32').append(new Float32Array(6));
    assert.throws(() => w2.finish(), /6 elements written, the shape \[5, 2\] needs 10/);
    assert.ok(!existsSync(join(dir, 'metadata.yaml')));
  } finally {
    done();
  }
});

test('CSV edges stream into the same CSC as the in-memory graph; the power-law writer is seeded', async () => {
  const { dir, done } = tempDir('csv');
  try {
    const g = randomGraph(50, 400, 1, 4);
    const [s, d] = g.edges();
    writeFileSync(join(dir, 'edges.csv'), `src_id,dst_id\n${[...s].map((u, i) => `${u},${d[i]}`).join('\n')}\n`);
    const w = new dg.storage.DatasetWriter(join(dir, 'csv'), { nodes: { _N: 50 }, bucketNodes: 16 });
    assert.equal(await dg.storage.addCsvEdges(w, '_E', join(dir, 'edges.csv')), 400);
    w.finish();
    const csc = dg.storage.OnDiskDataset.open(join(dir, 'csv')).csc();
    assert.deepEqual(csc.indices.read(0, 400), g.sparse().csc().indices);
    writeFileSync(join(dir, 'bad.csv'), 'src_id,dst_id\n1,2\n1,x\n');
    const w3 = new dg.storage.DatasetWriter(join(dir, 'bad'), { nodes: { _N: 50 } });
    await assert.rejects(dg.storage.addCsvEdges(w3, '_E', join(dir, 'bad.csv')), /bad\.csv:3: dst_id 'x' is not a node id/);
    w3.abort();

    const a = dg.storage.writePowerLawDataset(join(dir, 'pl1'), { nodes: 1000, edges: 20000, feats: 16, chunkEdges: 3000, seed: 3 });
    dg.storage.writePowerLawDataset(join(dir, 'pl2'), { nodes: 1000, edges: 20000, feats: 16, chunkEdges: 777, seed: 3 });
    assert.equal(a.graph_topology.edges[0].num, 20000);
    const p1 = dg.storage.OnDiskDataset.open(join(dir, 'pl1')), p2 = dg.storage.OnDiskDataset.open(join(dir, 'pl2'));
    assert.deepEqual(p1.csc().indices.read(0, 20000), p2.csc().indices.read(0, 20000), 'same seed, same graph whatever the write buffer');
    const deg = p1.csc().indptr.read(0, 1001) as Int32Array;
    const inDeg = Array.from({ length: 1000 }, (_, v) => deg[v + 1] - deg[v]).sort((x, y) => y - x);
    assert.ok(inDeg[0] > 20 * inDeg[500], `power law: top in-degree ${inDeg[0]} vs median ${inDeg[500]}`);
    const t = p1.task();
    assert.equal(new Set([...t.train, ...t.validation, ...t.test]).size, t.train.length + t.validation.length + t.test.length, 'disjoint seed sets');
    const x = p1.feature('feat').read([0]).data, y = p1.feature('label').read([0]).data[0];
    assert.equal(Math.max(...x.slice(0, 10)), x[y], 'label = argmax of the first 10 features');
  } finally {
    done();
  }
});

test('the addon maps file ranges and rejects bad ones with clear errors; int64 indptr opens', () => {
  const { dir, done } = tempDir('map');
  try {
    const file = join(dir, 'x.bin');
    writeFileSync(file, Buffer.from(Float32Array.from([1, 2, 3, 4, 5]).buffer));
    if (accessModes().includes('mmap')) {
      const a = dg.storage.ChunkedArray.open('float32', [{ file, byteOffset: 4, length: 3 }], { access: 'mmap' });
      assert.ok(a.chunks[0].view !== null);
      assert.deepEqual([...a.read(0, 3)], [2, 3, 4]);
      a.chunks[0].view![0] = 99;  // private mapping: the file is unchanged
      assert.deepEqual([...new Float32Array(Uint8Array.from(readFileSync(file)).buffer)], [1, 2, 3, 4, 5]);
      const addon = tryLoadAddon() as unknown as { mapFile(p: unknown, o: unknown, l: unknown): ArrayBuffer };
      assert.throws(() => addon.mapFile(file, 0, 21), (e: Error) => e instanceof RangeError && /has 20 bytes, the range needs 21/.test(e.message));
      assert.throws(() => addon.mapFile(file, 17, 4), /the range needs 21/);
      assert.throws(() => addon.mapFile(file, -1, 4), /byteOffset must be a non-negative integer/);
      assert.throws(() => addon.mapFile(file, 0, NaN), /byteLength must be a non-negative integer/);
      assert.throws(() => addon.mapFile(file, 0.5, 1), /byteOffset must be a non-negative integer/);
      assert.throws(() => addon.mapFile(join(dir, 'none.bin'), 0, 1), /cannot open/);
      assert.throws(() => addon.mapFile(dir, 0, 1), /not a regular file/);
      assert.throws(() => addon.mapFile(42, 0, 1), TypeError);
      assert.equal(addon.mapFile(file, 20, 0).byteLength, 0);
      assert.deepEqual([...new Float32Array(addon.mapFile(file, 4096 * 0 + 16, 4))], [5]);
    }
    for (const access of accessModes()) {
      assert.throws(() => dg.storage.ChunkedArray.open('float32', [{ file, byteOffset: 8, length: 4 }], { access }), /x\.bin is short: 20 bytes, needs 24/);
      assert.throws(() => dg.storage.ChunkedArray.open('float32', [{ file: join(dir, 'none.bin'), byteOffset: 0, length: 1 }], { access }), /cannot open .*none\.bin/);
    }
    const g = randomGraph(40, 100, 1, 9);
    dg.storage.writeGraphDataset(join(dir, 'ds'), g);
    const ptr = g.sparse().csc().indptr;
    dg.data.writeNpy(join(dir, 'ds', 'edges', '_N__E__N', 'indptr.npy'), BigInt64Array.from(ptr, (v) => BigInt(v)));
    for (const access of accessModes()) {
      const ds = dg.storage.OnDiskDataset.open(join(dir, 'ds'), { access });
      assert.equal(ds.csc().indptr.dtype, 'int64');
      assert.deepEqual(ds.graph().sparse().csc().indptr, ptr);
    }
  } finally {
    done();
  }
});

test('corrupt structure found while sampling from disk is a clear error, not a wrong batch', () => {
  const { dir, done } = tempDir('corrupt');
  try {
    const g = randomGraph(30, 90, 1, 12);
    dg.storage.writeGraphDataset(dir, g);
    const csc = g.sparse().csc();
    const bad = Int32Array.from(csc.indices);
    bad[bad.length - 1] = 999;
    dg.data.writeNpy(join(dir, 'edges', '_N__E__N', 'indices.npy'), bad);
    for (const access of accessModes()) {
      const ds = dg.storage.OnDiskDataset.open(dir, { access, chunkBytes: 64 });
      const sampler = new dg.storage.OnDiskNeighborSampler(ds, [-1]);
      assert.throws(() => sampler.sample(ds.nodesOnlyGraph(), Int32Array.from({ length: 30 }, (_, i) => i), { seed: 1 }), /source id 999 is outside \[0, 30\): the file is corrupt/);
      assert.throws(() => sampler.sample(ds.nodesOnlyGraph(), [30], { seed: 1 }), RangeError);
      assert.throws(() => sampler.sample(randomGraph(31, 5, 1, 1), [0], { seed: 1 }), /differ from the dataset's/);
      assert.throws(() => dg.storage.OnDiskDataset.open(dir, { access }).graph(), /999/);
    }
  } finally {
    done();
  }
});
