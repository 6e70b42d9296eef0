import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CoraGraphDataset, CiteseerGraphDataset, PubmedGraphDataset } from '../../src/data/planetoid.js';
import { readPlanetoid, type NodeClassificationArrays } from '../../src/data/planetoid-raw.js';
import { DataFormatError } from '../../src/errors.js';
import { sharedData } from './shared-data.js';

const RAW = sharedData('planetoid', 'raw');
const count = (m: ArrayLike<number>): number => Array.from(m).reduce((a, b) => a + b, 0);

function checkEdges(a: NodeClassificationArrays): void {
  const seen = new Set<number>();
  for (let e = 0; e < a.src.length; e++) {
    const u = a.src[e], v = a.dst[e];
    assert.notEqual(u, v, `self-loop at edge ${e}`);
    const key = u * a.numNodes + v;
    assert.ok(!seen.has(key), `duplicate edge ${u}->${v}`);
    seen.add(key);
  }
  for (let e = 0; e < a.src.length; e++) {
    assert.ok(seen.has(a.dst[e] * a.numNodes + a.src[e]), `edge ${a.src[e]}->${a.dst[e]} has no reverse`);
  }
}

test('Cora: the standard statistics, splits and binary features', () => {
  const ds = new CoraGraphDataset({ rawDir: RAW });
  const g = ds.get(0);
  assert.equal(ds.length, 1);
  assert.equal(g.numNodes(), 2708);
  assert.equal(g.numEdges(), 10556);
  assert.equal(ds.numClasses, 7);
  assert.deepEqual([...g.ndata.get('feat').shape], [2708, 1433]);
  assert.equal(count(g.ndata.get('trainMask').data), 140);
  assert.equal(count(g.ndata.get('valMask').data), 500);
  assert.equal(count(g.ndata.get('testMask').data), 1000);
  assert.equal(g.ndata.get('trainMask').dtype, 'bool');
  const a = readPlanetoid(RAW, 'cora');
  checkEdges(a);
  // Published class sizes of Cora (PyG / DGL): a wrong test-row reordering would change them.
  const sizes = new Array(7).fill(0);
  for (const l of a.labels) sizes[l]++;
  assert.deepEqual(sizes, [351, 217, 418, 818, 426, 298, 180]);
  assert.deepEqual([...a.labels.slice(0, 10)], [3, 4, 4, 0, 3, 2, 0, 3, 3, 2]);
  for (let i = 0; i < a.features.length; i++) assert.ok(a.features[i] === 0 || a.features[i] === 1, `feature ${i} is ${a.features[i]}`);
  for (let v = 0; v < a.numNodes; v++) {
    let s = 0;
    for (let j = 0; j < a.numFeatures; j++) s += a.features[v * a.numFeatures + j];
    assert.ok(s > 0, `Cora node ${v} has an empty feature row`);
  }
  // Splits are disjoint: train [0, 140), val [140, 640), test inside [1708, 2708).
  for (let v = 0; v < a.numNodes; v++) {
    assert.ok(a.trainMask[v] + a.valMask[v] + a.testMask[v] <= 1, `node ${v} in two splits`);
    if (a.testMask[v]) assert.ok(v >= 1708);
  }
  assert.equal(a.trainMask[139], 1); assert.equal(a.valMask[140], 1); assert.equal(a.valMask[639], 1);
});

test('CiteSeer: isolated test-range ids are padded with zero rows, label 0, no split', () => {
  const ds = new CiteseerGraphDataset({ rawDir: RAW });
  const g = ds.get(0);
  assert.equal(g.numNodes(), 3327);
  assert.equal(g.numEdges(), 9104);
  assert.equal(ds.numClasses, 6);
  assert.equal(ds.numFeatures, 3703);
  const a = readPlanetoid(RAW, 'citeseer');
  checkEdges(a);
  assert.equal(count(a.trainMask), 120);
  assert.equal(count(a.valMask), 500);
  assert.equal(count(a.testMask), 1000);
  let padded = 0;
  for (let v = 2312; v < a.numNodes; v++) {
    if (a.testMask[v]) continue;
    padded++;
    for (let j = 0; j < a.numFeatures; j++) assert.equal(a.features[v * a.numFeatures + j], 0, `padded node ${v} feature ${j}`);
    assert.equal(a.labels[v], 0);
    assert.equal(a.trainMask[v] + a.valMask[v], 0);
  }
  assert.equal(padded, 15);
  for (const l of a.labels) assert.ok(l >= 0 && l < 6);
});

test('PubMed: the missing ind.pubmed.allx is named', () => {
  assert.throws(() => new PubmedGraphDataset({ rawDir: RAW }),
    (e: unknown) => e instanceof DataFormatError && /ind\.pubmed\.allx/.test(e.message) && !/ind\.pubmed\.tx/.test(e.message));
});

test('get() rejects an index outside the dataset', () => {
  const ds = new CoraGraphDataset({ rawDir: RAW });
  assert.throws(() => ds.get(1), /index 1 is out of range \[0, 1\)/);
});
