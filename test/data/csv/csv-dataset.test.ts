import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CSVDataset } from '../../../src/data/csv/dataset.js';
import { Generator } from '../../../src/tensor/random.js';
import type { Graph } from '../../../src/graph/index.js';
import { expectClose } from '../../helpers.js';
import { edgesCsv, nodesCsv, py, randomEdges, randomNodes, vec, writeFolder } from './csv-fixtures.js';

/** Checks every node column of `g` (type `nt`) against the generated rows (node id = row's id). */
function checkNodes(g: Graph, nt: string, nodes: ReturnType<typeof randomNodes>): void {
  const n = nodes.ids.length;
  assert.equal(g.numNodes(nt), n);
  const f = g.nodeFrame(nt);
  assert.equal(f.get('label').dtype, 'int32');
  assert.equal(f.get('train_mask').dtype, 'bool');
  assert.deepEqual([...f.get('feat').shape], [n, 3]);
  nodes.ids.forEach((id, row) => {
    assert.equal(f.get('label').data[id], nodes.label[row]);
    assert.equal(f.get('train_mask').data[id], nodes.train[row] ? 1 : 0);
    assert.equal(f.get('val_mask').data[id], nodes.val[row] ? 1 : 0);
    assert.equal(f.get('test_mask').data[id], nodes.test[row] ? 1 : 0);
    expectClose(f.get('feat').data.subarray(id * 3, id * 3 + 3), nodes.feat[row]);
  });
}

function checkEdges(g: Graph, etype: [string, string, string], e: ReturnType<typeof randomEdges>): void {
  const [src, dst] = g.edges({ etype }) as unknown as [Int32Array, Int32Array];
  assert.deepEqual([...src], e.src);
  assert.deepEqual([...dst], e.dst);
  expectClose(g.edgeFrame(etype).get('weight'), e.weight);
}

test('homogeneous CSVDataset with masks (DGL guide layout): counts, features, labels, masks; ids 0..N-1 in shuffled rows keep their values', async () => {
  const rng = new Generator(1);
  const nodes = randomNodes(40, rng), edges = randomEdges(120, 40, 40, rng);
  const dir = writeFolder({
    'meta.yaml': 'dataset_name: generated_graph_dataset\nedge_data:\n- file_name: edges.csv\nnode_data:\n- file_name: nodes.csv\n',
    'nodes.csv': nodesCsv(nodes), 'edges.csv': edgesCsv(edges),
  });
  const ds = await CSVDataset.load(dir);
  assert.equal(ds.name, 'generated_graph_dataset');
  assert.equal(ds.length, 1);
  const g = ds.get(0) as Graph;
  assert.deepEqual(g.ntypes, ['_V']);
  assert.equal(g.numEdges(), 120);
  checkNodes(g, '_V', nodes);
  checkEdges(g, ['_V', '_E', '_V'], edges);
  assert.equal(ds.originalIds('_V'), null);
  assert.equal(ds.numClasses, 3);
});

test('heterogeneous CSVDataset: two node types, three canonical edge types, tab separator, string ids mapped in sorted order', async () => {
  const rng = new Generator(2);
  const users = randomNodes(12, rng), items = randomNodes(7, rng);
  const follows = randomEdges(30, 12, 12, rng), clicks = randomEdges(25, 12, 7, rng), dislikes = randomEdges(9, 12, 7, rng);
  // Features as "0.1,0.2,0.3" inside a tab-separated file: the vector's commas are not separators.
  const dir = writeFolder({
    'meta.yaml': [
      'dataset_name: generated_hetero_dataset', 'separator: "\\t"', 'edge_data:',
      '- file_name: edges_0.csv', '  etype: [user, follow, user]',
      '- file_name: edges_1.csv', '  etype: [user, click, item]',
      '- file_name: edges_2.csv', '  etype: [user, dislike, item]',
      'node_data:', '- file_name: nodes_0.csv', '  ntype: user', '- file_name: nodes_1.csv', '  ntype: item', '',
    ].join('\n'),
    'nodes_0.csv': nodesCsv(users, 'u', '\t'), 'nodes_1.csv': nodesCsv(items, '', '\t'),
    'edges_0.csv': edgesCsv(follows, 'u', 'u', '\t'), 'edges_1.csv': edgesCsv(clicks, 'u', '', '\t'), 'edges_2.csv': edgesCsv(dislikes, 'u', '', '\t'),
  });
  const ds = await CSVDataset.load(dir);
  const g = ds.get(0) as Graph;
  assert.deepEqual([...g.ntypes].sort(), ['item', 'user']);
  assert.deepEqual(g.canonicalEtypes.map((c) => c.join(':')).sort(), ['user:click:item', 'user:dislike:item', 'user:follow:user']);
  // User ids "u0".."u11" sort as strings: u0, u1, u10, u11, u2, ...; node v is the v-th smallest.
  const sorted = Array.from({ length: 12 }, (_, i) => `u${i}`).sort();
  assert.deepEqual(ds.originalIds('user'), sorted);
  const newId = (k: number): number => sorted.indexOf(`u${k}`);
  checkNodes(g, 'user', { ...users, ids: users.ids.map(newId) });
  checkNodes(g, 'item', items);
  checkEdges(g, ['user', 'follow', 'user'], { ...follows, src: follows.src.map(newId), dst: follows.dst.map(newId) });
  checkEdges(g, ['user', 'click', 'item'], { ...clicks, src: clicks.src.map(newId) });
  checkEdges(g, ['user', 'dislike', 'item'], { ...dislikes, src: dislikes.src.map(newId) });
});

