import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../../src/index.js';
import { HGTConv } from '../../../src/nn/index.js';
import { expectClose, forEachBackend, seededData } from '../../helpers.js';

const f64 = (shape: number[], seed: number): dg.Tensor =>
  dg.tensor(seededData(shape.reduce((a, b) => a * b, 1), seed), { shape, dtype: 'float64', requiresGrad: true });

/** 3 node types, 4 relations, a multi-edge, a node without in-edges (store 1). */
function typed(): { g: dg.Graph; ntype: Int32Array; etype: Int32Array } {
  const hg = dg.heterograph({
    'user:buys:item': [[0, 0, 1, 2, 2], [0, 1, 1, 1, 2]],
    'item:boughtBy:user': [[0, 1, 1, 2], [0, 0, 1, 2]],
    'store:sells:item': [[0, 1], [2, 2]],
    'user:follows:user': [[0, 1, 2], [1, 2, 1]],
  }, { numNodes: { user: 3, item: 3, store: 2 } });
  const g = dg.toHomogeneous(hg);
  return { g, ntype: g.ndata.get(dg.NTYPE).data as Int32Array, etype: g.edata.get(dg.ETYPE).data as Int32Array };
}

/** DGL's HGTConv formulas with plain loops over edges, heads and matrix entries. */
function naiveHgt(conv: HGTConv, g: dg.Graph, x: dg.Tensor, nt: Int32Array, et: Int32Array, act: (v: number) => number = (v) => v,
  within = false): number[] {
  const N = g.numNodes(), H = conv.numHeads, D = conv.headSize, I = conv.inSize, O = H * D;
  const [src, dst] = g.edges() as Int32Array[];
  const typedRow = (W: dg.Tensor, t: number, row: ArrayLike<number>, inF: number, outF: number): number[] =>
    Array.from({ length: outF }, (_, o) => { let s = 0; for (let i = 0; i < inF; i++) s += row[i] * W.data[(t * inF + i) * outF + o]; return s; });
  const rowOf = (t: dg.Tensor, n: number, w: number): ArrayLike<number> => t.data.subarray(n * w, (n + 1) * w);
  const K = [...Array(N).keys()].map((n) => typedRow(conv.linearK.W, nt[n], rowOf(x, n, I), I, O));
  const Q = [...Array(N).keys()].map((n) => typedRow(conv.linearQ.W, nt[n], rowOf(x, n, I), I, O));
  const V = [...Array(N).keys()].map((n) => typedRow(conv.linearV.W, nt[n], rowOf(x, n, I), I, O));
  const h = [...Array(N)].map(() => new Array<number>(O).fill(0));
  for (let i = 0; i < H; i++) {
    const logit = [...src].map((s, e) => {
      const kw = typedRow(conv.relationAtt.get(i).W, et[e], K[s].slice(i * D, (i + 1) * D), D, D);
      let dot = 0;
      for (let d = 0; d < D; d++) dot += kw[d] * Q[dst[e]][i * D + d];
      return dot * conv.relationPri.items[i].data[et[e]] / Math.sqrt(D);
    });
    for (let v = 0; v < N; v++) {
      // One softmax over all in-edges ('across'), or one per relation ('within').
      const groups = within ? [...new Set(et)].map((r) => [...dst.keys()].filter((e) => dst[e] === v && et[e] === r))
        : [[...dst.keys()].filter((e) => dst[e] === v)];
      for (const inE of groups.filter((grp) => grp.length > 0)) {
        const m = Math.max(...inE.map((e) => logit[e]));
        const z = inE.reduce((a, e) => a + Math.exp(logit[e] - m), 0);
        for (const e of inE) {
          const msg = typedRow(conv.relationMsg.get(i).W, et[e], V[src[e]].slice(i * D, (i + 1) * D), D, D);
          for (let d = 0; d < D; d++) h[v][i * D + d] += Math.exp(logit[e] - m) / z * msg[d];
        }
      }
    }
  }
  const out: number[] = [];
  for (let v = 0; v < N; v++) {
    const a = typedRow(conv.linearA.W, nt[v], h[v].map(act), O, O);
    const alpha = 1 / (1 + Math.exp(-conv.skip.data[nt[v]]));
    const res = conv.residualW === null ? Array.from(rowOf(x, v, I)) : typedRow(conv.residualW, 0, rowOf(x, v, I), I, O);
    for (let o = 0; o < O; o++) out.push(a[o] * alpha + res[o] * (1 - alpha));
  }
  return out;
}

