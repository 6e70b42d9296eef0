import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import type { SparseAdj } from '../../src/graph/sparse.js';
import { ItemStream } from '../../src/kernels/js/sampling.js';
import { forEachBackend, seededData } from '../helpers.js';
import { assertBinomial, randomAdj, range } from './util.js';

type Dir = 'in' | 'out';

/** Naive statement of the sampling rule (same random streams), for comparison with every backend. */
function reference(adj: SparseAdj, dir: Dir, seeds: number[], fanout: number, replace: boolean,
  prob: Float64Array | null, exclude: Set<number>, seed: number): number[] {
  const { src, dst } = adj.coo();
  const picked: number[] = [];
  seeds.forEach((s, i) => {
    const cand = range(adj.numEdges).filter((e) => (dir === 'in' ? dst[e] : src[e]) === s
      && !exclude.has(e) && (prob === null || prob[e] > 0));
    const n = cand.length;
    if (fanout < 0 || (!replace && n <= fanout)) { picked.push(...cand); return; }
    if (n === 0) return;
    const rng = new ItemStream().reset(seed, i);
    if (replace && prob === null) {
      for (let j = 0; j < fanout; j++) picked.push(cand[rng.int(n)]);
    } else if (replace) {
      const total = cand.reduce((a, e) => a + prob![e], 0);
      for (let j = 0; j < fanout; j++) {
        const x = rng.open01() * total;
        let acc = 0;
        picked.push(cand.find((e) => (acc += prob![e]) > x) ?? cand[n - 1]);
      }
    } else if (prob === null) {
      const chosen: number[] = [];
      for (let j = n - fanout; j < n; j++) {
        const t = rng.int(j + 1);
        chosen.push(chosen.includes(t) ? j : t);
      }
      picked.push(...chosen.map((j) => cand[j]));
    } else {
      const keyed = cand.map((e) => ({ e, key: Math.log(rng.open01()) / prob[e] }));
      keyed.sort((a, b) => b.key - a.key);
      picked.push(...keyed.slice(0, fanout).map((k) => k.e));
    }
  });
  return picked;
}

test('sampleNeighborEdges matches the naive rule on random multigraphs, on every backend', async () => {
  await forEachBackend(() => {
    for (const [numNodes, numEdges, gseed] of [[30, 200, 1], [12, 0, 2], [40, 90, 3]] as const) {
      const adj = randomAdj(numNodes, numEdges, gseed);
      const prob = seededData(numEdges, gseed + 5, -0.5, 2).map((w) => Math.max(0, w));
      const exclude = new Set(range(numEdges).filter((e) => e % 7 === 3));
      const seeds = range(numNodes).concat([0, 0, 1]);
      for (const dir of ['in', 'out'] as const) {
        for (const fanout of [0, 1, 3, 8, -1]) {
          for (const replace of [false, true]) {
            for (const weighted of [false, true]) {
              for (const excluding of [false, true]) {
                const s = dg.sampleNeighborEdges(adj, seeds, fanout, {
                  edgeDir: dir, replace, seed: 99, prob: weighted ? prob : undefined,
                  excludeEdges: excluding ? [...exclude] : undefined,
                });
                const want = reference(adj, dir, seeds, fanout, replace, weighted ? prob : null,
                  excluding ? exclude : new Set(), 99);
                assert.deepEqual([...s.eid], want, `dir ${dir} fanout ${fanout} replace ${replace} weighted ${weighted} excluding ${excluding}`);
              }
            }
          }
        }
      }
    }
  });
});

