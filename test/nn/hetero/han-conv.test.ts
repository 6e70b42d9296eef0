import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../../src/index.js';
import { HANConv } from '../../../src/nn/index.js';
import { expectClose, seededData } from '../../helpers.js';

const f64 = (shape: number[], seed: number): dg.Tensor =>
  dg.tensor(seededData(shape.reduce((a, b) => a * b, 1), seed), { shape, dtype: 'float64', requiresGrad: true });

/** Papers written by authors and about subjects (ACM's layout in DGL's HAN example). */
function acm(): dg.Graph {
  const pa: [number[], number[]] = [[0, 0, 1, 2, 3, 4, 4, 5], [0, 1, 1, 2, 0, 3, 2, 3]];
  const ps: [number[], number[]] = [[0, 1, 2, 3, 4, 5], [0, 0, 1, 1, 0, 2]];
  return dg.heterograph({
    'paper:pa:author': pa, 'author:ap:paper': [pa[1], pa[0]],
    'paper:ps:subject': ps, 'subject:sp:paper': [ps[1], ps[0]],
  }, { numNodes: { paper: 7, author: 4, subject: 3 } });
}

test('HANConv: per-metapath GAT on the reachable graph, then semantic attention, as a plain loop computes it', () => {
  dg.manualSeed(5);
  const g = acm();
  const han = new HANConv([['pa', 'ap'], ['ps', 'sp']], 4, 3, 2, { dtype: 'float64', semanticHidden: 5 });
  const h = f64([7, 4], 1);
  const out = han.forward(g, h);
  assert.deepEqual([...out.shape], [7, 6]);
  // Reference: reachable pairs by brute force, the same GATConv per metapath on them, semantic attention by hand.
  const z = [['pa', 'ap'], ['ps', 'sp']].map((path, m) => {
    const [a, b] = path.map((e) => g.edges({ etype: e }));
    const pairs = new Set<string>();
    for (let i = 0; i < a[0].length; i++) for (let j = 0; j < b[0].length; j++) if (a[1][i] === b[0][j]) pairs.add(`${a[0][i]},${b[1][j]}`);
    const list = [...pairs].map((p) => p.split(',').map(Number)).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    const mg = dg.graph([list.map((p) => p[0]), list.map((p) => p[1])], { numNodes: 7 });
    assert.equal(han.metapathGraphs(g)[m].numEdges(), list.length);
    return han.gatLayers.get(m).forward(mg, h).reshape([7, 6]).data as Float64Array;
  });
  const W = han.semanticAttention.project.weight.data, bias = han.semanticAttention.project.bias!.data, q = han.semanticAttention.score.weight.data;
  const w = z.map((zm) => {
    let total = 0;
    for (let n = 0; n < 7; n++) {
      for (let k = 0; k < 5; k++) {
        let s = bias[k];
        for (let d = 0; d < 6; d++) s += W[k * 6 + d] * zm[n * 6 + d];
        total += q[k] * Math.tanh(s);
      }
    }
    return total / 7;
  });
  const e = w.map((x) => Math.exp(x - Math.max(...w))), beta = e.map((x) => x / (e[0] + e[1]));
  expectClose(out, Float64Array.from({ length: 42 }, (_, i) => beta[0] * z[0][i] + beta[1] * z[1][i]), { atol: 1e-12 });
  expectClose(han.semanticAttention.lastWeights!, beta, { atol: 1e-12 });
  assert.equal(han.metapathGraphs(g), han.metapathGraphs(g), 'metapath graphs are cached per graph');
  dg.gradcheck((x, a, p) => dg.add(dg.sum(dg.mul(han.forward(g, x), han.forward(g, x))), dg.add(dg.sum(a), dg.sum(p))),
    [h, han.gatLayers.get(1).attnL, han.semanticAttention.project.weight]);
});

test('HANConv: bad metapaths and features are named', () => {
  const g = acm();
  assert.throws(() => new HANConv([], 4, 3, 2), /at least one metapath/);
  assert.throws(() => new HANConv([[]], 4, 3, 2), /metapaths\[0\] must be a non-empty list/);
  assert.throws(() => new HANConv([['pa']], 4, 0, 2), /outFeats must be an integer >= 1/);
  assert.throws(() => new HANConv([['pa', 'ps']], 4, 3, 1).forward(g, dg.zeros([7, 4])), /metapath does not chain: step 0 \(paper:pa:author\) ends on 'author' but step 1 \(paper:ps:subject\) starts from 'paper'/);
  assert.throws(() => new HANConv([['pa']], 4, 3, 1).forward(g, dg.zeros([7, 4])), /runs from 'paper' to 'author'; a HAN metapath must return/);
  assert.throws(() => new HANConv([['pa', 'ap'], ['ap', 'pa']], 4, 3, 1).forward(g, dg.zeros([7, 4])), /start from different node types \[paper, author\]/);
  assert.throws(() => new HANConv([['pa', 'likes']], 4, 3, 1).forward(g, dg.zeros([7, 4])), /likes/);
  assert.throws(() => new HANConv([['pa', 'ap']], 4, 3, 1).forward(g, dg.zeros([4, 4])), /features of the 7 'paper' nodes as \[7, 4\], got \[4, 4\]/);
});
