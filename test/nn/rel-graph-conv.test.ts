import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { RelGraphConv, TypedLinear } from '../../src/nn/index.js';
import { SparseAdj } from '../../src/graph/sparse.js';
import { expectClose, seededData } from '../helpers.js';

const f64 = (shape: number[], seed: number, requiresGrad = true): dg.Tensor =>
  dg.tensor(seededData(shape.reduce((a, b) => a * b, 1), seed), { shape, dtype: 'float64', requiresGrad });

// 5 nodes, 9 edges over 3 relations: a multi-edge (0->1 twice), a self loop (2->2), node 4 has no in-edges.
const SRC = [0, 0, 1, 2, 3, 3, 4, 4, 1];
const DST = [1, 1, 2, 2, 0, 2, 3, 0, 3];
const ETYPES = [2, 0, 1, 0, 2, 2, 1, 0, 1];
const R = 3;
const g = dg.graph([SRC, DST], { numNodes: 5 });

type Mat = (r: number, i: number, o: number) => number;

/** sum_{e: u->v} norm_e x_u W_{r_e} + x_v W_0 + b, with plain loops; W given as a function. */
function naiveRgcn(x: dg.Tensor, W: Mat, inF: number, outF: number, opts: {
  norm?: dg.Tensor; loop?: dg.Tensor | null; bias?: dg.Tensor | null; numDst?: number; src?: number[]; dst?: number[]; etypes?: number[];
} = {}): number[] {
  const src = opts.src ?? SRC, dst = opts.dst ?? DST, et = opts.etypes ?? ETYPES;
  const N = opts.numDst ?? 5;
  const out = new Array<number>(N * outF).fill(0);
  src.forEach((u, e) => {
    const v = dst[e], w = opts.norm ? opts.norm.data[e] : 1;
    for (let o = 0; o < outF; o++) {
      let s = 0;
      for (let i = 0; i < inF; i++) s += x.data[u * inF + i] * W(et[e], i, o);
      out[v * outF + o] += w * s;
    }
  });
  for (let v = 0; v < N; v++) {
    for (let o = 0; o < outF; o++) {
      if (opts.loop) for (let i = 0; i < inF; i++) out[v * outF + o] += x.data[v * inF + i] * opts.loop.data[i * outF + o];
      if (opts.bias) out[v * outF + o] += opts.bias.data[o];
    }
  }
  return out;
}

test('RelGraphConv with basis regularisation equals the sum over relations of per-relation products; shapes, toString', () => {
  dg.manualSeed(1);
  const conv = new RelGraphConv(4, 3, R, { regularizer: 'basis', numBases: 2, dtype: 'float64' });
  assert.equal(conv.toString(), 'RelGraphConv(4, 3, numRels=3, regularizer=basis, numBases=2)');
  assert.deepEqual([...conv.namedParameters()].map(([n, p]) => `${n} ${p.shape.join('x')}`),
    ['hBias 3', 'loopWeight 4x3', 'linearR.W 2x4x3', 'linearR.coeff 3x2']);
  // A non-zero bias so the test sees it.
  conv.hBias!.data.set(seededData(3, 9));
  const x = f64([5, 4], 2), norm = f64([9, 1], 3);
  const V = conv.linearR.W, a = conv.linearR.coeff!;
  const W: Mat = (r, i, o) => a.data[r * 2] * V.data[(0 * 4 + i) * 3 + o] + a.data[r * 2 + 1] * V.data[(1 * 4 + i) * 3 + o];
  const y = conv.forward(g, x, Int32Array.from(ETYPES), { norm });
  assert.deepEqual([...y.shape], [5, 3]);
  expectClose(y, naiveRgcn(x, W, 4, 3, { norm, loop: conv.loopWeight, bias: conv.hBias }), { atol: 1e-12, rtol: 1e-10 });
  // The same as one relation at a time: each relation's subgraph with its own composed weight W_r.
  const weight = conv.linearR.getWeight();
  let byRelation = dg.add(dg.matmul(x, conv.loopWeight!), conv.hBias!);
  for (let r = 0; r < R; r++) {
    const eids = ETYPES.flatMap((t, e) => (t === r ? [e] : []));
    const sub = dg.graph([eids.map((e) => SRC[e]), eids.map((e) => DST[e])], { numNodes: 5 });
    const Wr = dg.reshape(dg.narrow(weight, 0, r, 1), [4, 3]);
    const msgs = dg.mul(dg.matmul(dg.indexSelect(x, 0, eids.map((e) => SRC[e])), Wr), dg.indexSelect(norm, 0, eids));
    byRelation = dg.add(byRelation, dg.ops.copyESum(sub, msgs));
  }
  expectClose(y, byRelation, { atol: 1e-12, rtol: 1e-10 });

  dg.gradcheck((xi, n) => conv.forward(g, xi, ETYPES, { norm: n }), [x, norm, V, a, conv.loopWeight!, conv.hBias!]);
});

test('RelGraphConv without regularizer, presorted edges, activation and no self loop', () => {
  dg.manualSeed(2);
  const conv = new RelGraphConv(3, 2, R, { selfLoop: false, bias: false, activation: dg.tanh, dtype: 'float64' });
  assert.equal(conv.toString(), 'RelGraphConv(3, 2, numRels=3, bias=false, selfLoop=false)');
  assert.equal(conv.parameters().length, 1);
  const x = f64([5, 3], 4);
  const Wt = conv.linearR.W;
  const W: Mat = (r, i, o) => Wt.data[(r * 3 + i) * 2 + o];
  const y = conv.forward(g, x, dg.tensor(Int32Array.from(ETYPES)));
  expectClose(y, naiveRgcn(x, W, 3, 2).map(Math.tanh), { atol: 1e-12, rtol: 1e-10 });
  dg.gradcheck((xi) => conv.forward(g, xi, ETYPES), [x, Wt]);

  // Edges sorted by type, given as such.
  const order = ETYPES.map((t, e) => [t, e]).sort((p, q) => p[0] - q[0] || p[1] - q[1]).map(([, e]) => e);
  const sg = dg.graph([order.map((e) => SRC[e]), order.map((e) => DST[e])], { numNodes: 5 });
  const sortedTypes = order.map((e) => ETYPES[e]);
  expectClose(conv.forward(sg, x, sortedTypes, { presorted: true }), y, { atol: 1e-12, rtol: 1e-12 });
  assert.throws(() => conv.forward(g, x, ETYPES, { presorted: true }), /presorted but etypes decrease/);
});

