// DGL's transform modules and positional encodings against its docstring examples
// (python/dgl/transforms/module.py, functional.py), on every backend.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { expectClose, forEachBackend } from '../helpers.js';
import { f64 } from './dense-ref.js';

const T = dg.transforms;
const ids = (a: ArrayLike<number>): number[] => Array.from(a);

test('GCNNorm (DGL example, unweighted and weighted), Compose, AddSelfLoop; the input graph is unchanged', () => forEachBackend(() => {
  const g = dg.graph([[0, 1, 2], [0, 0, 1]]);
  const n1 = new T.GCNNorm().call(g);
  expectClose(n1.edata.get('w'), [0.5, 0.7071, 0], { atol: 1e-4 });
  assert.equal(g.edata.has('w'), false);
  n1.edata.set('w', dg.tensor([0.1, 0.2, 0.3]));
  expectClose(new T.GCNNorm().call(n1).edata.get('w'), [0.3333, 0.6667, 0], { atol: 1e-4 });
  const loops = new T.AddSelfLoop().call(dg.graph([[0, 1], [0, 0]], { numNodes: 3 }));
  // The existing loop 0 -> 0 is removed first, then one loop per node is added.
  assert.deepEqual(loops.edges().map(ids), [[1, 0, 1, 2], [0, 0, 1, 2]]);
  const typed = new T.AddSelfLoop({ newEtypes: true }).call(dg.heterograph({ 'user:follows:user': [[0], [1]], 'user:plays:game': [[0], [0]] }));
  assert.deepEqual(typed.canonicalEtypes.map((c) => c.join(':')).sort(), ['game:self:game', 'user:follows:user', 'user:plays:game', 'user:self:user']);
  const both = new T.Compose([new T.AddSelfLoop(), new T.GCNNorm()]);
  const out = both.call(g);
  assert.equal(out.numEdges(), 5);
  assert.match(both.toString(), /^Compose\(\[\n {2}AddSelfLoop\(.*\),\n {2}GCNNorm\(eweightName=w\)\n\]\)$/);
}));

test('DropEdge / DropNode / FeatMask: seeded, p = 0 keeps everything, p = 1 drops everything, rates near p', () => forEachBackend(() => {
  const g = dg.randGraph(200, 2000, { seed: 1 });
  g.ndata.set('x', dg.ones([200, 50]));
  assert.equal(new T.DropEdge(0).call(g).numEdges(), 2000);
  assert.equal(new T.DropEdge(1).call(g).numEdges(), 0);
  const kept = new T.DropEdge(0.3, new dg.Generator(5)).call(g).numEdges();
  assert.ok(Math.abs(kept - 1400) < 120, `kept ${kept} of 2000 edges at p = 0.3`);
  const dn = new T.DropNode(0.5, new dg.Generator(6)).call(g);
  assert.ok(Math.abs(dn.numNodes() - 100) < 30, `kept ${dn.numNodes()} nodes`);
  assert.equal(dn.ndata.get('x').shape[0], dn.numNodes());
  const fm = new T.FeatMask({ p: 0.5, nodeFeatNames: ['x'], generator: new dg.Generator(7) }).call(g);
  const x = fm.ndata.get('x');
  const zeroCols = Array.from({ length: 50 }, (_, c) => x.data[c] === 0).filter(Boolean).length;
  assert.ok(zeroCols > 10 && zeroCols < 40, `${zeroCols} of 50 columns masked`);
  for (let r = 1; r < 200; r++) for (let c = 0; c < 50; c++) assert.equal(x.data[r * 50 + c], x.data[c]);
  assert.equal(g.ndata.get('x').data[0], 1);
  assert.throws(() => new T.DropEdge(1.5), /probability in \[0, 1\]/);
}));

