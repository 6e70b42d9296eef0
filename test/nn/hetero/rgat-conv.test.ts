import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../../src/index.js';
import { GATConv, RelationalGATConv, relationalGAT, type HeteroGraphConv } from '../../../src/nn/index.js';
import { expectClose, forEachBackend, seededData } from '../../helpers.js';

/** Seeded random edges (duplicates and self-loops included) between n and m nodes. */
function randomEdges(count: number, n: number, m: number, seed: number): [number[], number[]] {
  const u = seededData(count, seed, 0, n), v = seededData(count, seed + 1, 0, m);
  return [Array.from(u, Math.floor), Array.from(v, Math.floor)];
}

// Relations within a type (shared projection), across types (separate ones), two between one
// pair of types, one without edges, and a type ('c') that only sends.
const relations = {
  'a:r1:a': randomEdges(14, 5, 5, 1),
  'a:r2:b': randomEdges(9, 5, 4, 3),
  'b:r3:a': randomEdges(7, 4, 5, 5),
  'c:r4:b': randomEdges(5, 3, 4, 7),
  'b:r5:b': [[], []] as [number[], number[]],
  'a:r6:b': randomEdges(6, 5, 4, 9),
};
const numNodes = { a: 5, b: 4, c: 3 };

const data = (shape: number[], seed: number, dtype: 'float32' | 'float64'): dg.Tensor =>
  dg.tensor(seededData(shape.reduce((x, y) => x * y, 1), seed), { shape, dtype, requiresGrad: true });

/** The fused layer holding the per-relation GATConvs' weights (Linear stores W transposed). */
function fusedFrom(loop: HeteroGraphConv, g: dg.Graph, inFeats: number, outFeats: number, heads: number,
  dtype: 'float32' | 'float64'): RelationalGATConv {
  const fused = new RelationalGATConv(g.canonicalEtypes, inFeats, outFeats, heads, { dtype });
  let cross = 0;
  g.canonicalEtypes.forEach((c, r) => {
    const gat = loop.mods.get(c.join(':')) as GATConv;
    const hf = heads * outFeats, w = dg.transpose(gat.fc?.weight ?? gat.fcSrc!.weight);
    fused.weight.data.set(w.data, r * inFeats * hf);
    if (gat.fcDst !== null) fused.weightDst!.data.set(dg.transpose(gat.fcDst.weight).data, cross++ * inFeats * hf);
    fused.attnL.data.set(gat.attnL.data, r * hf);
    fused.attnR.data.set(gat.attnR.data, r * hf);
    fused.bias!.data.set(gat.bias!.data, r * hf);
  });
  return fused;
}

test('RelationalGATConv equals relationalGAT\'s per-relation loop: outputs and every gradient, on each backend', async () => {
  const g = dg.heterograph(relations, { numNodes });
  await forEachBackend((name) => {
    for (const dtype of ['float64', 'float32'] as const) {
      const tol = dtype === 'float64' ? { atol: 1e-10 } : { atol: 2e-5, rtol: 1e-4 };
      dg.manualSeed(11);
      const loop = relationalGAT(g.canonicalEtypes, 3, 2, 2, { dtype });
      const fused = fusedFrom(loop, g, 3, 2, 2, dtype);
      const x = { a: data([5, 3], 1, dtype), b: data([4, 3], 2, dtype), c: data([3, 3], 3, dtype) };
      const want = loop.forward(g, x), got = fused.forward(g, x);
      assert.deepEqual(Object.keys(got).sort(), Object.keys(want).sort(), `${name}: the same destination types`);
      const pick = { a: data([5, 2, 2], 4, dtype), b: data([4, 2, 2], 5, dtype) };
      const loss = (out: Record<string, dg.Tensor>): dg.Tensor => dg.add(dg.sum(dg.mul(out.a, pick.a)), dg.sum(dg.mul(out.b, pick.b)));
      for (const t of ['a', 'b'] as const) expectClose(got[t], want[t], tol);
      loss(want).backward();
      const loopGrads = Object.fromEntries(Object.entries(x).map(([t, v]) => [t, dg.tensor(Float64Array.from(v.grad!.data), { shape: [...v.shape] })]));
      for (const v of Object.values(x)) v.grad = null;
      loss(got).backward();
      for (const t of ['a', 'b', 'c'] as const) expectClose(x[t].grad!, loopGrads[t], tol);
      let cross = 0;
      g.canonicalEtypes.forEach((c, r) => {
        const gat = loop.mods.get(c.join(':')) as GATConv, hf = 4, at = (p: dg.Tensor, n: number): Float32Array | Float64Array =>
          (p.grad!.data as Float32Array | Float64Array).subarray(r * n, (r + 1) * n);
        expectClose(at(fused.attnL, hf), gat.attnL.grad!, tol);
        expectClose(at(fused.attnR, hf), gat.attnR.grad!, tol);
        expectClose(at(fused.bias!, hf), gat.bias!.grad!, tol);
        expectClose(at(fused.weight, 3 * hf), dg.transpose((gat.fc ?? gat.fcSrc!).weight.grad!), tol);
        if (gat.fcDst !== null) {
          expectClose((fused.weightDst!.grad!.data as Float64Array).subarray(cross * 3 * hf, ++cross * 3 * hf),
            dg.transpose(gat.fcDst.weight.grad!), tol);
        }
      });
    }
  });
});

