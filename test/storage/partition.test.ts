import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as dg from '../../src/index.js';
import { sharedData } from '../data/shared-data.js';
import { loadAddon } from '../../src/kernels/native/binding.js';

function cora(): dg.Graph {
  return new dg.data.CoraGraphDataset({ rawDir: sharedData('planetoid', 'raw') }).graph;
}

/** Halo of each part computed the slow way from the edge list: sources of in-edges owned elsewhere. */
function naiveHalos(g: dg.Graph, assignment: Int32Array, k: number): number[][] {
  const [s, d] = g.edges();
  const halos = Array.from({ length: k }, () => new Set<number>());
  for (let e = 0; e < s.length; e++) if (assignment[s[e]] !== assignment[d[e]]) halos[assignment[d[e]]].add(s[e]);
  return halos.map((h) => [...h].sort((a, b) => a - b));
}

/** Checks a written partition against g: ownership, halos, local edges, feature rows. */
function checkWritten(g: dg.Graph, dir: string, r: dg.storage.PartitionResult): void {
  const k = r.numParts, seen = new Uint8Array(g.numNodes());
  const halos = naiveHalos(g, r.assignment, k);
  const [s, d] = g.edges();
  const feat = g.ndata.get('feat');
  const width = feat.shape[1];
  for (let p = 0; p < k; p++) {
    const part = dg.storage.loadPartition(dir, p);
    for (const v of part.inner) {
      assert.equal(seen[v], 0, `node ${v} owned twice`);
      seen[v] = 1;
      assert.equal(r.assignment[v], p);
    }
    assert.deepEqual([...part.halo], halos[p], `halo of part ${p}`);
    const [ls, ld] = part.graph.edges();
    const geid = part.graph.edata.get('_ID').data;
    for (let e = 0; e < ls.length; e++) {
      const ge = geid[e];
      assert.equal(part.localToGlobal[ls[e]], s[ge], `part ${p} edge ${e}: source`);
      assert.equal(part.localToGlobal[ld[e]], d[ge], `part ${p} edge ${e}: destination`);
    }
    const inDeg = g.inDegrees(part.inner), localDeg = part.graph.inDegrees();
    assert.deepEqual([...localDeg.subarray(0, part.inner.length)], [...inDeg], `part ${p}: every in-edge of an inner node is local`);
    const rows = part.features.feat.data;
    for (const i of [0, part.inner.length - 1]) {
      assert.deepEqual([...rows.subarray(i * width, (i + 1) * width)], [...feat.data.subarray(part.inner[i] * width, (part.inner[i] + 1) * width)]);
    }
    assert.deepEqual([...part.globalToLocal(Int32Array.from([part.inner[0], ...part.halo.slice(0, 1)]))], part.halo.length > 0 ? [0, part.inner.length] : [0]);
  }
  assert.ok(seen.every((x) => x === 1), 'every node is in exactly one part');
  const book = dg.storage.readPartbook(dir);
  assert.equal(book.numNodes, g.numNodes());
  assert.equal(book.edgeCut, r.edgeCut);
}

