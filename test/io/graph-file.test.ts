import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as dg from '../../src/index.js';
import { Tensor } from '../../src/tensor/tensor.js';
import type { Graph } from '../../src/graph/graph.js';
import { seededData } from '../helpers.js';
import { withTempDir } from './util.js';

const f32 = (rows: number, cols: number, seed: number): Tensor => new Tensor(Float32Array.from(seededData(rows * cols, seed)), [rows, cols]);

function typedGraph(seed: number): Graph {
  const g = dg.heterograph({
    'user:follows:user': [[0, 1, 2, seed % 3], [1, 2, 0, 0]],
    'user:plays:game': [[0, 2, 2], [1, 0, seed % 2]],
    'developer:makes:game': [[0], [1]],
  }, { numNodes: { user: 3 + seed, game: 2, developer: 1 } });
  g.nodeFrame('user').set('feat', f32(3 + seed, 4, seed));
  g.nodeFrame('user').set('age', new Tensor(Int32Array.from({ length: 3 + seed }, (_, i) => 20 + i), [3 + seed], 'int32'));
  g.nodeFrame('game').set('emb', new Tensor(seededData(2 * 2 * 3, seed + 1), [2, 2, 3], 'float64'));
  g.edgeFrame('plays').set('hours', f32(3, 1, seed + 2));
  g.edgeFrame(['user', 'follows', 'user']).set('mask', new Tensor(new Uint8Array([1, 0, 1, 1]), [4], 'bool'));
  return g;
}

function assertSameGraph(a: Graph, b: Graph, what: string): void {
  assert.deepEqual(a.ntypes, b.ntypes, `${what} ntypes`);
  assert.deepEqual(a.canonicalEtypes, b.canonicalEtypes, `${what} canonical etypes`);
  for (const t of a.ntypes) {
    assert.equal(a.numNodes(t), b.numNodes(t), `${what} numNodes(${t})`);
    assert.deepEqual(a.nodeFrame(t).keys(), b.nodeFrame(t).keys(), `${what} ndata keys of ${t}`);
    for (const [k, v] of a.nodeFrame(t)) {
      const w = b.nodeFrame(t).get(k);
      assert.equal(w.dtype, v.dtype); assert.deepEqual([...w.shape], [...v.shape]); assert.deepEqual(w.data, v.data, `${what} ndata ${t}.${k}`);
    }
  }
  for (const c of a.canonicalEtypes) {
    assert.deepEqual(b.sparse(c).coo(), a.sparse(c).coo(), `${what} edges of ${c.join(':')} in edge-id order`);
    for (const [k, v] of a.edgeFrame(c)) assert.deepEqual(b.edgeFrame(c).get(k).data, v.data, `${what} edata ${k}`);
    assert.deepEqual(a.edgeFrame(c).keys(), b.edgeFrame(c).keys());
  }
}

test('saveGraphs / loadGraphs: homogeneous and typed graphs with every feature and graph labels round-trip', async () => {
  await withTempDir('graphs', (dir) => {
    const homo = dg.graph([[0, 1, 2, 3], [1, 2, 3, 0]], { numNodes: 5 });
    homo.ndata.set('x', f32(5, 3, 1));
    homo.edata.set('w', new Tensor(seededData(4, 2), [4], 'float64'));
    const empty = dg.graph([[], []], { numNodes: 0 });
    const graphs = [homo, typedGraph(0), typedGraph(1), empty];
    const labels = { glabel: new Tensor(new Int32Array([0, 1, 1, 0]), [4], 'int32'), score: new Tensor(new Float32Array([0.5, 1, 2, 3]), [4]) };
    const path = join(dir, 'g.bin');
    dg.saveGraphs(path, graphs, { labels });
    const back = dg.loadGraphs(path);
    assert.equal(back.graphs.length, 4);
    graphs.forEach((g, i) => assertSameGraph(g, back.graphs[i], `graph ${i}`));
    assert.ok(back.graphs[0].isHomogeneous);
    assert.deepEqual(back.labels.glabel.data, labels.glabel.data);
    assert.deepEqual(back.labels.score.data, labels.score.data);
    // save -> load -> save is byte-identical
    dg.saveGraphs(join(dir, 'again.bin'), back.graphs, { labels: back.labels });
    assert.deepEqual(readFileSync(join(dir, 'again.bin')), readFileSync(path));
  });
});