test('RelationalGATConv on a block, with a [src, dst] pair and with a type left out, as the loop', () => {
  const g = dg.heterograph(relations, { numNodes });
  dg.manualSeed(12);
  const loop = relationalGAT(g.canonicalEtypes, 3, 2, 2, { dtype: 'float64' });
  const fused = fusedFrom(loop, g, 3, 2, 2, 'float64');
  const x = { a: data([5, 3], 6, 'float64'), b: data([4, 3], 7, 'float64'), c: data([3, 3], 8, 'float64') };
  const seeds = { a: [4, 1], b: [0, 2, 3] };
  const block = dg.toBlock(dg.inSubgraph(g, seeds), seeds);
  const bx = Object.fromEntries(block.srctypes.map((t) => [t, dg.indexSelect(x[t as 'a'], 0, block.srcdataPerType.get(dg.NID)[t])]));
  const onBlock = fused.forward(block, bx), loopBlock = loop.forward(block, bx);
  for (const t of ['a', 'b']) expectClose(onBlock[t], loopBlock[t], { atol: 1e-10 });
  const dst = { a: data([5, 3], 9, 'float64'), b: data([4, 3], 10, 'float64') };
  const paired = fused.forward(g, [x, dst]), loopPaired = loop.forward(g, [x, dst]);
  for (const t of ['a', 'b']) expectClose(paired[t], loopPaired[t], { atol: 1e-10 });
  const noC = fused.forward(g, { a: x.a, b: x.b }), loopNoC = loop.forward(g, { a: x.a, b: x.b });
  for (const t of ['a', 'b']) expectClose(noC[t], loopNoC[t], { atol: 1e-10 });
});

test('RelationalGATConv gradients check (float64); bad input is named', () => {
  const g = dg.heterograph(relations, { numNodes });
  dg.manualSeed(13);
  const conv = new RelationalGATConv(g.canonicalEtypes, 3, 2, 2, { dtype: 'float64' });
  for (const p of [conv.bias!]) p.data.set(seededData(p.size, 21));
  const x = { a: data([5, 3], 1, 'float64'), b: data([4, 3], 2, 'float64'), c: data([3, 3], 3, 'float64') };
  dg.gradcheck((a, b, c) => {
    const out = conv.forward(g, { a, b, c });
    return dg.add(dg.sum(dg.mul(out.a, out.a)), dg.sum(out.b));
  }, [x.a, x.b, x.c, conv.weight, conv.weightDst!, conv.attnL, conv.attnR, conv.bias!]);
  assert.match(conv.toString(), /RelationalGATConv\(relations=6, 3, 2, heads=2\)/);
  const other = dg.heterograph({ 'a:r9:b': [[0], [1]] }, { numNodes });
  assert.throws(() => conv.forward(other, x), /graph has relation a:r9:b, which the layer was not built for/);
  assert.throws(() => conv.forward(g, { ...x, a: dg.zeros([5, 4], { dtype: 'float64' }) }), /source features of 'a' have shape \[5, 4\], expected \[5, 3\]/);
  assert.throws(() => conv.forward(g, { c: x.c }), /relation c:r4:b needs features of destination type 'b'/);
  assert.throws(() => new RelationalGATConv([['a', 'r', 'a'], ['a', 'r', 'a']], 3, 2, 1), /relation a:r:a is given twice/);
  assert.throws(() => new RelationalGATConv([], 3, 2, 1), /no relation given/);
});

