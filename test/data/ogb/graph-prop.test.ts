import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { OgbGraphPropPredDataset } from '../../../src/data/ogb/graph-prop.js';
import { DataFormatError } from '../../../src/errors.js';
import { sharedData } from '../shared-data.js';
import { column, tempRoot, writeCsvGz } from './ogb-folder.js';

// OGB's dataset table (graphs, nodes and edges per graph, tasks) and the split sizes of the released files.
const PUBLISHED = [
  { name: 'ogbg-molbace', graphs: 1513, nodes: 51577, edges: 55768, perNode: 34.1, perEdge: 36.9, split: [1210, 151, 152], metric: 'rocauc' },
  { name: 'ogbg-molbbbp', graphs: 2039, nodes: 49068, edges: 52921, perNode: 24.1, perEdge: 26.0, split: [1631, 204, 204], metric: 'rocauc' },
  { name: 'ogbg-molesol', graphs: 1128, nodes: 14991, edges: 15428, perNode: 13.3, perEdge: 13.7, split: [902, 113, 113], metric: 'rmse' },
  { name: 'ogbg-molfreesolv', graphs: 642, nodes: 5600, edges: 5385, perNode: 8.7, perEdge: 8.4, split: [513, 64, 65], metric: 'rmse' },
];

for (const p of PUBLISHED) {
  test(`${p.name}: OGB's published counts, bonds in both directions, the scaffold split a partition`, () => {
    const ds = new OgbGraphPropPredDataset(p.name, { root: sharedData('ogb') });
    assert.equal(ds.length, p.graphs);
    assert.equal(ds.numTasks, 1);
    assert.equal(ds.evalMetric, p.metric);
    let nodes = 0, edges = 0;
    for (const [g, y] of ds) {
      nodes += g.numNodes();
      edges += g.numEdges();
      assert.deepEqual([...g.ndata.get('feat').shape], [g.numNodes(), 9]);
      assert.deepEqual([...g.edata.get('feat').shape], [g.numEdges(), 3]);
      assert.equal(g.ndata.get('feat').dtype, 'int32');
      assert.deepEqual([...y.shape], [1]);
    }
    assert.equal(nodes, p.nodes);
    assert.equal(edges, 2 * p.edges, 'each stored bond appears as (u, v) and (v, u)');
    assert.equal(Math.round((10 * nodes) / p.graphs) / 10, p.perNode);
    assert.equal(Math.round((10 * edges) / 2 / p.graphs) / 10, p.perEdge);
    const split = ds.getIdxSplit();
    assert.deepEqual([split.train.length, split.valid.length, split.test.length], p.split);
    const all = [...split.train, ...split.valid, ...split.test].sort((a, b) => a - b);
    assert.deepEqual(all, Array.from({ length: p.graphs }, (_, i) => i));
  });
}

test('ogbg-molbace: graph 0 matches the raw files row for row, reverse edges interleaved with their features', () => {
  const root = sharedData('ogb');
  const ds = new OgbGraphPropPredDataset('ogbg-molbace', { root });
  const rows = (f: string): number[][] => gunzipSync(readFileSync(join(root, 'ogbg_molbace', 'raw', f))).toString()
    .trim().split('\n').map((l) => l.split(',').map(Number));
  const m = rows('num-edge-list.csv.gz')[0][0], n = rows('num-node-list.csv.gz')[0][0];
  const edge = rows('edge.csv.gz').slice(0, m), efeat = rows('edge-feat.csv.gz').slice(0, m), nfeat = rows('node-feat.csv.gz').slice(0, n);
  const [g] = ds.get(0);
  const [src, dst] = g.edges();
  const ef = g.edata.get('feat').data;
  for (let e = 0; e < m; e++) {
    assert.deepEqual([src[2 * e], dst[2 * e], src[2 * e + 1], dst[2 * e + 1]], [edge[e][0], edge[e][1], edge[e][1], edge[e][0]]);
    assert.deepEqual([...ef.slice(6 * e, 6 * e + 6)], [...efeat[e], ...efeat[e]]);
  }
  assert.deepEqual([...g.ndata.get('feat').data], nfeat.flat());
  const positives = [...ds.labels.data].filter((v) => v === 1).length;
  assert.equal(positives, 691, 'BACE: 691 inhibitors');
});

