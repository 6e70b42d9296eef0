// GraphormerLayer (BiasedMHA, DegreeEncoder, SpatialEncoder), DenseGraphConv / DenseSAGEConv /
// DenseChebConv against dense references of DGL's formulas and their sparse counterparts;
// shapes, toString, float64 gradient checks, on every backend.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { expectClose, forEachBackend } from '../helpers.js';
import { dot, f64, linearRef, smallGraph, softmaxRef } from './dense-ref.js';

const { nn } = dg;

/** Dense adjacency [dst, src] of a graph. */
function denseAdj(g: dg.Graph): dg.Tensor {
  const n = g.numNodes(), [src, dst] = g.edges(), a = new Float64Array(n * n);
  for (let e = 0; e < src.length; e++) a[dst[e] * n + src[e]] += 1;
  return dg.tensor(a, { shape: [n, n], dtype: 'float64' });
}

test('BiasedMHA: softmax(q k^T / sqrt(d) + bias) v per head, masked pairs ignored (DGL BiasedMHA)', () => forEachBackend(() => {
  const x = f64([2, 3, 4], 21, true), bias = f64([2, 3, 3, 2], 22, true);
  const mask = dg.tensor(new Uint8Array([0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]), { shape: [2, 3, 3], dtype: 'bool' });
  const mha = new nn.BiasedMHA(4, 2, { attnDrop: 0, dtype: 'float64' });
  const out = mha.forward(x, bias, mask);
  assert.deepEqual([...out.shape], [2, 3, 4]);
  const rowOf = (b: number, i: number): number[] => Array.from(x.data.subarray((b * 3 + i) * 4, (b * 3 + i + 1) * 4));
  const expected: number[] = [];
  for (let b = 0; b < 2; b++) {
    for (let i = 0; i < 3; i++) {
      const concatHeads: number[] = [];
      for (let h = 0; h < 2; h++) {
        const q = linearRef(mha.qProj, rowOf(b, i)).slice(h * 2, h * 2 + 2);
        const js = [0, 1, 2].filter((j) => !mask.data[(b * 3 + i) * 3 + j]);
        const scores = js.map((j) => dot(q, linearRef(mha.kProj, rowOf(b, j)).slice(h * 2, h * 2 + 2)) / Math.sqrt(2) + bias.data[((b * 3 + i) * 3 + j) * 2 + h]);
        const alpha = softmaxRef(scores);
        const acc = [0, 0];
        js.forEach((j, t) => { const v = linearRef(mha.vProj, rowOf(b, j)).slice(h * 2, h * 2 + 2); acc[0] += alpha[t] * v[0]; acc[1] += alpha[t] * v[1]; });
        concatHeads.push(...acc);
      }
      expected.push(...linearRef(mha.outProj, concatHeads));
    }
  }
  expectClose(out, expected, { atol: 1e-10 });
  dg.gradcheck((a, c) => mha.forward(a, c, mask), [x, bias, ...mha.parameters()]);
  assert.throws(() => new nn.BiasedMHA(5, 2), /divisible/);
}));

test('GraphormerLayer: post-LN and pre-LN residual blocks over BiasedMHA and the FFN; degree and spatial encoders (DGL)', () => forEachBackend(() => {
  const x = f64([2, 3, 4], 23, true), bias = f64([2, 3, 3, 2], 24, true);
  for (const normFirst of [false, true]) {
    const layer = new nn.GraphormerLayer(4, 6, 2, { normFirst, dropout: 0, attnDropout: 0, dtype: 'float64' });
    const out = layer.forward(x, bias);
    assert.deepEqual([...out.shape], [2, 3, 4]);
    // The same composition written out with the submodules.
    const ln = (m: dg.nn.LayerNorm, t: dg.Tensor): dg.Tensor => m.forward(t);
    let h = normFirst ? ln(layer.attnLayerNorm, x) : x;
    h = x.add(layer.attn.forward(h, bias));
    if (!normFirst) h = ln(layer.attnLayerNorm, h);
    const r = h;
    h = r.add(layer.ffn.forward(normFirst ? ln(layer.ffnLayerNorm, h) : h) as dg.Tensor);
    expectClose(out, normFirst ? h : ln(layer.ffnLayerNorm, h), { atol: 1e-12 });
    dg.gradcheck((a, c) => layer.forward(a, c), [x, bias, ...layer.parameters()]);
  }
  assert.equal(new nn.GraphormerLayer(4, 6, 2).toString(), 'GraphormerLayer(4, 6, numHeads=2, normFirst=false)');
  const deg = new nn.DegreeEncoder(3, 4, 'both', { dtype: 'float64' });
  const degrees = dg.tensor([0, 1, 5, 2, 0, 3], { shape: [2, 1, 3], dtype: 'int32' });
  const emb = deg.forward(degrees);
  assert.deepEqual([...emb.shape], [1, 3, 4]);
  // Node 0: in 0 (padding, zero) + out 2; node 2: in 5 clamped to 3 + out 3.
  const w1 = deg.encoder1.weight.data, w2 = deg.encoder2!.weight.data;
  expectClose(emb.data.subarray(0, 4), w2.subarray(8, 12), { atol: 1e-12 });
  expectClose(emb.data.subarray(8, 12), Array.from(w1.subarray(12, 16), (v, i) => v + w2[12 + i]), { atol: 1e-12 });
  const sp = new nn.SpatialEncoder(2, 2, { dtype: 'float64' });
  const dist = dg.shortestDist(dg.graph([[0, 1], [1, 2]], { numNodes: 4 }));
  assert.deepEqual(Array.from(dist.data.subarray(0, 4)), [0, 1, 2, -1]);
  const sb = sp.forward(dist.reshape([1, 4, 4]));
  assert.deepEqual([...sb.shape], [1, 4, 4, 2]);
  // Unreachable (-1) is the zero padding row; distance 2 is row 3.
  assert.deepEqual(Array.from(sb.data.subarray(6, 8)), [0, 0]);
  expectClose(sb.data.subarray(4, 6), sp.embeddingTable.weight.data.subarray(6, 8), { atol: 1e-12 });
}));