/**
 * RGAT from plain tensor ops, a relation at a time, for either attention mode: per-edge logits,
 * then the softmax and the sum into destinations as dense [groups, edges] 0/1 matrices (matmul),
 * so none of the fused layer's index plans or kernels (g-SpMM, edge softmax) is involved.
 */
function naiveRGAT(conv: RelationalGATConv, g: dg.Graph, x: Record<string, dg.Tensor>): Record<string, dg.Tensor> {
  const H = conv.numHeads, F = conv.outFeats, R = conv.relations.length, dtype = conv.weight.dtype;
  const wDst = conv.weightDst === null ? conv.weight : dg.concat([conv.weight, conv.weightDst], 0);
  const rel = (p: dg.Tensor, r: number): dg.Tensor => dg.reshape(dg.narrow(p, 0, r, 1), p.shape.slice(1));
  const logits: dg.Tensor[] = [], messages: dg.Tensor[] = [];
  const edges: { dst: string; v: number; r: number }[] = [];
  let cross = 0;
  const out: Record<string, dg.Tensor> = {};
  g.canonicalEtypes.forEach((c, r) => {
    const dstRow = c[0] === c[2] ? r : R + cross++;
    const [u, v] = g.edges({ etype: c }) as [Int32Array, Int32Array];
    const feat = dg.reshape(dg.matmul(x[c[0]], rel(conv.weight, r)), [-1, H, F]);
    const featDst = dg.reshape(dg.matmul(x[c[2]], rel(wDst, dstRow)), [-1, H, F]);
    if (conv.bias !== null) out[c[2]] = dg.add(out[c[2]] ?? dg.zeros([H * F], { dtype }), rel(conv.bias, r));
    if (u.length === 0) return;
    const el = dg.sum(dg.mul(feat, rel(conv.attnL, r)), -1), er = dg.sum(dg.mul(featDst, rel(conv.attnR, r)), -1);
    logits.push(dg.leakyRelu(dg.add(dg.indexSelect(el, 0, u), dg.indexSelect(er, 0, v)), conv.negativeSlope));
    messages.push(dg.indexSelect(feat, 0, u));
    v.forEach((d) => edges.push({ dst: c[2], v: d, r }));
  });
  const E = edges.length, numer = dg.exp(dg.concat(logits, 0)), msg = dg.concat(messages, 0);
  const groupKey = (e: { dst: string; v: number; r: number }): string => `${e.dst}/${e.v}${conv.attentionMode === 'within' ? `/${e.r}` : ''}`;
  const keys = [...new Set(edges.map(groupKey))];
  const member = (rows: number, row: (e: number) => number): dg.Tensor => {
    const m = new Float64Array(rows * E);
    for (let e = 0; e < E; e++) if (row(e) >= 0) m[row(e) * E + e] = 1;
    return dg.tensor(m, { shape: [rows, E], dtype });
  };
  const inGroup = member(keys.length, (e) => keys.indexOf(groupKey(edges[e])));
  const denom = dg.matmul(dg.transpose(inGroup), dg.matmul(inGroup, numer));
  const weighted = dg.reshape(dg.mul(msg, dg.reshape(dg.div(numer, denom), [E, H, 1])), [E, H * F]);
  for (const t of Object.keys(out)) {
    const toType = member(g.numNodes(t), (e) => (edges[e].dst === t ? edges[e].v : -1));
    out[t] = dg.reshape(dg.add(dg.matmul(toType, weighted), out[t]), [-1, H, F]);
  }
  return out;
}

