import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as dg from '../../src/index.js';
import { RmatSourceDrawer, rmatInDegrees } from '../../src/storage/rmat-csc.js';
import { randomGraph, tempDir } from './storage-helpers.js';

test('a CSC written column by column equals the sorted bucket path; bad or unfinished columns are named', () => {
  const { dir, done } = tempDir('columns');
  try {
    const g = randomGraph(200, 1500, 3, 4);
    const csc = g.sparse().csc();
    const w = new dg.storage.DatasetWriter(join(dir, 'cols'), { nodes: { _N: 200 } });
    const cols = w.cscEdges('_E', 1500);
    const degrees = Int32Array.from({ length: 200 }, (_, v) => csc.indptr[v + 1] - csc.indptr[v]);
    // Uneven pieces, and the two streams cut at different places.
    for (const [a, b] of [[0, 7], [7, 120], [120, 200]]) cols.appendDegrees(degrees.subarray(a, b));
    for (const [a, b] of [[0, 1], [1, 999], [999, 1500]]) cols.appendSources(csc.indices.subarray(a, b));
    w.finish();
    dg.storage.writeGraphDataset(join(dir, 'sorted'), g, { bucketNodes: 33 });
    const got = dg.storage.OnDiskDataset.open(join(dir, 'cols')).csc(), want = dg.storage.OnDiskDataset.open(join(dir, 'sorted')).csc();
    assert.deepEqual(got.indptr.read(0, 201), want.indptr.read(0, 201));
    assert.deepEqual(got.indices.read(0, 1500), want.indices.read(0, 1500));

    const bad = new dg.storage.DatasetWriter(join(dir, 'bad'), { nodes: { _N: 10 } });
    const c = bad.cscEdges('_E', 4);
    assert.throws(() => c.appendSources(Int32Array.from([1, 10])), /source id 10 at edge 1 is outside \[0, 10\)/);
    const short = new dg.storage.DatasetWriter(join(dir, 'short'), { nodes: { _N: 10 } });
    const s = short.cscEdges('_E', 4);
    assert.throws(() => s.appendDegrees(Int32Array.from([2, 3])), /sum to 5, more than the 4 edges declared/);
    const unfinished = new dg.storage.DatasetWriter(join(dir, 'unfinished'), { nodes: { _N: 10 } });
    unfinished.cscEdges('_E', 4).appendDegrees(Int32Array.from([4]));
    assert.throws(() => unfinished.finish(), /unfinished: 1 of 10 destinations, in-degrees summing to 4 and 0 sources of 4 edges/);
    assert.ok(!existsSync(join(dir, 'unfinished', 'metadata.yaml')), 'no manifest for an unfinished write');
    const twice = new dg.storage.DatasetWriter(join(dir, 'twice'), { nodes: { _N: 10 } });
    twice.addEdges('_E', Int32Array.from([1]), Int32Array.from([2]));
    assert.throws(() => twice.cscEdges('_E', 1), /edge type '_N:_E:_N' is already being written/);
    twice.abort();
  } finally {
    done();
  }
});

test('R-MAT in CSC order: exact edge count, ids in range, seeded, and the same marginals as rmatGraph', () => {
  const nodes = 1000, edges = 200_000;
  const deg = rmatInDegrees(nodes, edges, 5);
  assert.equal(deg.reduce((a, b) => a + b, 0), edges);
  assert.deepEqual(rmatInDegrees(nodes, edges, 5), deg, 'seeded');
  assert.notDeepEqual(rmatInDegrees(nodes, edges, 6), deg);
  const src = new Int32Array(edges);
  const drawer = new RmatSourceDrawer(nodes);
  drawer.draw(0, deg, 5, src);
  assert.ok(src.every((u) => u >= 0 && u < nodes), 'sources below nodes (1000 is not a power of two)');
  const again = new Int32Array(edges);
  drawer.draw(0, deg, 5, again);
  assert.deepEqual(again, src);
  const ref = dg.data.rmatGraph({ nodes, edges, seed: 9 });
  const below = (ids: Int32Array, k: number): number => ids.reduce((n, x) => n + (x < k ? 1 : 0), 0) / ids.length;
  const dst = Int32Array.from({ length: edges }, (_, e) => e);
  let at = 0;
  for (let v = 0; v < nodes; v++) for (let k = 0; k < deg[v]; k++) dst[at++] = v;
  for (const k of [16, 64, 250, 500]) {
    assert.ok(Math.abs(below(dst, k) - below(ref.dst, k)) < 0.01, `destinations below ${k}: ${below(dst, k)} vs R-MAT ${below(ref.dst, k)}`);
    assert.ok(Math.abs(below(src, k) - below(ref.src, k)) < 0.01, `sources below ${k}: ${below(src, k)} vs R-MAT ${below(ref.src, k)}`);
  }
  // The joint: sources of low destinations are lower than those of high ones, as in R-MAT.
  const lowDst = (ids: Int32Array, d: Int32Array): number => { let n = 0, m = 0; for (let e = 0; e < ids.length; e++) if (d[e] < 64) { m++; if (ids[e] < 64) n++; } return n / m; };
  assert.ok(Math.abs(lowDst(src, dst) - lowDst(ref.src, ref.dst)) < 0.02, `P(src < 64 | dst < 64): ${lowDst(src, dst)} vs R-MAT ${lowDst(ref.src, ref.dst)}`);
});
