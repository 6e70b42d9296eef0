import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import type { SparseAdj } from '../../src/graph/sparse.js';
import { forEachBackend } from '../helpers.js';
import { assertBinomial, randomAdj, range } from './util.js';

/** Asserts every step of every trace is the recorded edge, and -1 padding follows a stop. */
function checkWalks(w: dg.Walks, adjOfStep: (t: number) => SparseAdj, what: string): void {
  const [n, cols] = w.traces.shape;
  for (let i = 0; i < n; i++) {
    let stopped = false;
    for (let t = 0; t + 1 < cols; t++) {
      const u = w.traces.data[i * cols + t], v = w.traces.data[i * cols + t + 1], e = w.eids.data[i * (cols - 1) + t];
      if (stopped || u < 0) {
        assert.equal(v, -1, `${what}: walk ${i} continues after stopping`);
        assert.equal(e, -1);
        stopped = true;
        continue;
      }
      if (v < 0) { stopped = true; continue; }
      const { src, dst } = adjOfStep(t).coo();
      assert.ok(src[e] === u && dst[e] === v, `${what}: walk ${i} step ${t} ${u}->${v} is not edge ${e}`);
    }
  }
}

test('random walks follow out-edges and stop only at dead ends', async () => {
  await forEachBackend(() => {
    const adj = randomAdj(40, 120, 3);
    const w = dg.randomWalk(adj, range(40), { length: 6, seed: 1 });
    assert.deepEqual([...w.traces.shape], [40, 7]);
    checkWalks(w, () => adj, 'homogeneous');
    const outDeg = adj.outDegrees();
    for (let i = 0; i < 40; i++) {
      for (let t = 0; t < 6; t++) {
        const u = w.traces.data[i * 7 + t], v = w.traces.data[i * 7 + t + 1];
        if (u >= 0 && v < 0) assert.equal(outDeg[u], 0, `walk ${i} stopped at node ${u} which has out-edges`);
      }
    }
    assert.deepEqual(dg.randomWalk(adj, range(40), { length: 6, seed: 1 }).traces.data, w.traces.data);
  });
});

test('metapath walks alternate relations of a typed graph', () => {
  const g = dg.heterograph({
    'user:buys:item': [[0, 0, 1, 2, 3, 3], [0, 1, 1, 2, 0, 2]],
    'item:bought-by:user': [[0, 1, 1, 2, 0, 2], [0, 0, 1, 2, 3, 3]],
  });
  const w = dg.randomWalk(g, [0, 1, 2, 3], { metapath: ['buys', 'bought-by', 'buys'], seed: 4 });
  assert.deepEqual(w.types, ['user', 'item', 'user', 'item']);
  checkWalks(w, (t) => g.sparse(t % 2 === 0 ? 'buys' : 'bought-by'), 'metapath');
  for (let i = 0; i < 4 * 4; i++) assert.ok(w.traces.data[i] >= 0, 'every node here has out-edges');
  assert.throws(() => dg.randomWalk(g, [0], { metapath: ['buys', 'buys'] }), /metapath step 0/);
});

test('restartProb stops walks after each transition with that probability', () => {
  // A directed cycle never dead-ends, so the walk length is geometric.
  const n = 10;
  const adj = dg.SparseAdj.fromCoo(Int32Array.from(range(n)), Int32Array.from(range(n), (i) => (i + 1) % n), n, n);
  const draws = 8000, p = 0.3;
  const w = dg.randomWalk(adj, new Int32Array(draws), { length: 4, restartProb: p, seed: 9 });
  const full = range(draws).filter((i) => w.traces.data[i * 5 + 4] >= 0).length;
  assertBinomial(full, draws, (1 - p) ** 3, 'walks of full length');
  const one = dg.randomWalk(adj, [0, 1], { length: 3, restartProb: 1, seed: 9 });
  assert.deepEqual([...one.traces.data], [0, 1, -1, -1, 1, 2, -1, -1]);
});

test('weighted walks never take zero-weight edges and follow the weights', () => {
  const adj = dg.SparseAdj.fromCoo(Int32Array.from([0, 0, 0, 1, 2, 3]), Int32Array.from([1, 2, 3, 0, 0, 0]), 4, 4);
  const prob = Float64Array.from([0, 1, 3, 1, 1, 1]);
  const draws = 8000;
  const w = dg.randomWalk(adj, new Int32Array(draws), { length: 1, prob, seed: 2 });
  const counts = [0, 0, 0, 0];
  for (let i = 0; i < draws; i++) counts[w.traces.data[i * 2 + 1]]++;
  assert.equal(counts[1], 0);
  assertBinomial(counts[3], draws, 3 / 4, 'heavy edge');
  assert.throws(() => dg.randomWalk(adj, [0], { length: 1, prob: Float64Array.from([0, 1, -3, 1, 1, 1]) }), /prob.*edge 2/);
});

test('node2vec: walks follow edges and second steps follow the p/q weights', () => {
  // From 0 -> 1, node 1 can go back to 0 (1/p), to 2 (also a neighbour of 0: weight 1) or to 3 (1/q).
  const src = [0, 0, 1, 1, 1, 2, 3], dst = [1, 2, 0, 2, 3, 0, 1];
  const adj = dg.SparseAdj.fromCoo(Int32Array.from(src), Int32Array.from(dst), 4, 4);
  const p = 2, q = 0.5;
  const draws = 8000;
  // Start walks at 0; keep those whose first step went to 1.
  const w = dg.node2vecRandomWalk(adj, new Int32Array(draws), p, q, 2, { seed: 6 });
  checkWalks(w, () => adj, 'node2vec');
  const counts = [0, 0, 0, 0];
  let viaOne = 0;
  for (let i = 0; i < draws; i++) {
    if (w.traces.data[i * 3 + 1] !== 1) continue;
    viaOne++;
    counts[w.traces.data[i * 3 + 2]]++;
  }
  const weights = [1 / p, 0, 1, 1 / q], total = weights.reduce((a, b) => a + b, 0);
  assertBinomial(viaOne, draws, 1 / 2, 'first step (first-order)');
  for (const x of [0, 2, 3]) assertBinomial(counts[x], viaOne, weights[x] / total, `second step to ${x}`);
  assert.throws(() => dg.node2vecRandomWalk(adj, [0], 0, 1, 2), /p must be a positive/);
  assert.throws(() => dg.node2vecRandomWalk(adj, [4], 1, 1, 2), /start node 4.*4 nodes/);
});

test('walk options are validated', () => {
  const adj = randomAdj(5, 10, 1);
  assert.throws(() => dg.randomWalk(adj, [0], { length: 2, metapath: ['_E'] }), /exactly one of metapath and length/);
  assert.throws(() => dg.randomWalk(adj, [0], {}), /exactly one/);
  assert.throws(() => dg.randomWalk(adj, [0], { length: 2, restartProb: 1.5 }), /restartProb/);
  assert.throws(() => dg.randomWalk(adj, [0], { length: -1 }), /length/);
  assert.throws(() => dg.randomWalk(adj, [7], { length: 2 }), (e: Error) => e instanceof RangeError && /start node 7/.test(e.message));
});
