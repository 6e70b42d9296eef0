import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../../src/index.js';
import { GINConv, Linear, Sequential, ReLU } from '../../../src/nn/index.js';
import { expectClose } from '../../helpers.js';
import { f64, fourNodeGraph, gradsOf, mediumGraph, positive, smallBlock, udfAggregate } from './fixtures.js';

const tiny = (): dg.Graph => dg.graph([[0, 2, 1], [1, 1, 0]], { numNodes: 3 });
const tinyFeat = (): dg.Tensor => dg.tensor([[1, 2], [3, 4], [5, 6]], { dtype: 'float64' });

test('GINConv: hand-computed (1 + eps) h_i + aggregate on a 3-node graph, for sum / mean / max and edge weights', () => {
  const g = tiny(), x = tinyFeat();
  const run = (aggregatorType: 'sum' | 'mean' | 'max', w: dg.Tensor | null = null): dg.Tensor =>
    new GINConv({ aggregatorType, initEps: 0.5, dtype: 'float64' }).forward(g, x, w);
  // node 0 <- 1; node 1 <- 0, 2; node 2 has no in-edges (aggregates to 0).
  expectClose(run('sum'), [4.5, 7, 10.5, 14, 7.5, 9], { atol: 1e-12 });
  expectClose(run('mean'), [4.5, 7, 7.5, 10, 7.5, 9], { atol: 1e-12 });
  expectClose(run('max'), [4.5, 7, 9.5, 12, 7.5, 9], { atol: 1e-12 });
  const w = dg.tensor([2, 0.5, 1], { dtype: 'float64' });
  expectClose(run('sum', w), [4.5, 7, 9, 13, 7.5, 9], { atol: 1e-12 });
  expectClose(run('max', w), [4.5, 7, 7, 10, 7.5, 9], { atol: 1e-12 });
});

test('GINConv: output shape, toString, registered applyFunc parameters, resetParameters', () => {
  const mlp = new Sequential(new Linear(5, 8), new ReLU(), new Linear(8, 3));
  const conv = new GINConv({ applyFunc: mlp, aggregatorType: 'mean', learnEps: true, initEps: 0.1, activation: dg.relu });
  assert.equal(conv.toString(), `GINConv(applyFunc=${mlp.toString()}, aggregator=mean, initEps=0.1, learnEps=true, activation=relu)`);
  assert.equal(new GINConv().toString(), 'GINConv(applyFunc=null, aggregator=sum, initEps=0, learnEps=false)');
  const g = mediumGraph();
  const out = conv.forward(g, dg.randn([10, 5]));
  assert.deepEqual([...out.shape], [10, 3]);
  assert.ok([...out.data].every((v) => v >= 0), 'activation applied');
  assert.deepEqual([...conv.namedParameters()].map(([n]) => n), ['eps', 'applyFunc.0.weight', 'applyFunc.0.bias', 'applyFunc.2.weight', 'applyFunc.2.bias']);
  const fixed = new GINConv({ initEps: 0.3 });
  assert.equal(fixed.parameters().length, 0);
  assert.deepEqual([...fixed.namedBuffers()].map(([n]) => n), ['eps']);
  conv.eps.data[0] = 7;
  const before = Float32Array.from((mlp.children()[0] as Linear).weight.data);
  conv.resetParameters();
  expectClose(conv.eps, [0.1]);
  assert.notDeepEqual(Float32Array.from((mlp.children()[0] as Linear).weight.data), before);
  assert.throws(() => new GINConv({ aggregatorType: 'min' as 'sum' }), /aggregatorType must be one of sum, mean, max/);
});

test('GINConv: fused g-SpMM equals the UDF formulation (values and gradients), with and without edge weights', () => {
  const g = mediumGraph();
  for (const agg of ['sum', 'mean', 'max'] as const) {
    for (const weighted of [false, true]) {
      const conv = new GINConv({ aggregatorType: agg, initEps: 0.25, learnEps: true, dtype: 'float64', applyFunc: new Linear(3, 2, { dtype: 'float64' }) });
      const lin = conv.applyFunc as Linear;
      const x = f64([10, 3], 5, true), w = weighted ? positive([g.numEdges(), 1], 6, true) : null;
      const fused = conv.forward(g, x, w);
      const ref = lin.forward(dg.add(dg.mul(dg.add(conv.eps, 1), x), udfAggregate(g, x, agg, w)));
      expectClose(fused, ref, { atol: 1e-12 });
      const leaves = [x, conv.eps, lin.weight, ...(w ? [w] : [])];
      const a = gradsOf(fused, leaves), b = gradsOf(ref, leaves);
      a.forEach((ga, i) => expectClose(ga, b[i], { atol: 1e-12 }));
    }
  }
});

test('GINConv: float64 gradcheck on a 4-node graph for inputs, eps, applyFunc parameters and edge weights', () => {
  const g = fourNodeGraph();
  for (const agg of ['sum', 'mean', 'max'] as const) {
    const conv = new GINConv({ aggregatorType: agg, initEps: 0.2, learnEps: true, dtype: 'float64', applyFunc: new Linear(3, 2, { dtype: 'float64' }) });
    const lin = conv.applyFunc as Linear;
    const x = f64([4, 3], 11, true), w = positive([6], 12, true);
    dg.gradcheck((xi, ww) => conv.forward(g, xi, ww), [x, w, conv.eps, lin.weight, lin.bias!]);
    dg.gradcheck((xi) => conv.forward(g, xi), [x, conv.eps]);
  }
});

test('GINConv: bipartite pairs and blocks use the destination features for the (1 + eps) term', () => {
  const bg = dg.bipartite([[0, 1, 2, 2], [0, 0, 1, 0]], { numSrc: 3, numDst: 2 });
  const xs = f64([3, 2], 21), xd = f64([2, 2], 22);
  const conv = new GINConv({ initEps: 1, dtype: 'float64' });
  const out = conv.forward(bg, [xs, xd]);
  expectClose(out, dg.add(dg.mul(xd, 2), udfAggregate(bg, xs, 'sum')), { atol: 1e-12 });
  assert.throws(() => conv.forward(bg, xs), /bipartite \(3 source and 2 destination nodes\); pass features as a \[featSrc, featDst\] pair/);
  const block = smallBlock();
  const xb = f64([5, 2], 23);
  const ob = conv.forward(block, xb);
  assert.deepEqual([...ob.shape], [3, 2]);
  expectClose(ob, dg.add(dg.mul(dg.narrow(xb, 0, 0, 3), 2), udfAggregate(block, xb, 'sum')), { atol: 1e-12 });
});
