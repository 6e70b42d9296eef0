import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { OgbNodePropPredDataset, type OgbHeteroSplit } from '../../../src/data/ogb/node-prop.js';
import { OgbLinkPropPredDataset } from '../../../src/data/ogb/link-prop.js';
import type { OgbSplit } from '../../../src/data/ogb/split.js';
import type { Tensor } from '../../../src/tensor/tensor.js';
import { DataFormatError } from '../../../src/errors.js';
import { column, tempRoot, writeCsvGz } from './ogb-folder.js';

function withRoot(body: (root: string) => void): void {
  const root = tempRoot();
  try { body(root); } finally { rmSync(root, { recursive: true, force: true }); }
}

test('ogbn-arxiv layout: directed edges kept as stored, float features, node_year, int labels, time split', () => {
  withRoot((root) => {
    const d = 'ogbn_arxiv';
    writeCsvGz(root, `${d}/raw/edge.csv.gz`, [[0, 1], [2, 1], [3, 0]]);
    writeCsvGz(root, `${d}/raw/num-node-list.csv.gz`, column([4]));
    writeCsvGz(root, `${d}/raw/num-edge-list.csv.gz`, column([3]));
    writeCsvGz(root, `${d}/raw/node-feat.csv.gz`, [[0.5, -1], [0.25, 2], [1e-3, 0], [3, 4]]);
    writeCsvGz(root, `${d}/raw/node_year.csv.gz`, column([2019, 2018, 2020, 2017]));
    writeCsvGz(root, `${d}/raw/node-label.csv.gz`, column([3, 0, 39, 7]));
    writeCsvGz(root, `${d}/split/time/train.csv.gz`, column([3, 1]));
    writeCsvGz(root, `${d}/split/time/valid.csv.gz`, column([0]));
    writeCsvGz(root, `${d}/split/time/test.csv.gz`, column([2]));
    const ds = new OgbNodePropPredDataset('ogbn-arxiv', { root });
    const [g, labels] = ds.get(0);
    assert.equal(g.numNodes(), 4);
    assert.deepEqual([...g.edges()[0]], [0, 2, 3]);
    assert.deepEqual([...g.edges()[1]], [1, 1, 0]);
    assert.equal(g.ndata.get('feat').dtype, 'float32');
    assert.deepEqual([...g.ndata.get('feat').data], [0.5, -1, 0.25, 2, Math.fround(1e-3), 0, 3, 4]);
    assert.deepEqual([...g.ndata.get('year').data], [2019, 2018, 2020, 2017]);
    assert.deepEqual([...(labels as Tensor).shape], [4, 1]);
    assert.deepEqual([...(labels as Tensor).data], [3, 0, 39, 7]);
    const split = ds.getIdxSplit() as OgbSplit;
    assert.deepEqual([[...split.train], [...split.valid], [...split.test]], [[3, 1], [0], [2]]);
    assert.equal(ds.evalMetric, 'acc');
    writeCsvGz(root, `${d}/split/time/valid.csv.gz`, column([0, -1]));
    assert.throws(() => ds.getIdxSplit(), (e: Error) => e instanceof DataFormatError && /valid\.csv\.gz: line 2, column 1: index -1 is out of range: there are 4 nodes/.test(e.message));
  });
});

test('ogbn-proteins layout: inverse edges added with their features, 112 label columns', () => {
  withRoot((root) => {
    const d = 'ogbn_proteins';
    writeCsvGz(root, `${d}/raw/edge.csv.gz`, [[0, 1], [1, 2]]);
    writeCsvGz(root, `${d}/raw/num-node-list.csv.gz`, column([3]));
    writeCsvGz(root, `${d}/raw/num-edge-list.csv.gz`, column([2]));
    writeCsvGz(root, `${d}/raw/edge-feat.csv.gz`, [[0.1, 0.2], [0.3, 0.4]]);
    writeCsvGz(root, `${d}/raw/node_species.csv.gz`, column([3702, 3702, 9606]));
    writeCsvGz(root, `${d}/raw/node-label.csv.gz`, [0, 1, 2].map((i) => Array.from({ length: 112 }, (_, j) => (i + j) % 2)));
    const ds = new OgbNodePropPredDataset('ogbn-proteins', { root });
    const g = ds.graph;
    assert.deepEqual([...g.edges()[0]], [0, 1, 1, 2]);
    assert.deepEqual([...g.edges()[1]], [1, 0, 2, 1]);
    assert.deepEqual([...g.edata.get('feat').data].map((v) => Math.round(v * 10) / 10), [0.1, 0.2, 0.1, 0.2, 0.3, 0.4, 0.3, 0.4]);
    assert.deepEqual([...g.ndata.get('species').data], [3702, 3702, 9606]);
    assert.deepEqual([...(ds.labels as Tensor).shape], [3, 112]);
  });
});