test('sampled edges exist with the right endpoints; fanout, distinctness and exclusion hold', () => {
  const adj = randomAdj(60, 700, 11);
  const { src, dst } = adj.coo();
  const inDeg = adj.inDegrees(), outDeg = adj.outDegrees();
  const excluded = range(adj.numEdges).filter((e) => e % 5 === 0);
  for (const dir of ['in', 'out'] as const) {
    for (const fanout of [1, 4, 20]) {
      for (const replace of [false, true]) {
        for (const exclude of [undefined, excluded]) {
          const seeds = range(60);
          const s = dg.sampleNeighborEdges(adj, seeds, fanout, { edgeDir: dir, replace, seed: fanout, excludeEdges: exclude });
          const perSeed = new Map<number, number[]>();
          for (let i = 0; i < s.eid.length; i++) {
            const e = s.eid[i];
            assert.equal(s.src[i], src[e], `edge ${e} source`);
            assert.equal(s.dst[i], dst[e], `edge ${e} destination`);
            assert.ok(exclude === undefined || e % 5 !== 0, `excluded edge ${e} was sampled`);
            const key = dir === 'in' ? s.dst[i] : s.src[i];
            perSeed.set(key, [...(perSeed.get(key) ?? []), e]);
          }
          for (const v of seeds) {
            const got = perSeed.get(v) ?? [];
            const deg = exclude === undefined ? (dir === 'in' ? inDeg[v] : outDeg[v])
              : range(adj.numEdges).filter((e) => e % 5 !== 0 && (dir === 'in' ? dst[e] : src[e]) === v).length;
            const want = replace ? (deg > 0 ? fanout : 0) : Math.min(fanout, deg);
            assert.equal(got.length, want, `node ${v} (degree ${deg}) fanout ${fanout} replace ${replace}`);
            if (!replace) assert.equal(new Set(got).size, got.length, `node ${v}: repeated edge without replacement`);
          }
        }
      }
    }
  }
});

/** A star: edges 0..4 all point into node 0, with the given weights. */
function star(weights: number[]): { adj: SparseAdj; prob: Float64Array } {
  const k = weights.length;
  const adj = dg.SparseAdj.fromCoo(Int32Array.from(range(k), (i) => i + 1), new Int32Array(k), k + 1, k + 1);
  return { adj, prob: Float64Array.from(weights) };
}

test('uniform sampling without replacement: each pair of edges equally likely', () => {
  const { adj } = star([1, 1, 1, 1, 1]);
  const draws = 20000;
  const s = dg.sampleNeighborEdges(adj, new Int32Array(draws), 2, { seed: 5 });
  const pairCounts = new Map<string, number>();
  for (let i = 0; i < draws; i++) {
    const key = [s.eid[2 * i], s.eid[2 * i + 1]].sort().join(',');
    pairCounts.set(key, (pairCounts.get(key) ?? 0) + 1);
  }
  assert.equal(pairCounts.size, 10);
  for (const [pair, c] of pairCounts) assertBinomial(c, draws, 1 / 10, `pair ${pair}`);
});

test('weighted sampling: zero-weight edges never picked, frequencies follow the weights', () => {
  const weights = [0, 1, 2, 3, 4];
  const { adj, prob } = star(weights);
  const draws = 20000;
  const total = weights.reduce((a, b) => a + b, 0);
  const withRep = dg.sampleNeighborEdges(adj, new Int32Array(draws), 1, { prob, replace: true, seed: 1 });
  const counts = new Array<number>(5).fill(0);
  for (const e of withRep.eid) counts[e]++;
  assert.equal(counts[0], 0);
  weights.forEach((w, e) => assertBinomial(counts[e], draws, w / total, `with replacement, edge ${e}`));

  // Without replacement, 2 of 5: inclusion probability of successive weighted draws, by enumeration.
  const inclusion = weights.map((_, a) => {
    let p = 0;
    for (let x = 0; x < 5; x++) {
      for (let y = 0; y < 5; y++) {
        if (x !== y && (x === a || y === a)) p += (weights[x] / total) * (weights[y] / (total - weights[x]));
      }
    }
    return p;
  });
  const noRep = dg.sampleNeighborEdges(adj, new Int32Array(draws), 2, { prob, seed: 2 });
  const inc = new Array<number>(5).fill(0);
  for (const e of noRep.eid) inc[e]++;
  assert.equal(inc[0], 0);
  weights.forEach((_, e) => assertBinomial(inc[e], draws, inclusion[e], `without replacement, edge ${e}`));
  // With fewer positive-weight edges than the fanout, only those are returned.
  const few = dg.sampleNeighborEdges(adj, [0], 4, { prob: Float64Array.from([0, 0, 5, 0, 1]), seed: 3 });
  assert.deepEqual([...few.eid].sort(), [2, 4]);
});