test('METIS partitions Cora: every node in one part, exact halos, local CSC and features as written; edge cut below random', () => {
  assert.ok(dg.haveMetis(), 'the addon is built with METIS (libmetis-dev)');
  const g = cora(), k = 8;
  const dir = mkdtempSync(join(tmpdir(), 'dg-part-'));
  try {
    const metis = dg.storage.partitionGraph(g, k, { outDir: dir });
    checkWritten(g, dir, metis);
    const random = dg.storage.partitionGraph(g, k, { method: 'random' });
    const [s, d] = g.edges();
    let cut = 0;
    for (let e = 0; e < s.length; e++) if (metis.assignment[s[e]] !== metis.assignment[d[e]]) cut++;
    assert.equal(metis.edgeCut, cut);
    assert.ok(metis.edgeCut * 5 < random.edgeCut, `METIS cut ${metis.edgeCut} vs random ${random.edgeCut}`);
    assert.ok(metis.imbalance < 1.1, `imbalance ${metis.imbalance}`);
    // Balancing the training nodes spreads them over the parts.
    const trainMask = Int32Array.from(g.ndata.get('trainMask').data, (x) => (x ? 1 : 0));
    const bal = dg.storage.partitionGraph(g, 4, { balanceNtypes: trainMask, balanceEdges: true });
    const perPart = [0, 0, 0, 0];
    trainMask.forEach((m, i) => { if (m) perPart[bal.assignment[i]]++; });
    assert.ok(Math.max(...perPart) <= 40, `training nodes per part ${perPart}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('random and hash partitions are written and read back the same way', () => {
  const g = dg.randGraph(300, 2000, { seed: 3 });
  g.ndata.set('feat', dg.randn([300, 4]));
  for (const method of ['random', 'hash'] as const) {
    const dir = mkdtempSync(join(tmpdir(), 'dg-part-'));
    try {
      checkWritten(g, dir, dg.storage.partitionGraph(g, 5, { method, outDir: dir }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  assert.deepEqual([...dg.randomPartitionAssignment(10, 3, 1)].sort(), [0, 0, 0, 0, 1, 1, 1, 2, 2, 2]);
});

test('METIS on a power-law graph with communities cuts at least 5x fewer edges than random', () => {
  const n = 20000;
  const e = dg.data.powerLawCommunityGraph({ nodes: n, seed: 1 });
  const g = dg.graph([e.src, e.dst], { numNodes: n });
  const metis = dg.storage.partitionGraph(g, 8);
  const random = dg.storage.partitionGraph(g, 8, { method: 'random' });
  assert.ok(metis.edgeCut * 5 < random.edgeCut, `METIS cut ${metis.edgeCut} vs random ${random.edgeCut}`);
});

test('bad input: part counts, options, balance weights and corrupt partition folders are clear errors', () => {
  const g = dg.randGraph(10, 30, { seed: 1 });
  assert.throws(() => dg.storage.partitionGraph(g, 11, { method: 'random' }), /part count 11 is above the node count 10/);
  assert.throws(() => dg.storage.partitionGraph(g, 11), /part count 11 is above the node count 10/);
  assert.throws(() => dg.storage.partitionGraph(g, 0), /positive integer/);
  assert.throws(() => dg.storage.partitionGraph(g, 2.5), /positive integer/);
  assert.throws(() => dg.storage.partitionGraph(g, Number.NaN), /positive integer/);
  assert.throws(() => dg.storage.partitionGraph(g, 2, { method: 'kmeans' as 'metis' }), /method must be one of metis, random, hash/);
  assert.throws(() => dg.storage.partitionGraph(g, 2, { parts: 3 } as object), /unknown option 'parts'/);
  assert.throws(() => dg.storage.partitionGraph(g, 2, { balanceNtypes: [0, 1] }), /balanceNtypes has 2 entries but the graph has 10 nodes/);
  assert.throws(() => dg.storage.partitionGraph(g, 2, { balanceNtypes: new Array(10).fill(-1) }), /balanceNtypes\[0\] must be an integer type id/);
  assert.throws(() => dg.storage.partitionGraph(g, 2, { method: 'random', balanceEdges: true }), /apply to method 'metis' only/);
  const dir = mkdtempSync(join(tmpdir(), 'dg-part-'));
  try {
    g.ndata.set('feat', dg.randn([10, 3]));
    dg.storage.partitionGraph(g, 2, { method: 'random', outDir: dir });
    assert.throws(() => dg.storage.loadPartition(dir, 2), /part must be an integer in \[0, 2\)/);
    truncateSync(join(dir, 'part-0', 'indices.npy'), 100);
    assert.throws(() => dg.storage.loadPartition(dir, 0), /indices\.npy/);
    const book = JSON.parse(readFileSync(join(dir, 'partbook.json'), 'utf8'));
    writeFileSync(join(dir, 'partbook.json'), JSON.stringify({ ...book, numNodes: 11 }));
    assert.throws(() => dg.storage.readPartbook(dir), /the parts own 10 nodes in all but numNodes is 11/);
    writeFileSync(join(dir, 'partbook.json'), JSON.stringify({ ...book, assignmentFile: '../../etc/passwd' }));
    assert.throws(() => dg.storage.readPartbook(dir), /assignmentFile must be a relative path inside the folder/);
    writeFileSync(join(dir, 'partbook.json'), '{"format": "deepgraph-partbook"');
    assert.throws(() => dg.storage.readPartbook(dir), /cannot read the partition book/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('without the addon METIS is a clear error and random partitioning still works', () => {
  const script = `import * as dg from ${JSON.stringify(new URL('../../src/index.js', import.meta.url).href)};
    const g = dg.randGraph(20, 60, { seed: 1 });
    console.log(dg.storage.partitionGraph(g, 2, { method: 'random' }).partSizes.join(','));
    try { dg.storage.partitionGraph(g, 2); } catch (e) { console.log(e.message); }`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, DEEPGRAPH_DISABLE_NATIVE: '1' } });
  assert.equal(r.status, 0, r.stderr);
  const [sizes, message] = r.stdout.trim().split('\n');
  assert.equal(sizes, '10,10');
  assert.match(message, /METIS partitioning needs the native addon, which did not load .*use method 'random' or 'hash'/);
});

test('the addon validates what metisPartition is given: bad offsets, ids, part counts and weights are RangeErrors', () => {
  const addon = loadAddon() as unknown as { metisPartition(a: object): Int32Array };
  const ring = { indptr: Int32Array.from([0, 2, 4, 6]), indices: Int32Array.from([1, 2, 0, 2, 0, 1]) };
  assert.deepEqual([...addon.metisPartition({ ...ring, nparts: 1 })], [0, 0, 0]);
  assert.ok(addon.metisPartition({ ...ring, nparts: 2 }).every((p) => p === 0 || p === 1));
  // METIS itself may leave parts empty on a tiny graph; metisPartitionAssignment fills them.
  const tri = dg.graph([[0, 1, 1, 2, 2, 0], [1, 0, 2, 1, 0, 2]], { numNodes: 3 });
  assert.deepEqual([...dg.metisPartitionAssignment(tri, 3)].sort(), [0, 1, 2]);
  assert.throws(() => addon.metisPartition({ ...ring, indices: Int32Array.from([1, 2, 0, 2, 0, 7]), nparts: 2 }), RangeError);
  assert.throws(() => addon.metisPartition({ ...ring, indptr: Int32Array.from([0, 3, 2, 6]), nparts: 2 }), RangeError);
  assert.throws(() => addon.metisPartition({ ...ring, nparts: 4 }), /nparts must be in \[1, 3\]/);
  assert.throws(() => addon.metisPartition({ ...ring, nparts: 2, vwgt: Int32Array.from([1, 1]), ncon: 1 }), RangeError);
  assert.throws(() => addon.metisPartition({ ...ring, nparts: 2, vwgt: Int32Array.from([1, -1, 1]), ncon: 1 }), /vwgt\[1\] is negative/);
  assert.throws(() => addon.metisPartition({ ...ring, nparts: 2, ncon: 2 }), /ncon > 1 needs vwgt/);
});