test('ogbn-mag layout: typed graph from relations/, per-type features, labels and split', () => {
  withRoot((root) => {
    const d = 'ogbn_mag';
    writeCsvGz(root, `${d}/raw/num-node-dict.csv.gz`, [['author', 'field_of_study', 'institution', 'paper'], [2, 1, 1, 3]]);
    const rels: Array<[string, string, string, number[][]]> = [
      ['author', 'affiliated_with', 'institution', [[0, 0], [1, 0]]],
      ['author', 'writes', 'paper', [[0, 0], [0, 1], [1, 2]]],
      ['paper', 'cites', 'paper', [[1, 0], [2, 0]]],
      ['paper', 'has_topic', 'field_of_study', [[0, 0]]],
    ];
    writeCsvGz(root, `${d}/raw/triplet-type-list.csv.gz`, [...rels].reverse().map(([h, r, t]) => [h, r, t]));
    for (const [h, r, t, e] of rels) {
      writeCsvGz(root, `${d}/raw/relations/${h}___${r}___${t}/edge.csv.gz`, e);
      writeCsvGz(root, `${d}/raw/relations/${h}___${r}___${t}/num-edge-list.csv.gz`, column([e.length]));
      writeCsvGz(root, `${d}/raw/relations/${h}___${r}___${t}/edge_reltype.csv.gz`, column(e.map(() => rels.findIndex((x) => x[1] === r))));
    }
    writeCsvGz(root, `${d}/raw/node-feat/paper/node-feat.csv.gz`, [[0.5, 1], [1.5, 2], [2.5, 3]]);
    writeCsvGz(root, `${d}/raw/node-feat/paper/node_year.csv.gz`, column([2010, 2011, 2012]));
    writeCsvGz(root, `${d}/raw/nodetype-has-label.csv.gz`, [['author', 'field_of_study', 'institution', 'paper'], ['False', 'False', 'False', 'True']]);
    writeCsvGz(root, `${d}/raw/node-label/paper/node-label.csv.gz`, column([5, 0, 348]));
    writeCsvGz(root, `${d}/split/time/nodetype-has-split.csv.gz`, [['author', 'field_of_study', 'institution', 'paper'], ['False', 'False', 'False', 'True']]);
    writeCsvGz(root, `${d}/split/time/paper/train.csv.gz`, column([0, 1]));
    writeCsvGz(root, `${d}/split/time/paper/valid.csv.gz`, column([2]));
    writeCsvGz(root, `${d}/split/time/paper/test.csv.gz`, column([2]));
    const ds = new OgbNodePropPredDataset('ogbn-mag', { root });
    const g = ds.graph;
    assert.deepEqual(g.ntypes, ['author', 'field_of_study', 'institution', 'paper']);
    assert.deepEqual(g.canonicalEtypes.map((c) => c.join(':')), rels.map(([h, r, t]) => `${h}:${r}:${t}`), 'sorted as OGB sorts them');
    assert.deepEqual([g.numNodes('author'), g.numNodes('paper')], [2, 3]);
    assert.equal(g.numEdges(['author', 'writes', 'paper']), 3);
    assert.deepEqual([...g.nodeFrame('paper').get('year').data], [2010, 2011, 2012]);
    assert.deepEqual([...g.edgeFrame(['paper', 'cites', 'paper']).get('reltype').data], [2, 2]);
    assert.deepEqual(Object.keys(ds.labels), ['paper']);
    assert.deepEqual([...(ds.labels as Record<string, Tensor>).paper.data], [5, 0, 348]);
    const split = ds.getIdxSplit() as OgbHeteroSplit;
    assert.deepEqual([...split.train.paper], [0, 1]);
    writeCsvGz(root, `${d}/raw/relations/paper___cites___paper/edge.csv.gz`, [[1, 0], [2, 3]]);
    assert.throws(() => new OgbNodePropPredDataset('ogbn-mag', { root }), /paper___cites___paper\/edge\.csv\.gz: line 2, column 2: paper node 3 is out of range \(3 paper nodes\)/);
  });
});

test('ogbl-collab layout: undirected graph with weight and year, the edge split from CSV files, bad ids named', () => {
  withRoot((root) => {
    const d = 'ogbl_collab';
    writeCsvGz(root, `${d}/raw/edge.csv.gz`, [[0, 1], [1, 2], [2, 3]]);
    writeCsvGz(root, `${d}/raw/num-node-list.csv.gz`, column([4]));
    writeCsvGz(root, `${d}/raw/num-edge-list.csv.gz`, column([3]));
    writeCsvGz(root, `${d}/raw/node-feat.csv.gz`, [[1, 0.5], [2, 0.5], [3, 0.5], [4, 0.5]]);
    writeCsvGz(root, `${d}/raw/edge_weight.csv.gz`, column([1, 2, 1]));
    writeCsvGz(root, `${d}/raw/edge_year.csv.gz`, column([2004, 2010, 2012]));
    writeCsvGz(root, `${d}/split/time/train/edge.csv.gz`, [[0, 1], [1, 2]]);
    writeCsvGz(root, `${d}/split/time/train/weight.csv.gz`, column([1, 2]));
    writeCsvGz(root, `${d}/split/time/valid/edge.csv.gz`, [[2, 3]]);
    writeCsvGz(root, `${d}/split/time/valid/edge_neg.csv.gz`, [[0, 3], [1, 3]]);
    writeCsvGz(root, `${d}/split/time/test/edge.csv.gz`, [[0, 2]]);
    writeCsvGz(root, `${d}/split/time/test/edge_neg.csv.gz`, [[0, 3]]);
    const ds = new OgbLinkPropPredDataset('ogbl-collab', { root });
    const g = ds.get(0);
    assert.equal(g.numEdges(), 6);
    assert.deepEqual([...g.edata.get('year').data], [2004, 2004, 2010, 2010, 2012, 2012]);
    assert.deepEqual([...g.edata.get('weight').data], [1, 1, 2, 2, 1, 1]);
    const s = ds.getEdgeSplit();
    assert.deepEqual([...s.train.edge.shape], [2, 2]);
    assert.deepEqual([...s.train.weight.shape], [2]);
    assert.deepEqual([...s.valid.edge_neg.data], [0, 3, 1, 3]);
    assert.equal(ds.evalMetric, 'hits@50');
    writeCsvGz(root, `${d}/split/time/test/edge_neg.csv.gz`, [[0, 3], [4, 0]]);
    assert.throws(() => ds.getEdgeSplit(), /test\/edge_neg\.csv\.gz: line 2, column 1: node 4 is out of range \(4 nodes\)/);
  });
});
