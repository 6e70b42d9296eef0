/**
 * sampledBlockSpec (the relabelling of kernel-sampled layers) against blockSpecOf, the general
 * relabelling, on random edges grouped by destination in seed order as the sampling kernel writes
 * them; edges in any other order are an error naming the edge. IdMap.insertEach against insert.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blockSpecOf, type BlockSchema, type EdgeIds } from '../../src/dataloading/block.js';
import { sampledBlockSpec } from '../../src/dataloading/sampled-block.js';
import { IdMap } from '../../src/dataloading/id-map.js';
import { DeepGraphError } from '../../src/errors.js';

/** A tiny deterministic generator (xorshift32). */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 2 ** 32; };
}

function distinct(n: number, count: number, r: () => number): Int32Array {
  const picked = new Set<number>();
  while (picked.size < count) picked.add(Math.floor(r() * n));
  return Int32Array.from(picked);
}

/** Edges into `seeds` grouped by seed in seed order (some seeds get none), sources from 0..numSrc. */
function groupedEdges(seeds: Int32Array, numSrc: number, r: () => number, firstEid: number): EdgeIds {
  const src: number[] = [], dst: number[] = [];
  for (const v of seeds) {
    const k = Math.floor(r() * 4); // 0..3 picks, zero included
    for (let j = 0; j < k; j++) { src.push(Math.floor(r() * numSrc)); dst.push(v); }
  }
  return { src: Int32Array.from(src), dst: Int32Array.from(dst), eid: Int32Array.from(src, (_, i) => firstEid + i) };
}

test('sampledBlockSpec gives blockSpecOf\'s block for grouped edges: homogeneous and two node types', () => {
  const homo: BlockSchema = { ntypes: ['_N'], numNodes: [50], relations: [{ srcType: 0, etype: '_E', dstType: 0 }] };
  const hetero: BlockSchema = {
    ntypes: ['item', 'user'], numNodes: [30, 40],
    relations: [{ srcType: 1, etype: 'buys', dstType: 0 }, { srcType: 0, etype: 'bought-by', dstType: 1 }, { srcType: 1, etype: 'follows', dstType: 1 }],
  };
  for (const schema of [homo, hetero]) {
    for (let trial = 0; trial < 20; trial++) {
      const r = rng(trial * 7 + schema.ntypes.length);
      const dstNodes = schema.numNodes.map((n) => distinct(n, 1 + Math.floor(r() * 10), r));
      const edges = schema.relations.map((rel, i) => groupedEdges(dstNodes[rel.dstType], schema.numNodes[rel.srcType], r, i * 1000));
      const mine = sampledBlockSpec(schema, dstNodes, edges, 'test');
      const general = blockSpecOf(schema, dstNodes, edges, {}, 'test');
      assert.deepEqual(mine, general, `${schema.ntypes.join('+')} trial ${trial}`);
      for (const [t, ids] of dstNodes.entries()) assert.deepEqual(mine.srcNodes[t].subarray(0, ids.length), ids, 'sources start with the destinations');
    }
  }
});

test('sampledBlockSpec: edges not grouped in seed order are an error naming the edge and node', () => {
  const schema: BlockSchema = { ntypes: ['_N'], numNodes: [10], relations: [{ srcType: 0, etype: '_E', dstType: 0 }] };
  const seeds = Int32Array.from([4, 7]);
  const edges: EdgeIds = { src: Int32Array.from([1, 2, 3]), dst: Int32Array.from([7, 4, 4]), eid: Int32Array.from([0, 1, 2]) };
  assert.throws(() => sampledBlockSpec(schema, [seeds], [edges], 'NeighborSampler'),
    (e: unknown) => e instanceof DeepGraphError && /NeighborSampler: sampled edges are not grouped by destination in seed order \(edge 1, node 4\)/.test(e.message));
  // A failed call gives its maps back clean: the next call relabels from scratch.
  const ok: EdgeIds = { src: Int32Array.from([9, 4]), dst: Int32Array.from([4, 7]), eid: Int32Array.from([0, 1]) };
  assert.deepEqual([...sampledBlockSpec(schema, [seeds], [ok], 'x').srcNodes[0]], [4, 7, 9]);
});

test('IdMap.insertEach: the local ids insert() gives, growing past the initial capacity, capped at numNodes', () => {
  const r = rng(5);
  const ids = Int32Array.from({ length: 500 }, () => Math.floor(r() * 300));
  const a = new IdMap(300), b = new IdMap(300);
  const expected = Int32Array.from(ids, (v) => a.insert(v));
  const local = new Int32Array(ids.length);
  b.insertAll(Int32Array.from([ids[3], ids[1]]));
  b.clear();
  b.insertEach(ids, local);
  assert.deepEqual(local, expected);
  assert.deepEqual(b.ids(), a.ids());
  assert.equal(b.size, a.size);
  b.insertEach(Int32Array.from([ids[0], 299]), null);
  assert.equal(b.get(299), a.get(299) >= 0 ? a.get(299) : a.size, 'a new id goes at the end');
});