test('RelGraphConv with block-diagonal decomposition equals block-wise products; gradients check', () => {
  dg.manualSeed(3);
  const B = 2, inF = 4, outF = 6, si = 2, so = 3;
  const conv = new RelGraphConv(inF, outF, R, { regularizer: 'bdd', numBases: B, dtype: 'float64' });
  assert.deepEqual([...conv.linearR.W.shape], [R, B * si * so]);
  const Q = conv.linearR.W;
  // W_r = blockdiag(Q_r0, Q_r1): entry (i, o) is non-zero only when i and o fall in the same block.
  const W: Mat = (r, i, o) => {
    const b = Math.floor(i / si);
    if (Math.floor(o / so) !== b) return 0;
    return Q.data[r * B * si * so + b * si * so + (i % si) * so + (o % so)];
  };
  const x = f64([5, inF], 5);
  const y = conv.forward(g, x, ETYPES);
  expectClose(y, naiveRgcn(x, W, inF, outF, { loop: conv.loopWeight, bias: conv.hBias }), { atol: 1e-12, rtol: 1e-10 });
  dg.gradcheck((xi) => conv.forward(g, xi, ETYPES), [x, Q, conv.loopWeight!]);
  assert.throws(() => new RelGraphConv(5, 6, R, { regularizer: 'bdd', numBases: 2 }), /divisible by numBases 2/);
});

test('RelGraphConv on a block uses the first numDst rows for the self loop; layerNorm and dropout options', () => {
  dg.manualSeed(4);
  const src = [0, 3, 4, 1, 2], dst = [0, 1, 2, 2, 1], et = [0, 1, 1, 0, 2];
  const block = dg.Graph.fromSpec({
    ntypes: ['_N'], numNodes: [5], dst: { ntypes: ['_N'], numNodes: [3] },
    relations: [{ srcType: '_N', etype: '_E', dstType: '_N', adj: SparseAdj.fromCoo(Int32Array.from(src), Int32Array.from(dst), 5, 3) }],
  });
  const conv = new RelGraphConv(3, 2, R, { regularizer: 'basis', dtype: 'float64' });
  assert.equal(conv.linearR.numBases, R, 'numBases defaults to numRels');
  const x = f64([5, 3], 6);
  const weight = conv.linearR.getWeight();
  const W: Mat = (r, i, o) => weight.data[(r * 3 + i) * 2 + o];
  const y = conv.forward(block, x, et);
  assert.deepEqual([...y.shape], [3, 2]);
  expectClose(y, naiveRgcn(x, W, 3, 2, { loop: conv.loopWeight, bias: conv.hBias, numDst: 3, src, dst, etypes: et }), { atol: 1e-12, rtol: 1e-10 });

  const ln = new RelGraphConv(3, 4, R, { layerNorm: true, selfLoop: false, bias: false, dtype: 'float64' });
  const plain = new RelGraphConv(3, 4, R, { selfLoop: false, bias: false, dtype: 'float64' });
  plain.linearR.W.data.set(ln.linearR.W.data);
  expectClose(ln.forward(g, x, ETYPES), ln.layerNormWeight!.forward(plain.forward(g, x, ETYPES)), { atol: 1e-12 });
  dg.gradcheck((xi) => ln.forward(g, xi, ETYPES), [x, ln.linearR.W, ln.layerNormWeight!.weight!]);

  const drop = new RelGraphConv(3, 4, R, { dropout: 0.5, dtype: 'float64' });
  assert.match(drop.toString(), /dropout=0.5/);
  drop.eval();
  const inEval = drop.forward(g, x, ETYPES);
  drop.train();
  const inTrain = drop.forward(g, x, ETYPES);
  assert.ok([...inTrain.data].some((v) => v === 0), 'dropout zeroes some outputs while training');
  assert.ok([...inTrain.data].every((v, i) => v === 0 || Math.abs(v - 2 * inEval.data[i]) < 1e-12));
});

test('RelGraphConv names bad inputs', () => {
  const conv = new RelGraphConv(3, 2, R);
  const x = dg.zeros([5, 3]);
  assert.throws(() => conv.forward(g, dg.zeros([4, 3]), ETYPES), (e: Error) => e instanceof dg.ShapeError && /\[4, 3\]/.test(e.message) && /\[5, 3\]/.test(e.message));
  assert.throws(() => conv.forward(g, x, ETYPES.slice(1)), /8 type ids for 9 rows/);
  assert.throws(() => conv.forward(g, x, ETYPES.map((t) => t + 1)), /type id 3 at position 0 is not an integer in \[0, 3\)/);
  assert.throws(() => conv.forward(g, x, dg.tensor(ETYPES)), /int32 tensor, got float32/);
  assert.throws(() => conv.forward(g, x, ETYPES, { norm: dg.zeros([8, 1]) }), /norm of shape \[8, 1\] must be \[9, 1\]/);
  assert.throws(() => new TypedLinear(3, 2, 3, { regularizer: 'basis' }), /needs a positive integer numBases/);
});