test('loadGraphs: idx loads only the selected graphs, in that order, with all labels; bad idx is a RangeError', async () => {
  await withTempDir('graphs-idx', (dir) => {
    const graphs = [typedGraph(0), typedGraph(1), typedGraph(2)];
    const path = join(dir, 'g.bin');
    dg.saveGraphs(path, graphs, { labels: { y: new Tensor(new Int32Array([7, 8, 9]), [3], 'int32') } });
    const part = dg.loadGraphs(path, { idx: [2, 0] });
    assert.equal(part.graphs.length, 2);
    assertSameGraph(graphs[2], part.graphs[0], 'idx 2');
    assertSameGraph(graphs[0], part.graphs[1], 'idx 0');
    assert.deepEqual([...part.labels.y.data], [7, 8, 9]);
    const fromBytes = dg.decodeGraphs(readFileSync(path), { idx: [1] });
    assertSameGraph(graphs[1], fromBytes.graphs[0], 'bytes idx 1');
    assert.deepEqual(dg.loadLabels(path).y.data, part.labels.y.data);
    assert.throws(() => dg.loadGraphs(path, { idx: [3] }), /idx\[0\] = 3 is out of range: .*g\.bin holds 3 graphs/);
    assert.throws(() => dg.loadGraphs(path, { idx: [0, 1.5] }), /idx\[1\] = 1\.5 is out of range/);
  });
});

test('graph files: arrays are aligned, so loading views the file bytes without copying', () => {
  const g = typedGraph(1);
  const bytes = dg.encodeGraphs([g, typedGraph(2)], { labels: { y: new Tensor(new Float64Array([1, 2]), [2], 'float64') } });
  const back = dg.decodeGraphs(bytes);
  const views = [back.graphs[0].nodeFrame('user').get('feat'), back.graphs[1].nodeFrame('game').get('emb'), back.labels.y,
    back.graphs[0].nodeFrame('user').get('age')];
  for (const t of views) assert.equal(t.data.buffer, bytes.buffer, 'a view of the file bytes');
  assert.equal(back.graphs[1].sparse('plays').coo().src.buffer, bytes.buffer, 'edge ids view the bytes too');
});

test('graph files: corrupt structure, wrong format, ids out of range and blocks are clear errors', async () => {
  await withTempDir('graphs-bad', (dir) => {
    const path = join(dir, 'w.safetensors');
    dg.save({ w: new Tensor(new Float32Array(2), [2]) }, path);
    assert.throws(() => dg.loadGraphs(path), /w\.safetensors: not a deepgraph graph file \(__metadata__\.format is undefined/);
    const rewrite = (edit: (s: Record<string, unknown>) => void, src: Tensor = new Tensor(new Int32Array([0, 1]), [2], 'int32')): string => {
      const structure = { graphs: [{ ntypes: ['_N'], numNodes: [2], relations: [{ canonical: ['_N', '_E', '_N'], numEdges: 2 }], ndata: [[]], edata: [[]] }], labels: [] };
      edit(structure);
      const p = join(dir, `bad-${Math.random()}.bin`);
      writeFileSync(p, dg.saveSafetensors({ 'g0/r0/src': src, 'g0/r0/dst': new Tensor(new Int32Array([1, 0]), [2], 'int32') },
        { metadata: { format: 'deepgraph.graphs', version: '1', graphs: JSON.stringify(structure) } }));
      return p;
    };
    assert.doesNotThrow(() => dg.loadGraphs(rewrite(() => undefined)));
    assert.throws(() => dg.loadGraphs(rewrite((s) => { (s.graphs as { numNodes: unknown }[])[0].numNodes = [-1]; })), /field 'graphs\[0\]\.numNodes' is missing or malformed/);
    assert.throws(() => dg.loadGraphs(rewrite((s) => { (s.graphs as { ndata: unknown }[])[0].ndata = [['x']]; })),
      /graph 0 node type '_N' feature 'x': entry 'g0\/n0\/f0' is missing/);
    assert.throws(() => dg.loadGraphs(rewrite(() => undefined, new Tensor(new Int32Array([0, 5]), [2], 'int32'))), /bad-.*relation '_N:_E:_N'/);
    assert.throws(() => dg.loadGraphs(rewrite((s) => { (s.graphs as { relations: { numEdges: number }[] }[])[0].relations[0].numEdges = 3; })),
      /entry 'g0\/r0\/src' has shape \[2\], its first dimension must be 3/);
  });
  const block = dg.toBlock(dg.graph([[1], [0]], { numNodes: 2 }), new Int32Array([0]));
  assert.throws(() => dg.encodeGraphs([block]), /graph 0 is a block/);
});