/** A two-graph molecule folder (3 + 2 atoms) with one label missing; returns the root. */
function tinyMolFolder(): string {
  const root = tempRoot(), d = 'ogbg_molbace';
  writeCsvGz(root, `${d}/raw/num-node-list.csv.gz`, column([3, 2]));
  writeCsvGz(root, `${d}/raw/num-edge-list.csv.gz`, column([2, 1]));
  writeCsvGz(root, `${d}/raw/edge.csv.gz`, [[0, 1], [1, 2], [0, 1]]);
  writeCsvGz(root, `${d}/raw/node-feat.csv.gz`, Array.from({ length: 5 }, (_, i) => [i, 0, 1, 5, 0, 0, 1, 0, 0]));
  writeCsvGz(root, `${d}/raw/edge-feat.csv.gz`, [[0, 0, 0], [1, 0, 1], [3, 0, 1]]);
  writeCsvGz(root, `${d}/raw/graph-label.csv.gz`, column([1, '""']));
  writeCsvGz(root, `${d}/split/scaffold/train.csv.gz`, column([0]));
  writeCsvGz(root, `${d}/split/scaffold/valid.csv.gz`, column([1]));
  writeCsvGz(root, `${d}/split/scaffold/test.csv.gz`, column([1]));
  return root;
}

test('a missing label stays NaN; per-graph node ids are local', () => {
  const root = tinyMolFolder();
  try {
    const ds = new OgbGraphPropPredDataset('ogbg-molbace', { root });
    assert.equal(ds.get(0)[1].data[0], 1);
    assert.ok(Number.isNaN(ds.get(1)[1].data[0]));
    const [g1] = ds.get(1);
    assert.deepEqual([...g1.edges()[0]], [0, 1]);
    assert.deepEqual([...g1.edata.get('feat').data], [3, 0, 1, 3, 0, 1]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('bad input: a split index out of range, a truncated .csv.gz, a non-integer, an edge outside its graph', () => {
  const root = tinyMolFolder(), d = join(root, 'ogbg_molbace');
  try {
    writeCsvGz(root, 'ogbg_molbace/split/scaffold/test.csv.gz', column([1, 2]));
    const ds = new OgbGraphPropPredDataset('ogbg-molbace', { root });
    assert.throws(() => ds.getIdxSplit(), (e: Error) => e instanceof DataFormatError && /test\.csv\.gz: line 2, column 1: index 2 is out of range/.test(e.message));

    const full = readFileSync(join(d, 'raw', 'node-feat.csv.gz'));
    writeFileSync(join(d, 'raw', 'node-feat.csv.gz'), full.subarray(0, full.length - 6));
    assert.throws(() => new OgbGraphPropPredDataset('ogbg-molbace', { root }), (e: Error) => e instanceof DataFormatError && /node-feat\.csv\.gz: not a complete gzip file/.test(e.message));
    writeFileSync(join(d, 'raw', 'node-feat.csv.gz'), full);

    writeCsvGz(root, 'ogbg_molbace/raw/edge.csv.gz', [[0, 1], [1, 2.5], [0, 1]]);
    assert.throws(() => new OgbGraphPropPredDataset('ogbg-molbace', { root }), /edge\.csv\.gz: line 2, column 2: '2\.5' is not an integer/);
    writeCsvGz(root, 'ogbg_molbace/raw/edge.csv.gz', [[0, 1], [1, 2], [0, 2]]);
    assert.throws(() => new OgbGraphPropPredDataset('ogbg-molbace', { root }), /edge\.csv\.gz: line 3, column 2: node 2 is outside graph 1, which has 2 nodes/);
    writeCsvGz(root, 'ogbg_molbace/raw/edge.csv.gz', [[0, 1], [1, 2, 0], [0, 1]]);
    assert.throws(() => new OgbGraphPropPredDataset('ogbg-molbace', { root }), /edge\.csv\.gz: line 2, column 3: more than the 2 values/);
    assert.throws(() => new OgbGraphPropPredDataset('ogbg-molnope', { root }), /unknown graph-property dataset 'ogbg-molnope'/);
    assert.throws(() => new OgbGraphPropPredDataset('ogbg-molbbbp', { root }), /no OGB folder at .*ogbg_molbbbp/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('load() streams the raw tables and builds the same dataset; a truncated file is named', async () => {
  const root = sharedData('ogb');
  const a = new OgbGraphPropPredDataset('ogbg-molfreesolv', { root });
  const b = await OgbGraphPropPredDataset.load('ogbg-molfreesolv', { root });
  assert.deepEqual([...b.labels.data], [...a.labels.data]);
  for (const i of [0, 17, 641]) {
    const [ga] = a.get(i), [gb] = b.get(i);
    assert.deepEqual([...gb.edges()[0]], [...ga.edges()[0]]);
    assert.deepEqual([...gb.edata.get('feat').data], [...ga.edata.get('feat').data]);
    assert.deepEqual([...gb.ndata.get('feat').data], [...ga.ndata.get('feat').data]);
  }
  const tiny = tinyMolFolder();
  try {
    const file = join(tiny, 'ogbg_molbace', 'raw', 'edge-feat.csv.gz');
    const full = readFileSync(file);
    writeFileSync(file, full.subarray(0, full.length - 6));
    await assert.rejects(OgbGraphPropPredDataset.load('ogbg-molbace', { root: tiny }), /edge-feat\.csv\.gz: cannot be read as gzip CSV/);
  } finally {
    rmSync(tiny, { recursive: true, force: true });
  }
});