test('graph-level CSVDataset: 50 small graphs with graph labels and features, node ids per graph, a .csv.gz edge file', async () => {
  const rng = new Generator(3);
  const nodeRows = ['graph_id,node_id,feat'], edgeRows = ['graph_id,src_id,dst_id,feat'], graphRows = ['graph_id,feat,label'];
  const expect: { n: number; src: number[]; dst: number[]; nodeFeat: number[]; edgeFeat: number[]; label: number; gfeat: number[] }[] = [];
  for (let gi = 0; gi < 50; gi++) {
    const n = 2 + rng.nextInt(6), m = rng.nextInt(10);
    const ids = Array.from({ length: n }, (_, i) => 100 + 3 * i); // integers that are not 0..n-1: renumbered in sorted order
    const nodeFeat: number[] = [], src: number[] = [], dst: number[] = [], edgeFeat: number[] = [];
    for (let v = n - 1; v >= 0; v--) { const x = rng.nextInt(100) / 10; nodeFeat[v] = x; nodeRows.push(`${gi},${ids[v]},${x}`); }
    for (let e = 0; e < m; e++) {
      const s = rng.nextInt(n), d = rng.nextInt(n), ef = [rng.nextInt(9), rng.nextInt(9)];
      src.push(s); dst.push(d); edgeFeat.push(...ef);
      edgeRows.push(`${gi},${ids[s]},${ids[d]},${vec(ef)}`);
    }
    const label = rng.nextInt(2), gfeat = [rng.nextInt(5) / 4, rng.nextInt(5) / 4, 0.5];
    graphRows.push(`${gi},${vec(gfeat)},${label}`);
    expect.push({ n, src, dst, nodeFeat, edgeFeat, label, gfeat });
  }
  const dir = writeFolder({
    'meta.yaml': 'dataset_name: generated_graph_level\nedge_data:\n- file_name: edges.csv.gz\nnode_data:\n- file_name: nodes.csv\ngraph_data:\n  file_name: graphs.csv\n',
    'nodes.csv': nodeRows.join('\n'), 'graphs.csv': graphRows.join('\n'),
  });
  writeFileSync(join(dir, 'edges.csv.gz'), gzipSync(edgeRows.join('\n')));
  const ds = await CSVDataset.load(dir);
  assert.equal(ds.length, 50);
  assert.deepEqual(Object.keys(ds.data), ['feat', 'label']);
  assert.deepEqual([...ds.data.label.shape], [50, 1]);
  assert.equal(ds.numClasses, 2);
  expect.forEach((x, gi) => {
    const [g, row] = ds.get(gi) as [Graph, Record<string, import('../../../src/tensor/tensor.js').Tensor>];
    assert.equal(g.numNodes(), x.n);
    assert.deepEqual([...(g.edges() as unknown as Int32Array[])[0]], x.src);
    assert.deepEqual([...(g.edges() as unknown as Int32Array[])[1]], x.dst);
    expectClose(g.ndata.get('feat'), x.nodeFeat);
    assert.equal(g.edata.get('feat').dtype, 'int32');
    assert.deepEqual([...g.edata.get('feat').data], x.edgeFeat);
    assert.equal(row.label.data[0], x.label);
    expectClose(row.feat, x.gfeat);
    assert.deepEqual(ds.originalIds('_V', gi), Float64Array.from({ length: x.n }, (_, i) => 100 + 3 * i));
  });
  assert.equal(py(true), 'True');
});