test('RandomWalkPE and LapPE (DGL examples up to eigenvector signs), PPR (DGL example)', () => forEachBackend(() => {
  const g = dg.graph([[0, 1, 1], [1, 1, 0]]);
  // DGL: [[0, 0.5], [0.5, 0.75]].
  expectClose(dg.randomWalkPE(g, 2), [0, 0.5, 0.5, 0.75], { atol: 1e-6 });
  expectClose(new T.RandomWalkPE(2, { featName: 'rw' }).call(g).ndata.get('rw'), [0, 0.5, 0.5, 0.75], { atol: 1e-6 });
  const c4 = dg.graph([[0, 1, 2, 3, 1, 2, 3, 0], [1, 2, 3, 0, 0, 1, 2, 3]]);
  const { pe, eigvals } = dg.lapPE(c4, 2, { randomFlip: false });
  // L of the 4-cycle has eigenvalues 0, 1, 1, 2: the encoding spans the eigenspace of 1, orthonormal columns.
  expectClose(eigvals, [1, 1], { atol: 1e-9 });
  const col = (j: number): number[] => [0, 1, 2, 3].map((i) => pe.data[i * 2 + j]);
  const dotp = (a: number[], b: number[]): number => a.reduce((s, v, i) => s + v * b[i], 0);
  expectClose([dotp(col(0), col(0)), dotp(col(1), col(1)), dotp(col(0), col(1))], [1, 1, 0], { atol: 1e-6 });
  // Each column is an eigenvector: x_i - (x_{i-1} + x_{i+1}) / 2 = x_i.
  for (const j of [0, 1]) for (let i = 0; i < 4; i++) assert.ok(Math.abs(col(j)[(i + 1) % 4] + col(j)[(i + 3) % 4]) < 1e-6);
  const padded = new T.LapPE(5, { padding: true, eigvalName: 'ev' }).call(c4);
  assert.deepEqual([...padded.ndata.get('PE').shape], [4, 5]);
  expectClose(dg.narrow(padded.ndata.get('PE'), 1, 3, 2), new Array(8).fill(0));
  assert.ok(Number.isNaN(padded.ndata.get('ev').data[4]));
  assert.throws(() => dg.lapPE(c4, 4), /must be smaller than the number of nodes/);
  const pg = dg.graph([[0, 1, 2, 3, 4], [2, 3, 4, 5, 3]]);
  pg.edata.set('w', dg.tensor([0.1, 0.2, 0.3, 0.4, 0.5]));
  const ppr = new T.PPR({ avgDegree: 2 }).call(pg);
  // DGL: w = [.15, .15, .15, .0255, .0163, .15, .0638, .0383, .15, .051, .0217, .15].
  expectClose(ppr.edata.get('w'), [0.15, 0.15, 0.15, 0.0255, 0.0163, 0.15, 0.0638, 0.0383, 0.15, 0.051, 0.0217, 0.15], { atol: 1e-4 });
}));

test('SIGNDiffusion: raw / rw / gcn / ppr operators as repeated normalised propagation (DGL)', () => forEachBackend(() => {
  const g = dg.graph([[0, 1, 2, 3, 0, 2], [1, 2, 3, 0, 2, 1]]);
  const x = f64([4, 2], 41);
  g.ndata.set('feat', x);
  const out = new T.SIGNDiffusion(2, { diffuseOp: 'raw' }).call(g);
  const a1 = dg.ops.copyUSum(g, x);
  expectClose(out.ndata.get('out_feat_1'), a1, { atol: 1e-12 });
  expectClose(out.ndata.get('out_feat_2'), dg.ops.copyUSum(g, a1), { atol: 1e-12 });
  const rw = new T.SIGNDiffusion(1, { diffuseOp: 'rw' }).call(g);
  expectClose(rw.ndata.get('out_feat_1'), dg.ops.copyUMean(g, x), { atol: 1e-12 });
  const w = new T.GCNNorm().call(g).edata.get('w');
  const gcn = new T.SIGNDiffusion(1, { diffuseOp: 'gcn' }).call(g);
  expectClose(gcn.ndata.get('out_feat_1'), dg.ops.uMulESum(g, x, w.double().reshape([6, 1])), { atol: 1e-6 });
  const ppr = new T.SIGNDiffusion(1, { diffuseOp: 'ppr', alpha: 0.3 }).call(g);
  expectClose(ppr.ndata.get('out_feat_1'), dg.ops.uMulESum(g, x, w.double().reshape([6, 1])).mul(0.7).add(x.mul(0.3)), { atol: 1e-6 });
  assert.throws(() => new T.SIGNDiffusion(2, { diffuseOp: 'heat' as 'raw' }), /diffuseOp must be one of/);
}));
