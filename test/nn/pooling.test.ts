import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { AvgPooling, GlobalAttentionPooling, Linear, MaxPooling, Set2Set, SortPooling, SumPooling } from '../../src/nn/index.js';
import { expectClose, seededData } from '../helpers.js';

const D = 3;
const SIZES = [3, 1, 0, 4];

/** Four member graphs (one empty) with their own features, and the batched graph. */
function members(seed: number): { graphs: dg.Graph[]; feats: dg.Tensor[]; bg: dg.Graph; feat: dg.Tensor } {
  const edges: [number[], number[]][] = [[[0, 1, 2], [1, 2, 0]], [[0], [0]], [[], []], [[0, 1, 2, 3, 3], [1, 2, 3, 0, 1]]];
  const graphs = edges.map((e, i) => dg.graph(e, { numNodes: SIZES[i] }));
  const feats = SIZES.map((n, i) => dg.tensor(seededData(n * D, seed + i), { shape: [n, D], dtype: 'float64' }));
  graphs.forEach((g, i) => g.ndata.set('h', feats[i]));
  const bg = dg.batch(graphs);
  const feat = bg.ndata.get('h').detach().setRequiresGrad();
  return { graphs, feats, bg, feat };
}

/** Per-graph rows from running fn on each unbatched graph, stacked. */
function perGraph(graphs: dg.Graph[], feats: dg.Tensor[], fn: (g: dg.Graph, x: dg.Tensor) => dg.Tensor): number[] {
  return graphs.flatMap((g, i) => [...fn(g, feats[i]).data]);
}

test('Sum/Avg/MaxPooling equal per-graph reductions of the unbatched graphs (and naive loops); gradients check', () => {
  const { graphs, feats, bg, feat } = members(1);
  const naive = (x: dg.Tensor, op: 'sum' | 'mean' | 'max'): number[] => {
    const n = x.shape[0];
    return Array.from({ length: D }, (_, c) => {
      const col = Array.from({ length: n }, (_, i) => x.data[i * D + c]);
      if (n === 0) return 0;
      return op === 'sum' ? col.reduce((a, b) => a + b, 0) : op === 'mean' ? col.reduce((a, b) => a + b, 0) / n : Math.max(...col);
    });
  };
  for (const [Pool, op] of [[SumPooling, 'sum'], [AvgPooling, 'mean'], [MaxPooling, 'max']] as const) {
    const pool = new Pool();
    assert.equal(pool.toString(), `${Pool.name}()`);
    const out = pool.forward(bg, feat);
    assert.deepEqual([...out.shape], [4, D]);
    expectClose(out, perGraph(graphs, feats, (g, x) => pool.forward(g, x)), { atol: 1e-12 });
    expectClose(out, feats.flatMap((x) => naive(x, op)), { atol: 1e-12 });
    dg.gradcheck((x) => pool.forward(bg, x), [feat]);
  }
});

test('SortPooling sorts each node, keeps the k nodes with the largest values per graph, pads, flattens', () => {
  const { graphs, feats, bg, feat } = members(2);
  const k = 2;
  const pool = new SortPooling(k);
  assert.equal(pool.toString(), 'SortPooling(k=2)');
  const out = pool.forward(bg, feat);
  assert.deepEqual([...out.shape], [4, k * D]);
  const naive = feats.flatMap((x) => {
    const rows = Array.from({ length: x.shape[0] }, (_, i) => Array.from(x.data.subarray(i * D, (i + 1) * D)).sort((a, b) => a - b));
    rows.sort((a, b) => b[D - 1] - a[D - 1]);
    return Array.from({ length: k }, (_, r) => rows[r] ?? new Array<number>(D).fill(0)).flat();
  });
  expectClose(out, naive, { atol: 0 });
  expectClose(out, perGraph(graphs, feats, (g, x) => pool.forward(g, x)), { atol: 0 });
  dg.gradcheck((x) => pool.forward(bg, x), [feat]);
  assert.throws(() => new SortPooling(0), /k must be a positive integer/);
});