/** Priors and skips away from their initial ones, so the test sees them used per type. */
function perturb(conv: HGTConv): void {
  conv.relationPri.items.forEach((p, i) => p.data.set(seededData(p.size, 70 + i, 0.5, 1.5)));
  conv.skip.data.set(seededData(conv.skip.size, 80));
}

test('HGTConv equals the paper formulas computed edge by edge; shapes, residual projection, toString', () => {
  const { g, ntype, etype } = typed();
  for (const [inSize, headSize, numHeads] of [[5, 2, 3], [4, 2, 2]]) {
    dg.manualSeed(inSize);
    const conv = new HGTConv(inSize, headSize, numHeads, 3, 4, { dropout: 0, dtype: 'float64' });
    perturb(conv);
    const x = f64([g.numNodes(), inSize], 3);
    const out = conv.forward(g, x, ntype, etype);
    assert.deepEqual([...out.shape], [g.numNodes(), headSize * numHeads]);
    assert.equal(conv.residualW === null, inSize === headSize * numHeads);
    expectClose(out, naiveHgt(conv, g, x, ntype, etype), { atol: 1e-10 });
  }
  dg.manualSeed(7);
  const withTanh = new HGTConv(5, 2, 3, 3, 4, { dropout: 0, dtype: 'float64', activation: dg.tanh });
  perturb(withTanh);
  const x5 = f64([g.numNodes(), 5], 4);
  expectClose(withTanh.forward(g, x5, ntype, etype), naiveHgt(withTanh, g, x5, ntype, etype, Math.tanh), { atol: 1e-10 });
  const conv = new HGTConv(5, 2, 3, 3, 4, { useNorm: true, activation: dg.gelu });
  assert.equal(conv.toString(), 'HGTConv(5, headSize=2, numHeads=3, numNtypes=3, numEtypes=4, dropout=0.2, useNorm=true, activation=gelu)');
  const names = [...conv.stateDict().keys()];
  for (const n of ['linearK.W', 'relationPri.2', 'relationAtt.0.W', 'relationMsg.1.W', 'skip', 'residualW', 'norm.weight']) assert.ok(names.includes(n), `${n} in ${names.join(', ')}`);
});

test('HGTConv gradients check in float64 for inputs and every parameter kind', () => {
  const { g, ntype, etype } = typed();
  dg.manualSeed(1);
  const conv = new HGTConv(3, 2, 2, 3, 4, { dropout: 0, dtype: 'float64' });
  perturb(conv);
  const x = f64([g.numNodes(), 3], 9);
  dg.gradcheck((xi) => conv.forward(g, xi, ntype, etype),
    [x, conv.linearK.W, conv.linearQ.W, conv.linearV.W, conv.linearA.W, conv.relationAtt.get(1).W, conv.relationMsg.get(0).W,
      conv.relationPri.items[0], conv.skip, conv.residualW!]);
  const paperStyle = new HGTConv(3, 2, 2, 3, 4, { dropout: 0, dtype: 'float64', activation: dg.gelu });
  perturb(paperStyle);
  dg.gradcheck((xi) => paperStyle.forward(g, xi, ntype, etype), [x, paperStyle.linearA.W, paperStyle.relationMsg.get(1).W]);
});

