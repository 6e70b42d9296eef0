import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { forEachBackend } from '../helpers.js';
import { assertBinomial, randomAdj, range } from './util.js';

const edgeSet = (adj: dg.SparseAdj): Set<string> => {
  const { src, dst } = adj.coo();
  return new Set(range(adj.numEdges).map((e) => `${src[e]},${dst[e]}`));
};

test('global uniform negatives are not edges, not self loops, and unique without replacement', async () => {
  await forEachBackend(() => {
    const adj = randomAdj(30, 300, 5);
    const edges = edgeSet(adj);
    const neg = dg.globalUniformNegativeSampling(adj, 200, { seed: 3 });
    assert.equal(neg.src.size, 200, 'a sparse graph yields every requested sample');
    const seen = new Set<string>();
    for (let i = 0; i < neg.src.size; i++) {
      const u = neg.src.data[i], v = neg.dst.data[i], key = `${u},${v}`;
      assert.ok(!edges.has(key), `negative ${key} is an edge`);
      assert.notEqual(u, v, 'self loop returned');
      assert.ok(!seen.has(key), `pair ${key} repeated`);
      seen.add(key);
    }
    const withLoops = dg.globalUniformNegativeSampling(adj, 400, { seed: 3, excludeSelfLoops: false, replace: true });
    for (let i = 0; i < withLoops.src.size; i++) {
      assert.ok(!edges.has(`${withLoops.src.data[i]},${withLoops.dst.data[i]}`));
    }
    assert.deepEqual(dg.globalUniformNegativeSampling(adj, 200, { seed: 3 }), neg);
  });
});

test('global negatives on a nearly complete graph: only the free pairs, never more than asked', () => {
  // All 4x4 pairs except (1, 2) and the self loops are edges.
  const src: number[] = [], dst: number[] = [];
  for (let u = 0; u < 4; u++) for (let v = 0; v < 4; v++) if (u !== v && !(u === 1 && v === 2)) { src.push(u); dst.push(v); }
  const adj = dg.SparseAdj.fromCoo(Int32Array.from(src), Int32Array.from(dst), 4, 4);
  const neg = dg.globalUniformNegativeSampling(adj, 5, { seed: 1, redundancy: 200 });
  assert.deepEqual([...neg.src.data], [1]);
  assert.deepEqual([...neg.dst.data], [2]);
  assert.equal(dg.globalUniformNegativeSampling(adj, 0).src.size, 0);
  assert.throws(() => dg.globalUniformNegativeSampling(adj, -1), /numSamples/);
});

test('PerSourceUniform / Uniform keep each source k times with uniform destinations', () => {
  const adj = randomAdj(20, 80, 7);
  const { src } = adj.coo();
  const eids = [3, 10, 10, 79];
  for (const sampler of [new dg.PerSourceUniform(3), new dg.Uniform(3)]) {
    const neg = sampler.sample(adj, eids);
    assert.deepEqual([...neg.src.data], eids.flatMap((e) => [src[e], src[e], src[e]]));
    for (const v of neg.dst.data) assert.ok(v >= 0 && v < 20);
  }
  const many = new dg.Uniform(2000).sample(adj, [0]);
  const counts = new Array<number>(20).fill(0);
  for (const v of many.dst.data) counts[v]++;
  counts.forEach((c, v) => assertBinomial(c, 2000, 1 / 20, `destination ${v}`));
  assert.throws(() => new dg.Uniform(0), /k must be a positive integer/);
  assert.throws(() => sampler().sample(adj, [80]), /edge 80/);
  function sampler(): dg.NegativeSampler { return new dg.PerSourceUniform(1); }
});

test('GlobalUniform gives k negatives per positive edge, none of them edges', () => {
  const g = dg.graph([Int32Array.from([0, 1, 2, 3]), Int32Array.from([1, 2, 3, 0])], { numNodes: 50 });
  const edges = edgeSet(g.sparse());
  const neg = new dg.GlobalUniform(4).sample(g, [0, 2, 3]);
  assert.equal(neg.src.size, 12);
  for (let i = 0; i < 12; i++) {
    assert.ok(!edges.has(`${neg.src.data[i]},${neg.dst.data[i]}`));
    assert.notEqual(neg.src.data[i], neg.dst.data[i]);
  }
});

test('negative samplers are reproducible per seed and the draw of one edge does not depend on the others', () => {
  const adj = randomAdj(40, 200, 9);
  for (const make of [() => new dg.PerSourceUniform(3), () => new dg.GlobalUniform(3)]) {
    const a = make().sample(adj, [1, 5, 7], { seed: 11 });
    const b = make().sample(adj, [1, 5, 7], { seed: 11 });
    const c = make().sample(adj, [1, 5, 7], { seed: 12 });
    assert.deepEqual(a, b);
    assert.notDeepEqual([...a.dst.data], [...c.dst.data]);
    dg.manualSeed(3);
    const d = make().sample(adj, [1, 5, 7]);
    dg.manualSeed(3);
    assert.deepEqual(make().sample(adj, [1, 5, 7]), d);
  }
  // Per-source: edge 5's negatives are the same whether it is sampled alone or after others.
  const alone = new dg.PerSourceUniform(4).sample(adj, [5], { seed: 2 });
  const many = new dg.PerSourceUniform(4).sample(adj, [5, 9, 9], { seed: 2 });
  assert.deepEqual([...many.dst.data].slice(0, 4), [...alone.dst.data]);
  assert.deepEqual(new dg.Uniform(2).toSpec(), { kind: 'perSourceUniform', k: 2 });
  assert.deepEqual(new dg.GlobalUniform(2, { replace: true }).toSpec(), { kind: 'globalUniform', k: 2, opts: { replace: true } });
  assert.throws(() => new dg.GlobalUniform(1, { redundancy: 0.5 }), /redundancy/);
});
