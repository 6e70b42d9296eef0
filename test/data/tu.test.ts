import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TUDataset } from '../../src/data/tu.js';
import { DataFormatError } from '../../src/errors.js';
import { sharedData } from './shared-data.js';

test('MUTAG: 188 graphs, 3371 nodes, 7442 edges, one-hot node labels, labels remapped to 0..1', () => {
  const ds = new TUDataset('MUTAG', { rawDir: sharedData('tu', 'MUTAG') });
  assert.equal(ds.length, 188);
  assert.equal(ds.numClasses, 2);
  assert.deepEqual([...ds.labelValues], [-1, 1]);
  assert.equal(ds.numFeatures, 7);
  let nodes = 0, edges = 0;
  const perClass = [0, 0];
  for (const [g, label] of ds) {
    nodes += g.numNodes();
    edges += g.numEdges();
    perClass[label]++;
    const feat = g.ndata.get('feat');
    assert.deepEqual([...feat.shape], [g.numNodes(), 7]);
    const nodeLabel = g.ndata.get('nodeLabel').data;
    for (let v = 0; v < g.numNodes(); v++) {
      let s = 0;
      for (let j = 0; j < 7; j++) s += feat.data[v * 7 + j];
      assert.equal(s, 1, 'one-hot row sums to 1');
      assert.equal(feat.data[v * 7 + nodeLabel[v]], 1);
    }
    assert.equal(g.edata.get('edgeLabel').shape[0], g.numEdges());
  }
  assert.equal(nodes, 3371);
  assert.equal(edges, 7442);
  // MUTAG: 125 mutagenic (label 1) and 63 non-mutagenic (label -1) compounds.
  assert.deepEqual(perClass, [63, 125]);
  // The first line of MUTAG_graph_labels.txt is 1, the second -1.
  assert.equal(ds.get(0)[1], 1);
  assert.equal(ds.get(1)[1], 0);
});

test('PROTEINS: 1113 graphs, 43471 nodes, node attributes kept beside one-hot labels', () => {
  const ds = new TUDataset('PROTEINS', { rawDir: sharedData('tu', 'PROTEINS') });
  assert.equal(ds.length, 1113);
  assert.equal(ds.numClasses, 2);
  assert.equal(ds.numFeatures, 3);
  let nodes = 0, edges = 0;
  for (const [g, label] of ds) {
    nodes += g.numNodes();
    edges += g.numEdges();
    assert.ok(label === 0 || label === 1);
    assert.deepEqual([...g.ndata.get('nodeAttr').shape], [g.numNodes(), 1]);
  }
  assert.equal(nodes, 43471);
  assert.equal(edges, 162088);
});

function copyWith(name: string, file: string, edit: (text: string) => string): string {
  const src = sharedData('tu', name);
  const dir = mkdtempSync(join(tmpdir(), `deepgraph-${name}-`));
  for (const f of readdirSync(src)) copyFileSync(join(src, f), join(dir, f));
  writeFileSync(join(dir, file), edit(readFileSync(join(src, file), 'utf8')));
  return dir;
}

test('a malformed line in DS_A.txt names the file and the line', () => {
  const dir = copyWith('MUTAG', 'MUTAG_A.txt', (t) => {
    const lines = t.split('\n');
    lines[4] = '5; 7';
    return lines.join('\n');
  });
  try {
    assert.throws(() => new TUDataset('MUTAG', { rawDir: dir, verifyChecksums: false }),
      (e: unknown) => e instanceof DataFormatError && /MUTAG_A\.txt: line 5/.test(e.message));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an edge between two graphs and a short node-label file are rejected', () => {
  const cross = copyWith('MUTAG', 'MUTAG_A.txt', (t) => `1, 3371\n${t}`);
  const short = copyWith('MUTAG', 'MUTAG_node_labels.txt', (t) => t.split('\n').slice(0, 100).join('\n'));
  try {
    assert.throws(() => new TUDataset('MUTAG', { rawDir: cross, verifyChecksums: false }), /MUTAG_A\.txt: line 1 joins nodes of graphs 1 and 188/);
    assert.throws(() => new TUDataset('MUTAG', { rawDir: short, verifyChecksums: false }), /MUTAG_node_labels\.txt: 100 lines, but .*MUTAG_graph_indicator\.txt lists 3371/);
  } finally {
    rmSync(cross, { recursive: true, force: true });
    rmSync(short, { recursive: true, force: true });
  }
});

test('truncated TU files are named: graph labels, graph indicator, a half line of DS_A', () => {
  const cut = (t: string, keep: number): string => t.split('\n').slice(0, keep).join('\n');
  const labels = copyWith('MUTAG', 'MUTAG_graph_labels.txt', (t) => cut(t, 100));
  const indicator = copyWith('MUTAG', 'MUTAG_graph_indicator.txt', (t) => cut(t, 3000));
  const halfLine = copyWith('MUTAG', 'MUTAG_A.txt', (t) => t.slice(0, t.lastIndexOf(',')));
  try {
    assert.throws(() => new TUDataset('MUTAG', { rawDir: labels, verifyChecksums: false }), /MUTAG_graph_labels\.txt has 100 graph labels/);
    assert.throws(() => new TUDataset('MUTAG', { rawDir: indicator, verifyChecksums: false }), /MUTAG_graph_indicator\.txt lists/);
    assert.throws(() => new TUDataset('MUTAG', { rawDir: halfLine, verifyChecksums: false }), /MUTAG_A\.txt: line 7442 has 1 value, expected 2/);
  } finally {
    for (const d of [labels, indicator, halfLine]) rmSync(d, { recursive: true, force: true });
  }
});

test('a missing TU folder names the missing files', () => {
  assert.throws(() => new TUDataset('NOPE', { rawDir: tmpdir() }), (e: unknown) => e instanceof DataFormatError && /NOPE_A\.txt/.test(e.message));
});