test('HGTConv on a block equals the full graph on its destination nodes', () => {
  const { g, ntype, etype } = typed();
  dg.manualSeed(2);
  const conv = new HGTConv(4, 2, 2, 3, 4, { dropout: 0, dtype: 'float64' });
  perturb(conv);
  const x = f64([g.numNodes(), 4], 11);
  const full = conv.forward(g, x, ntype, etype);
  const seeds = [3, 4, 5];
  const block = dg.toBlock(dg.inSubgraph(g, seeds), seeds);
  const nid = block.srcdata.get(dg.NID).data as Int32Array;
  const bx = dg.indexSelect(x, 0, dg.tensor(nid, { dtype: 'int32' }));
  const bnt = Int32Array.from(nid, (v) => ntype[v]);
  const bet = Int32Array.from(block.edata.get(dg.EID).data, (e) => etype[e]);
  const out = conv.forward(block, bx, bnt, bet);
  expectClose(out, dg.indexSelect(full, 0, dg.tensor(Int32Array.from(seeds), { dtype: 'int32' })), { atol: 1e-12 });
});

test('HGTConv refuses bad type ids and feature shapes with the problem named', () => {
  const { g, ntype, etype } = typed();
  const conv = new HGTConv(4, 2, 2, 3, 4);
  const x = dg.zeros([g.numNodes(), 4]);
  assert.throws(() => conv.forward(g, x, ntype, Int32Array.from(etype, (t) => t + 1)), /etype.*type id 4 .* not an integer in \[0, 4\)/);
  assert.throws(() => conv.forward(g, x, ntype.subarray(1), etype), /ntype: 7 type ids for 8 rows/);
  assert.throws(() => conv.forward(g, dg.zeros([g.numNodes(), 3]), ntype, etype), /x of shape \[8, 3\] must be \[8, 4\]/);
  assert.throws(() => new HGTConv(4, 0, 2, 3, 4), /headSize/);
});

test("HGTConv attentionMode 'within': one softmax per destination and relation, equal to the formulas edge by edge", async () => {
  const { g, ntype, etype } = typed();
  dg.manualSeed(11);
  const within = new HGTConv(5, 2, 3, 3, 4, { dropout: 0, dtype: 'float64', attentionMode: 'within' });
  perturb(within);
  const x = f64([g.numNodes(), 5], 5);
  const out = within.forward(g, x, ntype, etype);
  expectClose(out, naiveHgt(within, g, x, ntype, etype, (v) => v, true), { atol: 1e-10 });
  const across = new HGTConv(5, 2, 3, 3, 4, { dropout: 0, dtype: 'float64' });
  across.loadStateDict(within.stateDict());
  const diff = Math.max(...Array.from(out.data, (v, i) => Math.abs(v - across.forward(g, x, ntype, etype).data[i])));
  assert.ok(diff > 1e-3, `the modes differ where a node has in-edges of several relations (${diff})`);
  assert.equal(within.toString(), 'HGTConv(5, headSize=2, numHeads=3, numNtypes=3, numEtypes=4, attentionMode=within)');
  dg.gradcheck((xi) => within.forward(g, xi, ntype, etype), [x, within.linearK.W, within.linearQ.W, within.relationAtt.get(0).W, within.relationPri.items[1]]);
  await forEachBackend(() => {
    const y = dg.tensor(Float32Array.from(seededData(g.numNodes() * 4, 6)), { shape: [g.numNodes(), 4] });
    dg.manualSeed(2);
    const f32 = new HGTConv(4, 2, 2, 3, 4, { dropout: 0, attentionMode: 'within' });
    perturb(f32);
    expectClose(f32.forward(g, y, ntype, etype), naiveHgt(f32, g, y, ntype, etype, (v) => v, true), { atol: 1e-5 });
  });
  assert.throws(() => new HGTConv(5, 2, 3, 3, 4, { attentionMode: 'per-edge' as 'within' }), /HGTConv: attentionMode must be 'across' or 'within', got 'per-edge'/);
});
