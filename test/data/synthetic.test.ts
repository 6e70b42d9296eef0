import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SyntheticNodeDataset } from '../../src/data/synthetic.js';
import { stochasticBlockModel } from '../../src/data/sbm.js';

const sum = (m: ArrayLike<number>): number => Array.from(m).reduce((a, b) => a + b, 0);

test('synthetic SBM: the same seed gives the same dataset, another seed a different one', () => {
  const a = stochasticBlockModel({ seed: 7 }), b = stochasticBlockModel({ seed: 7 }), c = stochasticBlockModel({ seed: 8 });
  assert.deepEqual(a.src, b.src);
  assert.deepEqual(a.dst, b.dst);
  assert.deepEqual(a.features, b.features);
  assert.deepEqual(a.labels, b.labels);
  assert.deepEqual(a.trainMask, b.trainMask);
  assert.notDeepEqual(a.labels, c.labels);
  assert.notDeepEqual(a.features, c.features);
});

test('synthetic SBM: Planetoid-like splits, symmetric simple graph, homophilous edges', () => {
  const a = stochasticBlockModel({ numNodes: 1000, numClasses: 4, numFeatures: 16, avgDegree: 8, homophily: 0.9, seed: 3, numVal: 200, numTest: 400 });
  assert.equal(sum(a.trainMask), 80);
  assert.equal(sum(a.valMask), 200);
  assert.equal(sum(a.testMask), 400);
  const perClass = [0, 0, 0, 0];
  for (let v = 0; v < 1000; v++) {
    assert.ok(a.trainMask[v] + a.valMask[v] + a.testMask[v] <= 1);
    if (a.trainMask[v]) perClass[a.labels[v]]++;
  }
  assert.deepEqual(perClass, [20, 20, 20, 20]);
  const keys = new Set<number>();
  let same = 0;
  for (let e = 0; e < a.src.length; e++) {
    assert.notEqual(a.src[e], a.dst[e]);
    keys.add(a.src[e] * 1000 + a.dst[e]);
    if (a.labels[a.src[e]] === a.labels[a.dst[e]]) same++;
  }
  assert.equal(keys.size, a.src.length, 'no duplicate edges');
  for (let e = 0; e < a.src.length; e++) assert.ok(keys.has(a.dst[e] * 1000 + a.src[e]), 'every edge has its reverse');
  const meanDegree = a.src.length / 1000;
  assert.ok(meanDegree > 7 && meanDegree <= 8, `mean degree ${meanDegree}`);
  const h = same / a.src.length;
  assert.ok(h > 0.85 && h < 0.95, `edge homophily ${h}`);
});

test('synthetic SBM: features carry the class (class means differ more than within-class spread allows by chance)', () => {
  const a = stochasticBlockModel({ numNodes: 2000, numClasses: 2, numFeatures: 32, featureSignal: 1, seed: 5, numVal: 100, numTest: 100 });
  // With featureSignal 1, nearest-class-mean on raw features is far above chance.
  const f = 32, mean = [new Float64Array(f), new Float64Array(f)], cnt = [0, 0];
  for (let v = 0; v < 2000; v++) { cnt[a.labels[v]]++; for (let j = 0; j < f; j++) mean[a.labels[v]][j] += a.features[v * f + j]; }
  for (const c of [0, 1]) for (let j = 0; j < f; j++) mean[c][j] /= cnt[c];
  let ok = 0;
  for (let v = 0; v < 2000; v++) {
    const d = [0, 1].map((c) => { let s = 0; for (let j = 0; j < f; j++) s += (a.features[v * f + j] - mean[c][j]) ** 2; return s; });
    if ((d[0] < d[1] ? 0 : 1) === a.labels[v]) ok++;
  }
  assert.ok(ok / 2000 > 0.9, `nearest-mean accuracy ${ok / 2000}`);
});

test('SyntheticNodeDataset: one graph with the node-classification frames', () => {
  const ds = new SyntheticNodeDataset({ numNodes: 300, numClasses: 3, numFeatures: 8, numVal: 50, numTest: 100, seed: 1 });
  const g = ds.get(0);
  assert.equal(ds.numClasses, 3);
  assert.equal(g.numNodes(), 300);
  assert.deepEqual([...g.ndata.get('feat').shape], [300, 8]);
  assert.equal(g.ndata.get('label').dtype, 'int32');
  assert.equal(g.ndata.get('testMask').dtype, 'bool');
  assert.equal(sum(g.ndata.get('trainMask').data), 60);
});

test('synthetic SBM: impossible options are RangeErrors', () => {
  assert.throws(() => stochasticBlockModel({ numNodes: 100 }), /exceeds 100 nodes/);
  assert.throws(() => stochasticBlockModel({ homophily: 1.5 }), /homophily must be in \[0, 1\]/);
  assert.throws(() => stochasticBlockModel({ numClasses: 1 }), RangeError);
});
