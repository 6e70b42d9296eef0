import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../../src/index.js';
import { ChebConv, laplacianLambdaMax } from '../../../src/nn/index.js';
import { expectClose, forEachBackend } from '../../helpers.js';
import { f64, fourNodeGraph, gradsOf, mediumGraph, smallBlock, udfSymmetricPropagate } from './fixtures.js';

const undirected = (pairs: number[][], n: number): dg.Graph =>
  dg.graph([pairs.flatMap(([a, b]) => [a, b]), pairs.flatMap(([a, b]) => [b, a])], { numNodes: n });
const complete = (n: number): dg.Graph => {
  const pairs: number[][] = [];
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) pairs.push([a, b]);
  return undirected(pairs, n);
};
const cycle = (n: number): dg.Graph => undirected(Array.from({ length: n }, (_, i) => [i, (i + 1) % n]), n);

/** Z_0..Z_{K-1} of the Chebyshev recurrence through UDF propagation, then the layer's Linear. */
function reference(conv: ChebConv, g: dg.Graph, x: dg.Tensor, lambda: number): dg.Tensor {
  const lhat = (h: dg.Tensor): dg.Tensor => dg.sub(dg.mul(dg.sub(h, udfSymmetricPropagate(g, h)), 2 / lambda), h);
  const z = [x];
  if (conv.k > 1) z.push(lhat(x));
  for (let i = 2; i < conv.k; i++) z.push(dg.sub(dg.mul(lhat(z[i - 1]), 2), z[i - 2]));
  return conv.linear.forward(dg.concat(z, 1));
}

test('ChebConv: output shape, toString, ReLU by default as in DGL', () => {
  const conv = new ChebConv(5, 3, 3);
  assert.equal(conv.toString(), 'ChebConv(5, 3, k=3, activation=relu)');
  assert.equal(new ChebConv(2, 2, 1, { activation: null, bias: false }).toString(), 'ChebConv(2, 2, k=1, bias=false, activation=null)');
  assert.deepEqual([...conv.linear.weight.shape], [3, 15]);
  const out = conv.forward(mediumGraph(), dg.randn([10, 5]));
  assert.deepEqual([...out.shape], [10, 3]);
  assert.ok([...out.data].every((v) => v >= 0));
  assert.ok([...out.data].some((v) => v > 0));
});

test('ChebConv: builtin path equals the UDF recurrence (both evaluation orders, several K, given lambdaMax)', () => forEachBackend(() => {
  const g = mediumGraph();
  for (const [fin, fout] of [[2, 3], [5, 2]]) {
    for (const k of [1, 2, 4]) {
      const conv = new ChebConv(fin, fout, k, { activation: null, dtype: 'float64' });
      const x = f64([10, fin], 13 + k, true);
      const out = conv.forward(g, x, 1.7);
      const ref = reference(conv, g, x, 1.7);
      expectClose(out, ref, { atol: 1e-12 });
      const leaves = [x, conv.linear.weight, conv.linear.bias!];
      const a = gradsOf(out, leaves), b = gradsOf(ref, leaves);
      a.forEach((ga, i) => expectClose(ga, b[i], { atol: 1e-11 }));
    }
  }
  const conv = new ChebConv(3, 2, 3, { activation: null, dtype: 'float64' });
  const x = f64([10, 3], 2);
  expectClose(conv.forward(g, x), reference(conv, g, x, 2), { atol: 1e-12 });
}));

test('ChebConv: float64 gradcheck on a 4-node graph (inputs and parameters, both evaluation orders)', () => {
  const g = fourNodeGraph();
  for (const [fin, fout] of [[2, 3], [3, 2]]) {
    const conv = new ChebConv(fin, fout, 3, { dtype: 'float64', activation: dg.tanh });
    dg.gradcheck((xi) => conv.forward(g, xi, 1.5), [f64([4, fin], 5, true), conv.linear.weight, conv.linear.bias!]);
  }
});

test('laplacianLambdaMax: closed forms per member of a batch (K4: 4/3, odd cycle: 1 + cos(pi/5), even cycle and path: 2, lone node: 1)', () => {
  const lone = dg.graph([[], []], { numNodes: 1 });
  const path = undirected(Array.from({ length: 199 }, (_, i) => [i, i + 1]), 200);
  const bg = dg.batch([complete(4), cycle(5), cycle(6), lone, path]);
  expectClose(laplacianLambdaMax(bg), [4 / 3, 1 + Math.cos(Math.PI / 5), 2, 1, 2], { atol: 1e-9 });
  expectClose(laplacianLambdaMax(complete(7)), [7 / 6], { atol: 1e-9 });
  expectClose(laplacianLambdaMax(complete(7).sparse()), [7 / 6], { atol: 1e-9 });
});

test('laplacianLambdaMax: matches dense power iteration on an irregular graph with an isolated node', () => {
  const g = mediumGraph(), n = 10;
  const deg = g.inDegrees() as Int32Array;
  const [src, dst] = g.edges() as [Int32Array, Int32Array];
  const lap: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (let e = 0; e < src.length; e++) lap[dst[e]][src[e]] -= 1 / Math.sqrt(Math.max(deg[dst[e]], 1) * Math.max(deg[src[e]], 1));
  let x = Array.from({ length: n }, (_, i) => Math.sin(i + 1)), lambda = 0;
  for (let it = 0; it < 20000; it++) {
    const y = lap.map((row) => row.reduce((a, v, j) => a + v * x[j], 0));
    const norm = Math.sqrt(y.reduce((a, v) => a + v * v, 0));
    lambda = y.reduce((a, v, i) => a + v * x[i], 0) / x.reduce((a, v) => a + v * v, 0);
    x = y.map((v) => v / norm);
  }
  expectClose(laplacianLambdaMax(g), [lambda], { atol: 1e-9 });
});

test('ChebConv: lambdaMax given per graph, as a tensor, estimated, or wrong', () => {
  const graphs = [complete(4), cycle(5)];
  const bg = dg.batch(graphs);
  const conv = new ChebConv(2, 3, 3, { activation: null, dtype: 'float64' });
  const x = f64([9, 2], 31);
  const parts = [dg.narrow(x, 0, 0, 4), dg.narrow(x, 0, 4, 5)];
  const perGraph = dg.concat([conv.forward(graphs[0], parts[0], 1.2), conv.forward(graphs[1], parts[1], 1.9)], 0);
  expectClose(conv.forward(bg, x, [1.2, 1.9]), perGraph, { atol: 1e-12 });
  expectClose(conv.forward(bg, x, dg.tensor([1.2, 1.9], { dtype: 'float64' })), perGraph, { atol: 1e-12 });
  const est = laplacianLambdaMax(bg);
  expectClose(conv.forward(bg, x, 'estimate'), conv.forward(bg, x, est), { atol: 1e-12 });
  expectClose(conv.forward(bg, x, 2), conv.forward(bg, x), { atol: 0 });
  assert.throws(() => conv.forward(bg, x, [1, 2, 3]), /lambdaMax has 3 values but the graph batches 2 graphs/);
  assert.throws(() => conv.forward(bg, x, 0), /lambdaMax must be positive/);
  assert.throws(() => conv.forward(smallBlock(), f64([5, 2], 1)), /homogeneous graph/);
  assert.throws(() => new ChebConv(2, 2, 0), /k must be an integer >= 1/);
});