test('GlobalAttentionPooling equals a naive softmax-weighted sum per graph; attention and gradients', () => {
  dg.manualSeed(5);
  const { graphs, feats, bg, feat } = members(3);
  const gate = new Linear(D, 1, { dtype: 'float64' }), proj = new Linear(D, 2, { dtype: 'float64' });
  const pool = new GlobalAttentionPooling(gate, proj);
  assert.match(pool.toString(), /\(gateNn\): Linear\(3, 1\)/);
  assert.match(pool.toString(), /\(featNn\): Linear\(3, 2\)/);
  const [out, alpha] = pool.forward(bg, feat, { getAttention: true });
  assert.deepEqual([...out.shape], [4, 2]);
  assert.deepEqual([...alpha.shape], [8, 1]);
  const naive = feats.flatMap((x) => {
    const n = x.shape[0];
    if (n === 0) return [0, 0];
    const logits = Array.from(gate.forward(x).data);
    const m = Math.max(...logits);
    const z = logits.reduce((a, v) => a + Math.exp(v - m), 0);
    const h = proj.forward(x);
    return [0, 1].map((c) => logits.reduce((a, v, i) => a + (Math.exp(v - m) / z) * h.data[i * 2 + c], 0));
  });
  expectClose(out, naive, { atol: 1e-12 });
  expectClose(out, perGraph(graphs, feats, (g, x) => pool.forward(g, x)), { atol: 1e-12 });
  dg.gradcheck((x) => pool.forward(bg, x), [feat, gate.weight, gate.bias!, proj.weight]);
  const plain = new GlobalAttentionPooling(gate);
  assert.deepEqual([...plain.forward(bg, feat).shape], [4, D]);
  assert.throws(() => new GlobalAttentionPooling(proj).forward(bg, feat), /gateNn must output \[8, 1\], got \[8, 2\]/);
});

test('Set2Set equals the same steps run graph by graph with one LSTM; output width 2D; gradients check', () => {
  dg.manualSeed(6);
  const { graphs, feats, bg, feat } = members(4);
  const s2s = new Set2Set(D, 2, 2, { dtype: 'float64' });
  assert.equal(s2s.toString().split('\n')[0], 'Set2Set(');
  assert.match(s2s.toString(), /inputDim=3, nIters=2, nLayers=2/);
  assert.match(s2s.toString(), /\(lstm\): LSTM\(6, 3, numLayers=2\)/);
  const out = s2s.forward(bg, feat);
  assert.deepEqual([...out.shape], [4, 2 * D]);
  // Naive: one graph at a time, attention by a plain softmax over its nodes.
  const naive = feats.flatMap((x) => {
    let state: [dg.Tensor, dg.Tensor] = [dg.zeros([2, 1, D], { dtype: 'float64' }), dg.zeros([2, 1, D], { dtype: 'float64' })];
    let qStar = dg.zeros([1, 2 * D], { dtype: 'float64' });
    for (let t = 0; t < 2; t++) {
      const [q3, next] = s2s.lstm.forward(dg.reshape(qStar, [1, 1, 2 * D]), state);
      state = next;
      const q = dg.reshape(q3, [1, D]);
      const readout = x.shape[0] === 0 ? dg.zeros([1, D], { dtype: 'float64' })
        : dg.matmul(dg.transpose(dg.softmax(dg.matmul(x, dg.transpose(q, 0, 1)), 0), 0, 1), x);
      qStar = dg.concat([q, readout], 1);
    }
    return [...qStar.data];
  });
  expectClose(out, naive, { atol: 1e-12 });
  expectClose(out, perGraph(graphs, feats, (g, x) => s2s.forward(g, x)), { atol: 1e-12 });
  const lstmParams = s2s.lstm.parameters();
  dg.gradcheck((x) => s2s.forward(bg, x), [feat, lstmParams[0], lstmParams[lstmParams.length - 1]]);
});