test('DenseGraphConv equals GraphConv on the same graph for each norm; DenseSAGEConv (A h + h) / (deg + 1); DenseChebConv vs ChebConv', () => forEachBackend(() => {
  const g = smallGraph(), adj = denseAdj(g), x = f64([4, 3], 25, true);
  for (const norm of ['both', 'right', 'none'] as const) {
    const dense = new nn.DenseGraphConv(3, 2, { norm, dtype: 'float64' });
    const sparse = new nn.GraphConv(3, 2, { norm, dtype: 'float64' });
    sparse.weight!.data.set(dense.weight.data);
    dg.nn.init.uniform(dense.bias!, -1, 1);
    sparse.bias!.data.set(dense.bias!.data);
    expectClose(dense.forward(adj, x), sparse.forward(g, x), { atol: 1e-10 });
    dg.gradcheck((a) => dense.forward(adj, a), [x, ...dense.parameters()]);
  }
  assert.equal(new nn.DenseGraphConv(3, 2).toString(), 'DenseGraphConv(3, 2, norm=both)');
  assert.throws(() => new nn.DenseGraphConv(3, 2).forward(adj, dg.randn([4, 5])), /do not fit/);
  const sage = new nn.DenseSAGEConv(3, 2, { dtype: 'float64' });
  const deg = g.inDegrees();
  const expected = [0, 1, 2, 3].flatMap((v) => {
    const h = [0, 1, 2].map((f) => {
      let s = x.data[v * 3 + f];
      for (let u = 0; u < 4; u++) s += adj.data[v * 4 + u] * x.data[u * 3 + f];
      return s / (deg[v] + 1);
    });
    return linearRef(sage.fc, h);
  });
  expectClose(sage.forward(adj, x), expected, { atol: 1e-10 });
  dg.gradcheck((a) => sage.forward(adj, a), [x, ...sage.parameters()]);
  // ChebConv (sparse) on a symmetric graph with the same lambdaMax gives the same result.
  const sym = dg.graph([[0, 1, 1, 2, 2, 3, 3, 0], [1, 0, 2, 1, 3, 2, 0, 3]]);
  const cheb = new nn.DenseChebConv(3, 2, 3, { dtype: 'float64' });
  const sparseCheb = new nn.ChebConv(3, 2, 3, { dtype: 'float64', activation: null });
  for (let k = 0; k < 3; k++) {
    const lin = sparseCheb.linear as dg.nn.Linear;
    for (let i = 0; i < 3; i++) for (let o = 0; o < 2; o++) lin.weight.data[o * 9 + k * 3 + i] = cheb.W.data[k * 6 + i * 2 + o];
    lin.bias?.data.fill(0);
  }
  expectClose(cheb.forward(denseAdj(sym), x, 2), sparseCheb.forward(sym, x, 2), { atol: 1e-10 });
  // Without lambdaMax: the largest eigenvalue of this 4-cycle's Laplacian is 2.
  expectClose(cheb.forward(denseAdj(sym), x), cheb.forward(denseAdj(sym), x, 2), { atol: 1e-8 });
  dg.gradcheck((a) => cheb.forward(denseAdj(sym), a, 2), [x, ...cheb.parameters()]);
}));
