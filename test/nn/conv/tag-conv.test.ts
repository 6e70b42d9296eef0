import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../../src/index.js';
import { TAGConv } from '../../../src/nn/index.js';
import { expectClose, forEachBackend } from '../../helpers.js';
import { f64, fourNodeGraph, gradsOf, mediumGraph, naiveBothNorm, positive, smallBlock, udfAggregate, udfSymmetricPropagate } from './fixtures.js';

/** The layer's definition through UDFs: Linear over [X, ÂX, ..., Â^K X]. */
function reference(conv: TAGConv, g: dg.Graph, x: dg.Tensor, w: dg.Tensor | null): dg.Tensor {
  const hops = [x];
  const norm = w === null ? null : naiveBothNorm(g, w.detach());
  for (let i = 0; i < conv.k; i++) {
    const h = hops[hops.length - 1];
    hops.push(norm === null ? udfSymmetricPropagate(g, h) : udfAggregate(g, h, 'sum', norm));
  }
  return conv.lin.forward(dg.concat(hops, 1));
}

test('TAGConv: output shape and toString', () => {
  const conv = new TAGConv(5, 3, { k: 3, activation: dg.relu });
  assert.equal(conv.toString(), 'TAGConv(5, 3, k=3, activation=relu)');
  assert.equal(new TAGConv(2, 4, { bias: false }).toString(), 'TAGConv(2, 4, k=2, bias=false)');
  assert.deepEqual([...conv.lin.weight.shape], [3, 20]);
  const g = mediumGraph(), x = dg.randn([10, 5]);
  const out = conv.forward(g, x);
  assert.deepEqual([...out.shape], [10, 3]);
  expectClose(conv.forward(g.sparse(), x), out, { atol: 0 });
  assert.ok([...out.data].every((v) => v >= 0));
  assert.deepEqual([...new TAGConv(4, 2, { k: 0 }).forward(mediumGraph(), dg.randn([10, 4])).shape], [10, 2]);
});

test('TAGConv: builtin path equals the UDF formulation, propagate-first (in <= out) and Horner (in > out), edge weights', () => forEachBackend(() => {
  const g = mediumGraph();
  for (const [fin, fout] of [[2, 3], [4, 2]]) {
    for (const weighted of [false, true]) {
      const conv = new TAGConv(fin, fout, { k: 3, dtype: 'float64' });
      const x = f64([10, fin], 3, true);
      const w = weighted ? positive([g.numEdges()], 4) : null;
      const out = conv.forward(g, x, w);
      const ref = reference(conv, g, x, w);
      expectClose(out, ref, { atol: 1e-12 });
      const leaves = [x, conv.lin.weight, conv.lin.bias!];
      const a = gradsOf(out, leaves), b = gradsOf(ref, leaves);
      a.forEach((ga, i) => expectClose(ga, b[i], { atol: 1e-12 }));
    }
  }
}));

test('TAGConv: float64 gradcheck on a 4-node graph (inputs, weight, bias, edge weights; both evaluation orders)', () => {
  const g = fourNodeGraph();
  for (const [fin, fout] of [[2, 3], [3, 2]]) {
    const conv = new TAGConv(fin, fout, { k: 2, dtype: 'float64' });
    const x = f64([4, fin], 8, true), w = positive([6], 9, true);
    dg.gradcheck((xi) => conv.forward(g, xi), [x, conv.lin.weight, conv.lin.bias!]);
    dg.gradcheck((xi, wi) => conv.forward(g, xi, wi), [x, w, conv.lin.weight]);
  }
});

test('TAGConv: rejects blocks, bipartite graphs, wrong feature sizes and non-positive edge weights', () => {
  const conv = new TAGConv(2, 2, { dtype: 'float64' });
  assert.throws(() => conv.forward(smallBlock(), f64([5, 2], 1)), /homogeneous graph .* \(a block\)/);
  assert.throws(() => conv.forward(dg.bipartite([[0], [0]]), f64([1, 2], 1)), /homogeneous graph/);
  assert.throws(() => conv.forward(fourNodeGraph(), f64([4, 3], 1)), (e: Error) => e instanceof dg.ShapeError && /\[4, 3\]/.test(e.message));
  assert.throws(() => conv.forward(fourNodeGraph(), f64([4, 2], 1), f64([6], 2)), /non-positive edge weight/);
  assert.throws(() => conv.forward(fourNodeGraph(), f64([4, 2], 1), positive([5], 2)), /edge weights of shape \[5\] must hold one scalar per edge \(6 edges\)/);
});