test('same seed gives the same sample; the global generator seeds it by default', () => {
  const adj = randomAdj(100, 1500, 21);
  const seeds = range(100);
  const a = dg.sampleNeighborEdges(adj, seeds, 5, { seed: 42 });
  const b = dg.sampleNeighborEdges(adj, seeds, 5, { seed: 42 });
  const c = dg.sampleNeighborEdges(adj, seeds, 5, { seed: 43 });
  assert.deepEqual(a, b);
  assert.notDeepEqual([...a.eid], [...c.eid]);
  dg.manualSeed(7);
  const d = dg.sampleNeighborEdges(adj, seeds, 5);
  dg.manualSeed(7);
  const e = dg.sampleNeighborEdges(adj, dg.tensor(Int32Array.from(seeds)), 5);
  assert.deepEqual(d, e);
});

test('selectTopkEdges keeps the k heaviest (or lightest) edges per node', () => {
  const adj = randomAdj(25, 160, 31);
  const w = seededData(adj.numEdges, 32, -3, 3);
  const { dst } = adj.coo();
  for (const ascending of [false, true]) {
    for (const k of [0, 2, 5, -1]) {
      const s = dg.selectTopkEdges(adj, k, w, undefined, { ascending });
      for (let v = 0; v < 25; v++) {
        const inEdges = range(adj.numEdges).filter((e) => dst[e] === v);
        inEdges.sort((x, y) => (ascending ? w[x] - w[y] : w[y] - w[x]) || x - y);
        const want = k < 0 ? inEdges : inEdges.slice(0, k);
        const got = [...s.eid].filter((_, i) => s.dst[i] === v);
        assert.deepEqual(got, want, `node ${v} k ${k} ascending ${ascending}`);
      }
    }
  }
});

test('bad input names the problem', () => {
  const adj = randomAdj(10, 30, 41);
  assert.throws(() => dg.sampleNeighborEdges(adj, [3, 10], 2), (e: Error) =>
    e instanceof RangeError && /seed node 10/.test(e.message) && /10 nodes/.test(e.message));
  assert.throws(() => dg.sampleNeighborEdges(adj, [-1], 2), RangeError);
  for (const bad of [1.5, -2, NaN]) {
    assert.throws(() => dg.sampleNeighborEdges(adj, [1], bad), (e: Error) => e instanceof RangeError && /fanout/.test(e.message));
  }
  assert.throws(() => dg.sampleNeighborEdges(adj, [1], 2, { prob: new Float64Array(29) }), (e: Error) =>
    e instanceof dg.ShapeError && /prob/.test(e.message) && /30/.test(e.message));
  const negative = new Float64Array(30).fill(1); negative[4] = -1;
  assert.throws(() => dg.sampleNeighborEdges(adj, [1], 2, { prob: negative }), (e: Error) =>
    e instanceof RangeError && /prob/.test(e.message) && /edge 4/.test(e.message));
  const nan = new Float64Array(30).fill(1); nan[7] = NaN;
  assert.throws(() => dg.sampleNeighborEdges(adj, [1], 2, { prob: nan }), /prob.*edge 7 has NaN/);
  assert.throws(() => dg.sampleNeighborEdges(adj, [1], 2, { excludeEdges: [30] }), /excluded edge 30/);
  assert.throws(() => dg.selectTopkEdges(adj, 2, nan), /NaN/);
});