test('RelationalGATConv equals a naive dense RGAT in both attention modes: outputs and every gradient, on each backend', async () => {
  const g = dg.heterograph(relations, { numNodes });
  await forEachBackend((name) => {
    for (const dtype of ['float64', 'float32'] as const) {
      for (const attentionMode of ['across', 'within'] as const) {
        const tol = dtype === 'float64' ? { atol: 1e-10 } : { atol: 2e-5, rtol: 1e-4 };
        dg.manualSeed(14);
        const conv = new RelationalGATConv(g.canonicalEtypes, 3, 2, 2, { dtype, attentionMode });
        conv.bias!.data.set(seededData(conv.bias!.size, 22));
        const x = { a: data([5, 3], 1, dtype), b: data([4, 3], 2, dtype), c: data([3, 3], 3, dtype) };
        const pick = { a: data([5, 2, 2], 4, dtype), b: data([4, 2, 2], 5, dtype) };
        const loss = (out: Record<string, dg.Tensor>): dg.Tensor => dg.add(dg.sum(dg.mul(out.a, pick.a)), dg.sum(dg.mul(out.b, pick.b)));
        const params = [x.a, x.b, x.c, conv.weight, conv.weightDst!, conv.attnL, conv.attnR, conv.bias!];
        const want = naiveRGAT(conv, g, x);
        loss(want).backward();
        const wantGrads = params.map((p) => dg.tensor(Float64Array.from(p.grad!.data), { shape: [...p.shape] }));
        for (const p of params) p.grad = null;
        const got = conv.forward(g, x);
        for (const t of ['a', 'b'] as const) expectClose(got[t], want[t], tol);
        loss(got).backward();
        params.forEach((p, i) => expectClose(p.grad!, wantGrads[i], tol));
        assert.ok(got.a.size > 0, `${name} ${dtype} ${attentionMode}`);
      }
    }
  });
  // The modes differ where a destination has in-edges of several relations (else the test would not tell them apart).
  dg.manualSeed(15);
  const within = new RelationalGATConv(g.canonicalEtypes, 3, 2, 2, { dtype: 'float64' });
  const across = new RelationalGATConv(g.canonicalEtypes, 3, 2, 2, { dtype: 'float64', attentionMode: 'across' });
  across.loadStateDict(within.stateDict());
  const x = { a: data([5, 3], 1, 'float64'), b: data([4, 3], 2, 'float64'), c: data([3, 3], 3, 'float64') };
  const diff = dg.sub(within.forward(g, x).b, across.forward(g, x).b).data as Float64Array;
  assert.ok(diff.some((d) => Math.abs(d) > 1e-3), 'across-relation attention changes the output');
});

test('RelationalGATConv across relations gradients check (float64); an unknown attention mode is named', () => {
  const g = dg.heterograph(relations, { numNodes });
  dg.manualSeed(16);
  const conv = new RelationalGATConv(g.canonicalEtypes, 3, 2, 2, { dtype: 'float64', attentionMode: 'across' });
  conv.bias!.data.set(seededData(conv.bias!.size, 23));
  const x = { a: data([5, 3], 1, 'float64'), b: data([4, 3], 2, 'float64'), c: data([3, 3], 3, 'float64') };
  dg.gradcheck((a, b, c) => {
    const out = conv.forward(g, { a, b, c });
    return dg.add(dg.sum(dg.mul(out.a, out.a)), dg.sum(out.b));
  }, [x.a, x.b, x.c, conv.weight, conv.weightDst!, conv.attnL, conv.attnR, conv.bias!]);
  assert.match(conv.toString(), /attentionMode='across'/);
  assert.throws(() => new RelationalGATConv(g.canonicalEtypes, 3, 2, 2, { attentionMode: 'argat' as 'across' }),
    /attentionMode must be 'within' or 'across', got 'argat'/);
});
