import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../../src/index.js';
import { FeaturelessRelationalGATConv, RelationalGATConv } from '../../../src/nn/index.js';
import { expectClose, forEachBackend, seededData } from '../../helpers.js';

const edges = (count: number, n: number, m: number, seed: number): [number[], number[]] =>
  [Array.from(seededData(count, seed, 0, n), Math.floor), Array.from(seededData(count, seed + 1, 0, m), Math.floor)];
// Within a type, across types both ways, two relations into 'b', one without edges, a sending-only type 'c'.
const relations = {
  'a:r1:a': edges(12, 4, 4, 1),
  'a:r2:b': edges(8, 4, 3, 3),
  'b:r3:a': edges(6, 3, 4, 5),
  'c:r4:b': edges(5, 2, 3, 7),
  'b:r5:b': [[], []] as [number[], number[]],
};
const numNodes = { a: 4, b: 3, c: 2 };
const N = 9;

/** One-hot ids over all nodes, type by type, as inputs of RelationalGATConv with inFeats = N. */
function oneHot(dtype: 'float32' | 'float64'): Record<string, dg.Tensor> {
  let at = 0;
  return Object.fromEntries(Object.entries(numNodes).map(([t, n]) => {
    const x = new Float64Array(n * N);
    for (let i = 0; i < n; i++) x[i * N + at + i] = 1;
    at += n;
    return [t, dg.tensor(x, { shape: [n, N], dtype })];
  }));
}

test('FeaturelessRelationalGATConv equals RelationalGATConv on one-hot inputs, with and without bases: outputs and gradients, each backend', async () => {
  const g = dg.heterograph(relations, { numNodes });
  await forEachBackend(async (name) => {
    for (const dtype of ['float64', 'float32'] as const) {
      for (const [numBases, attentionMode] of [[0, 'within'], [2, 'across'], [3, 'within']] as const) {
        const tol = dtype === 'float64' ? { atol: 1e-10 } : { atol: 2e-5, rtol: 1e-4 };
        dg.manualSeed(31);
        const conv = new FeaturelessRelationalGATConv(g.canonicalEtypes, numNodes, 2, 2, { dtype, numBases, attentionMode });
        conv.bias!.data.set(seededData(conv.bias!.size, 32));
        const R = conv.relations.length, hf = 4;
        assert.deepEqual(conv.weight.shape, [numBases > 0 ? numBases : R, N, hf]);
        // W_r = sum_b wComp[r, b] weight[b]: the same projection for sources and destinations.
        const W = conv.wComp === null ? conv.weight : dg.reshape(dg.matmul(conv.wComp, dg.reshape(conv.weight, [numBases, N * hf])), [R, N, hf]);
        const ref = new RelationalGATConv(g.canonicalEtypes, N, 2, 2, { dtype, attentionMode });
        ref.weight.data.set(W.data);
        let cross = 0;
        g.canonicalEtypes.forEach((c, r) => { if (c[0] !== c[2]) ref.weightDst!.data.set(W.data.subarray(r * N * hf, (r + 1) * N * hf), cross++ * N * hf); });
        for (const p of ['attnL', 'attnR', 'bias'] as const) ref[p]!.data.set(conv[p]!.data);
        const pick = { a: dg.tensor(seededData(16, 33), { shape: [4, 2, 2], dtype }), b: dg.tensor(seededData(12, 34), { shape: [3, 2, 2], dtype }) };
        const loss = (out: Record<string, dg.Tensor>): dg.Tensor => dg.add(dg.sum(dg.mul(out.a, pick.a)), dg.sum(dg.mul(out.b, pick.b)));
        const got = conv.forward(g), want = ref.forward(g, oneHot(dtype));
        for (const t of ['a', 'b'] as const) expectClose(got[t], want[t], tol);
        loss(got).backward();
        loss(want).backward();
        for (const p of ['attnL', 'attnR', 'bias'] as const) expectClose(conv[p]!.grad!, ref[p]!.grad!, tol);
        // dL/dW_r: the source and (between types) destination projections' gradients, tied.
        const gW = Float64Array.from(ref.weight.grad!.data);
        cross = 0;
        g.canonicalEtypes.forEach((c, r) => {
          if (c[0] === c[2]) return;
          const d = ref.weightDst!.grad!.data.subarray(cross * N * hf, ++cross * N * hf);
          for (let i = 0; i < N * hf; i++) gW[r * N * hf + i] += d[i];
        });
        const gWt = dg.tensor(gW, { shape: [R, N * hf] });
        if (conv.wComp === null) {
          expectClose(conv.weight.grad!, dg.reshape(gWt, [R, N, hf]), tol);
        } else {
          const weight64 = dg.tensor(Float64Array.from(conv.weight.data), { shape: [numBases, N * hf] });
          const comp64 = dg.tensor(Float64Array.from(conv.wComp.data), { shape: [R, numBases] });
          expectClose(conv.weight.grad!, dg.reshape(dg.matmul(dg.transpose(comp64), gWt), [numBases, N, hf]), tol);
          expectClose(conv.wComp.grad!, dg.matmul(gWt, dg.transpose(weight64)), tol);
        }
        assert.ok(got.b.size === 12, `${name} ${dtype} bases ${numBases}`);
      }
    }
  });
});

test('FeaturelessRelationalGATConv gradients check (float64) in both modes; bad input is named', () => {
  const g = dg.heterograph(relations, { numNodes });
  for (const attentionMode of ['within', 'across'] as const) {
    dg.manualSeed(35);
    const conv = new FeaturelessRelationalGATConv(g.canonicalEtypes, numNodes, 2, 2, { dtype: 'float64', numBases: 2, attentionMode });
    conv.bias!.data.set(seededData(conv.bias!.size, 36));
    dg.gradcheck(() => {
      const out = conv.forward(g);
      return dg.add(dg.sum(dg.mul(out.a, out.a)), dg.sum(out.b));
    }, [conv.weight, conv.wComp!, conv.attnL, conv.attnR, conv.bias!]);
  }
  const conv = new FeaturelessRelationalGATConv(g.canonicalEtypes, numNodes, 2, 2, { numBases: 2 });
  assert.match(conv.toString(), /FeaturelessRelationalGATConv\(relations=5, nodes=9, 2, heads=2, numBases=2\)/);
  assert.throws(() => conv.forward(dg.heterograph(relations, { numNodes: { a: 5, b: 3, c: 2 } })), /graph has 5 nodes of type 'a', the layer was built for 4/);
  assert.throws(() => conv.forward(dg.heterograph({ 'a:r9:b': [[0], [1]] }, { numNodes })), /graph has relation a:r9:b, which the layer was not built for/);
  assert.throws(() => conv.forward(dg.toBlock(dg.inSubgraph(g, { a: [0] }), { a: [0] })), /not on a block/);
  assert.throws(() => new FeaturelessRelationalGATConv([['a', 'r', 'x']], numNodes, 2, 1), /relation a:r:x names node type 'x', which numNodes lacks/);
  assert.throws(() => new FeaturelessRelationalGATConv(g.canonicalEtypes, numNodes, 2, 1, { numBases: 1.5 }), /numBases must be a non-negative integer, got 1.5/);
  assert.throws(() => new FeaturelessRelationalGATConv(g.canonicalEtypes, numNodes, 2, 1, { attentionMode: 'all' as 'across' }), /attentionMode must be 'within' or 'across', got 'all'/);
  assert.throws(() => new FeaturelessRelationalGATConv(g.canonicalEtypes, { ...numNodes, a: 0 }, 2, 1), /numNodes\['a'\]/);
});
